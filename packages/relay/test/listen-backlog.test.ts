import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { after, describe, test } from 'node:test';
import { listeningDescriptor } from '../src/listen-backlog.js';
import { startTestRelay } from './support/relay.js';

/**
 * Opens `count` TCP connections to `port` from a process of its own once told to (a line on its stdin), and says
 * how many finished their handshake within `windowMs`: while this process's event loop stands still, only the
 * listening socket's accept queue can take them.
 */
async function burst(port: number, count: number, windowMs: number): Promise<() => Promise<number>> {
  const code = `
    const net = require('node:net');
    const [port, count, windowMs] = process.argv.slice(1).map(Number);
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      let connected = 0;
      const sockets = [];
      for (let i = 0; i < count; i++) {
        const socket = net.connect({ port, host: '127.0.0.1' }, () => connected++);
        socket.on('error', () => {});
        sockets.push(socket);
      }
      setTimeout(() => {
        process.stdout.write(connected + '\\n');
        for (const socket of sockets) socket.destroy();
        process.exit(0);
      }, windowMs);
    });`;
  const child = spawn(process.execPath, ['-e', code, String(port), String(count), String(windowMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!output.includes('ready\n')) await once(child.stdout, 'data');
  child.stdin.write('go\n');
  return async () => {
    if (child.exitCode === null) await once(child, 'exit');
    return Number(output.split('\n')[1]);
  };
}

/** Holds this thread (and its event loop: nothing is accepted) for `ms`. */
function standStill(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('the accept queue', { skip: process.platform !== 'linux' && 'reads /proc (Linux)' }, () => {
  test('listeningDescriptor finds the listening socket of a port, and nothing for a port without one', async (t) => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const { port } = server.address() as { port: number };
    const fd = listeningDescriptor(port);
    assert.equal(typeof fd, 'number');
    // Node.js's handle holds the same descriptor.
    assert.equal(fd, (server as unknown as { _handle: { fd: number } })._handle.fd);
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const { port: free } = spare.address() as { port: number };
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    assert.equal(listeningDescriptor(free), undefined);
  });

  describe('a burst of 1,500 connections while the relay does not accept', () => {
    const relays: Array<{ close(): Promise<void> }> = [];
    after(async () => {
      for (const relay of relays) await relay.close();
    });

    /** How many of 1,500 connections made it into the queue while the relay's event loop stood still. */
    async function queued(options: { listenBacklog?: number }): Promise<number> {
      const relay = await startTestRelay(options);
      relays.push(relay);
      const counted = await burst(relay.port, 1_500, 1_500);
      standStill(2_500);
      return counted();
    }

    test('all get in by default (a queue of 4,096)', async (t) => {
      const count = await queued({});
      t.diagnostic(`${count} connections got in`);
      assert.equal(count, 1_500);
    });

    test("about 512 get in with PARLEY_LISTEN_BACKLOG=0 (uWebSockets.js's own queue)", async (t) => {
      const count = await queued({ listenBacklog: 0 });
      t.diagnostic(`${count} connections got in`);
      assert.ok(count >= 400 && count < 1_000, `${count} connections got in`);
    });
  });
});
