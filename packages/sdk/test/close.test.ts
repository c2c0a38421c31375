// close() is safe in every state, in Node with `ws` (the README's bot example): `ws` emits an 'error' when a socket
// still connecting is closed, and an 'error' nobody listens to ends the process. Each test closes in one state,
// then waits for every socket the client made to be closed, so an error emitted on the way fails the test.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRelay, type RunningRelay } from '@parley/relay';
import WebSocket, { WebSocketServer } from 'ws';
import { ParleyClient } from '../src/index.js';
import { StaffClient } from '../src/staff.js';
import type { WebSocketConstructor } from '../src/types.js';
import { until } from './until.js';

const SITE_KEY = 'pk_test_sdk_close';
const ADMIN_TOKEN = 'st_admin_test_sdk_close';

/** `ws`, recording every socket it makes. */
function recordingWebSocket() {
  const sockets: WebSocket[] = [];
  class Recording extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructor, sockets };
}

/** Waits until every socket is closed (its 'close' event has been emitted, after any 'error'). */
async function allClosed(sockets: readonly WebSocket[]): Promise<void> {
  // Not events.once, which listens for 'error' too and so would hide the very error this looks for.
  await Promise.all(
    sockets.map((socket) =>
      socket.readyState === WebSocket.CLOSED
        ? Promise.resolve()
        : new Promise((resolve) => socket.once('close', resolve)),
    ),
  );
  // 'error' and 'close' come from the same tick in ws; one more turn lets anything queued after them run.
  await new Promise((resolve) => setImmediate(resolve));
}

function visitor(url: string, WebSocket: WebSocketConstructor, backoffMs = 20): ParleyClient {
  return new ParleyClient({
    url,
    WebSocket,
    siteKey: SITE_KEY,
    storage: 'memory',
    backoff: { minMs: backoffMs, maxMs: backoffMs },
  });
}

describe('close() in every state, in Node with ws', () => {
  let dataDir: string;
  let relay: RunningRelay;
  /** Accepts TCP connections and never answers the upgrade: a socket dialling it stays connecting. */
  let silent: Server;
  const held: Socket[] = [];
  /** Upgrades with parley.v1 and never answers the hello: a client dialling it stays handshaking. */
  let mute: WebSocketServer;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-sdk-close-'));
    relay = await startRelay({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      siteKey: SITE_KEY,
      adminToken: ADMIN_TOKEN,
      allowedOrigins: ['*'],
      logLevel: 'silent',
    });
    silent = createServer((socket) => held.push(socket)).listen(0, '127.0.0.1');
    mute = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'parley.v1' });
    await Promise.all([once(silent, 'listening'), once(mute, 'listening')]);
  });

  after(async () => {
    for (const socket of held) socket.destroy();
    silent.close();
    for (const client of mute.clients) client.terminate();
    mute.close();
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const port = (server: { address(): unknown }): number => (server.address() as { port: number }).port;

  it('idle: closes a client that never connected', async () => {
    const recording = recordingWebSocket();
    const client = visitor(relay.wsUrl, recording.WebSocket);
    assert.equal(client.state, 'idle');
    client.close();
    assert.equal(client.state, 'closed');
    assert.equal(recording.sockets.length, 0);
  });

  it('connecting: connect() then close() at once, against the real relay', async () => {
    const recording = recordingWebSocket();
    const client = visitor(relay.wsUrl, recording.WebSocket);
    client.connect();
    assert.equal(recording.sockets[0]!.readyState, WebSocket.CONNECTING);
    client.close();
    assert.equal(client.state, 'closed');
    await allClosed(recording.sockets);
  });

  it('connecting: the upgrade never answered', async () => {
    const recording = recordingWebSocket();
    const client = visitor(`ws://127.0.0.1:${port(silent)}/v1/ws`, recording.WebSocket);
    client.connect();
    await new Promise<void>((resolve) => silent.once('connection', () => resolve()));
    assert.equal(client.state, 'connecting');
    assert.equal(recording.sockets[0]!.readyState, WebSocket.CONNECTING);
    client.close();
    await allClosed(recording.sockets);
    assert.equal(client.state, 'closed');
  });

  it('handshaking: the socket is open and the hello sent, no welcome yet', async () => {
    const recording = recordingWebSocket();
    const client = visitor(`ws://127.0.0.1:${port(mute)}/v1/ws`, recording.WebSocket);
    const hello = new Promise<string>((resolve) =>
      mute.once('connection', (socket) => socket.once('message', (data) => resolve(String(data)))),
    );
    client.connect();
    assert.equal(JSON.parse(await hello).type, 'hello');
    assert.equal(client.state, 'connecting');
    assert.equal(recording.sockets[0]!.readyState, WebSocket.OPEN);
    client.close();
    await allClosed(recording.sockets);
    assert.equal(client.state, 'closed');
  });

  it('open: welcomed by the relay', async () => {
    const recording = recordingWebSocket();
    const client = visitor(relay.wsUrl, recording.WebSocket);
    client.connect();
    await client.ready();
    assert.equal(client.state, 'open');
    client.close();
    await allClosed(recording.sockets);
    assert.equal(client.state, 'closed');
  });

  it('reconnecting: waiting out the backoff after a failed attempt', async () => {
    const recording = recordingWebSocket();
    // Nothing listens on port 9: each attempt fails at once, then the client waits a long backoff.
    const client = visitor('ws://127.0.0.1:9/v1/ws', recording.WebSocket, 60_000);
    client.connect();
    await until(client, () => client.state === 'reconnecting', 'reconnecting');
    client.close();
    await allClosed(recording.sockets);
    assert.equal(client.state, 'closed');
    assert.equal(recording.sockets.length, 1, 'no attempt after close()');
  });

  it('reconnecting: the next attempt is still connecting', async () => {
    const recording = recordingWebSocket();
    const client = visitor(`ws://127.0.0.1:${port(silent)}/v1/ws`, recording.WebSocket);
    client.connect();
    await new Promise<void>((resolve) => silent.once('connection', () => resolve()));
    // The server goes away under the first attempt; the client retries into the same silence.
    held.at(-1)!.destroy();
    await until(client, () => client.state === 'reconnecting', 'reconnecting');
    await new Promise<void>((resolve) => silent.once('connection', () => resolve()));
    assert.equal(recording.sockets.at(-1)!.readyState, WebSocket.CONNECTING);
    client.close();
    await allClosed(recording.sockets);
    assert.equal(client.state, 'closed');
  });

  it('closed: a second close(), and a staff client closed twice while connecting', async () => {
    const recording = recordingWebSocket();
    const client = visitor(relay.wsUrl, recording.WebSocket);
    client.connect();
    await client.ready();
    client.close();
    client.close();
    const staff = new StaffClient({
      url: relay.wsUrl,
      WebSocket: recording.WebSocket,
      token: ADMIN_TOKEN,
      storage: 'memory',
    });
    staff.connect();
    staff.close();
    staff.close();
    await allClosed(recording.sockets);
    assert.equal(client.state, 'closed');
    assert.equal(staff.state, 'closed');
  });
});
