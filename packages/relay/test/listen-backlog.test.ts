import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { listeningDescriptor } from '../src/listen-backlog.js';
import { startTestRelay } from './support/relay.js';
import { tempDir } from './support/temp.js';

/**
 * Opens `count` TCP connections to `port` from a process of its own, and says how many finished their handshake:
 * while this process's event loop stands still, only the listening socket's accept queue can take them. The helper
 * writes its count to a file once all are in, or after `windowMs`; this thread stands still until then.
 */
async function queuedWhileStill(port: number, count: number, windowMs: number): Promise<number> {
  const result = join(tempDir('parley-backlog-'), 'count');
  const code = `
    const net = require('node:net');
    const { writeFileSync } = require('node:fs');
    const [port, count, windowMs] = process.argv.slice(1, 4).map(Number);
    const result = process.argv[4];
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      let connected = 0;
      const sockets = [];
      const report = () => {
        writeFileSync(result, String(connected));
        for (const socket of sockets) socket.destroy();
        process.exit(0);
      };
      const deadline = setTimeout(report, windowMs);
      for (let i = 0; i < count; i++) {
        const socket = net.connect({ port, host: '127.0.0.1' }, () => {
          if (++connected === count) clearTimeout(deadline), report();
        });
        socket.on('error', () => {});
        sockets.push(socket);
      }
    });`;
  const child = spawn(process.execPath, ['-e', code, String(port), String(count), String(windowMs), result], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!output.includes('ready\n')) await once(child.stdout, 'data');
  const exited = once(child, 'exit');
  child.stdin.write('go\n');
  // Nothing is accepted meanwhile: this thread waits for the helper's count, at most twice its window.
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (const started = Date.now(); !existsSync(result) && Date.now() - started < 2 * windowMs;)
    Atomics.wait(cell, 0, 0, 10);
  await exited;
  return Number(readFileSync(result, 'utf8'));
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
      return queuedWhileStill(relay.port, 1_500, 3_000);
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
