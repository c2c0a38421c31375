import { expect } from '@open-wc/testing';
import { ParleyClient } from '../../src/index.js';
import type { WebSocketConstructor } from '../../src/types.js';
import { relayInfo, until } from './helpers.js';

const relay = await relayInfo();

/**
 * The browser's WebSocket, recording every socket it makes; with `muteHello`, the hello is never sent, so the
 * client stays handshaking on an open socket.
 */
function recordingWebSocket(muteHello = false) {
  const sockets: WebSocket[] = [];
  class Recording extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }

    override send(data: string): void {
      if (muteHello && data.includes('"type":"hello"')) return;
      super.send(data);
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructor, sockets };
}

/** Waits until every socket has closed, then one more task, for anything queued behind the close events. */
async function allClosed(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map((socket) =>
      socket.readyState === WebSocket.CLOSED
        ? Promise.resolve()
        : new Promise((resolve) => socket.addEventListener('close', resolve, { once: true })),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function visitor(WebSocket: WebSocketConstructor, url = relay.wsUrl, backoffMs = 20): ParleyClient {
  return new ParleyClient({
    url,
    WebSocket,
    siteKey: relay.siteKey,
    storage: 'memory',
    tabs: false,
    backoff: { minMs: backoffMs, maxMs: backoffMs },
  });
}

describe('close() in every state, in the browser', () => {
  let uncaught: unknown[] = [];
  const onError = (event: ErrorEvent): void => void uncaught.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent): void => void uncaught.push(event.reason);
  beforeEach(() => {
    uncaught = [];
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    expect(uncaught).to.deep.equal([]);
  });

  /** Closes `client`, checks it is closed and stays closed with every socket closed and nothing emitted after. */
  async function closeAndCheck(client: ParleyClient, sockets: readonly WebSocket[]): Promise<void> {
    client.close();
    expect(client.state).to.equal('closed');
    await allClosed(sockets);
    expect(client.state).to.equal('closed');
  }

  it('idle', async () => {
    const recording = recordingWebSocket();
    const client = visitor(recording.WebSocket);
    await closeAndCheck(client, recording.sockets);
    expect(recording.sockets).to.have.length(0);
  });

  it('connecting: connect() then close() at once', async () => {
    const recording = recordingWebSocket();
    const client = visitor(recording.WebSocket);
    client.connect();
    expect(recording.sockets[0]!.readyState).to.equal(WebSocket.CONNECTING);
    await closeAndCheck(client, recording.sockets);
  });

  it('handshaking: the socket open, no welcome yet', async () => {
    const recording = recordingWebSocket(true);
    const client = visitor(recording.WebSocket);
    client.connect();
    await new Promise((resolve) => recording.sockets[0]!.addEventListener('open', resolve, { once: true }));
    expect(client.state).to.equal('connecting');
    await closeAndCheck(client, recording.sockets);
  });

  it('open', async () => {
    const recording = recordingWebSocket();
    const client = visitor(recording.WebSocket);
    client.connect();
    await client.ready();
    await closeAndCheck(client, recording.sockets);
  });

  it('reconnecting: waiting out the backoff after a failed attempt', async () => {
    const recording = recordingWebSocket();
    // Nothing listens on port 9: the attempt fails, then the client waits a long backoff.
    const client = visitor(recording.WebSocket, 'ws://127.0.0.1:9/v1/ws', 60_000);
    client.connect();
    await until(client, () => client.state === 'reconnecting', 'reconnecting');
    await closeAndCheck(client, recording.sockets);
    expect(recording.sockets).to.have.length(1);
  });

  it('closed: close() twice, and ready() then rejects', async () => {
    const recording = recordingWebSocket();
    const client = visitor(recording.WebSocket);
    client.connect();
    await client.ready();
    client.close();
    await closeAndCheck(client, recording.sockets);
    let rejected = false;
    await client.ready().catch(() => (rejected = true));
    expect(rejected).to.equal(true);
  });
});
