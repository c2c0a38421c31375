import { CLOSES } from '@parley/protocol';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { adminToken, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { TS_NODE_ARGS } from './support/ts-process.js';

const dataDir = tempDir('parley-process-');

/** Starts the relay in a child process on `port` (0 = any) and resolves once it listens. */
function spawnRelay(port = 0): Promise<RelayProcess> {
  return RelayProcess.start({
    PARLEY_PORT: String(port),
    PARLEY_DATA_DIR: dataDir,
    PARLEY_SITE_KEY: siteKey,
    PARLEY_ADMIN_TOKEN: adminToken,
    PARLEY_RATE_LIMIT_BURST: '0',
    PARLEY_IP_RATE_LIMIT_BURST: '0',
  });
}

describe('relay process', () => {
  it('keeps every acknowledged message when the relay is killed with SIGKILL mid-stream', async () => {
    const first = await spawnRelay();
    const { client, welcome } = await TestClient.hello(first.wsUrl, { siteKey });
    const conversationId = welcome.conversationId!;
    // Keep sending without waiting, and go on until the socket is gone: the kill lands with frames in flight. (The
    // pump used to stop as the signal was sent, and a fast relay then acknowledged everything before it died.)
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 50 && sent < 20_000 && client.ws.readyState === client.ws.OPEN; i++)
        client.send({ type: 'send', id: `k-${++sent}`, text: `message ${sent}` });
    }, 1);
    await client.collect('ack', 300, 20_000);
    await first.kill('SIGKILL');
    await client.closed;
    clearInterval(pump);
    const acked = client.frames.filter((frame) => frame.type === 'ack');
    assert.ok(acked.length >= 300 && sent > acked.length, `acked ${acked.length} of ${sent} sent`);

    const second = await spawnRelay();
    try {
      const { client: back, welcome: again } = await TestClient.hello(second.wsUrl, {
        siteKey,
        visitorToken: welcome.visitorToken!,
        resume: { [conversationId]: 0 },
      });
      assert.equal(again.conversationId, conversationId);
      assert.ok(again.lastSeq! >= acked.length);
      const replayed = await back.collect('message', again.lastSeq!, 20_000);
      const bySeq = new Map(replayed.map((frame) => [frame.message.seq, frame.message]));
      // Gap-free, and every ack names a stored message with the same client id.
      assert.deepEqual(
        [...bySeq.keys()],
        Array.from({ length: again.lastSeq! }, (_, i) => i + 1),
      );
      for (const ack of acked) assert.equal(bySeq.get(ack.seq)?.clientId, ack.id);
      // No client id was stored twice.
      const clientIds = new Set(replayed.map((frame) => frame.message.clientId));
      assert.equal(clientIds.size, replayed.length);
      back.close();
    } finally {
      await second.kill('SIGTERM');
    }
  });

  it('on SIGTERM stops accepting, acknowledges what it stored, closes sockets with 1001 and exits 0', async () => {
    const relay = await spawnRelay();
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
    for (let i = 1; i <= 200; i++) client.send({ type: 'send', id: `t-${i}`, text: `bye ${i}` });
    await client.next('ack');
    const stopped = relay.kill('SIGTERM');
    const closed = await client.closed;
    assert.equal(closed.code, CLOSES.going_away.code);
    assert.deepEqual(await stopped, { code: 0, signal: null });
    const acked = client.frames.filter((frame) => frame.type === 'ack');

    const again = await spawnRelay();
    try {
      const { client: staff } = await TestClient.hello(again.wsUrl, { staffToken: adminToken });
      const conversationId = acked[0]!.conversationId;
      staff.send({ type: 'history', ref: 'all', conversationId, after: 0, limit: 100 });
      const page = await staff.next('history');
      const stored = new Set(page.messages.map((m) => m.clientId));
      for (const ack of acked.slice(0, 100)) assert.ok(stored.has(ack.id), `acked ${ack.id} must be stored`);
      staff.close();
    } finally {
      await again.kill('SIGTERM');
    }
  });
});

describe('relay process: native or nothing', () => {
  /** Runs the relay's entry point with `args` before it and `env`; kills it if it is still running after 30 s. */
  async function refused(nodeArgs: readonly string[], env: Record<string, string>) {
    const dir = tempDir('parley-no-native-');
    const child = spawn(
      process.execPath,
      [...nodeArgs, ...TS_NODE_ARGS, fileURLToPath(new URL('../src/main.ts', import.meta.url))],
      {
        env: { ...process.env, ...env, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_DATA_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // A relay that starts after all would run until killed: the test ends, and takes the relay with it.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    try {
      return { code: await exited, stdout, stderr, files: readdirSync(dir) };
    } finally {
      clearTimeout(deadline);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  it('refuses to start when no uWebSockets.js binary loads (too old a glibc): exit 69, saying what each Node.js line needs, and opens nothing', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/no-uws-binary.cjs', import.meta.url));
    const result = await refused(['--require', fixture], {});
    assert.equal(result.code, 69, result.stderr);
    assert.match(result.stderr, /native uWebSockets\.js server is not available for Node\.js v\d+/);
    assert.match(result.stderr, /Node\.js 22 \(22\.13 or later\): glibc 2\.34\+/);
    assert.match(result.stderr, /Node\.js 24: glibc 2\.38\+ \(e\.g\. Debian 13, Ubuntu 24\.04\)/);
    assert.match(result.stderr, /GLIBC_2\.38' not found/, "the loader's own reason is passed on");
    assert.match(result.stderr, /overrides/);
    assert.doesNotMatch(result.stdout, /Parley relay on/);
    assert.deepEqual(result.files, [], 'no database or credentials were created');
  });

  it('refuses Node.js 20 (end of life): exit 69, naming the supported lines, and opens nothing', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/pretend-node-20.cjs', import.meta.url));
    const result = await refused(['--require', fixture], {});
    assert.equal(result.code, 69, result.stderr);
    assert.match(result.stderr, /Node\.js v20\.20\.2 is not supported: Parley needs Node\.js 22\.13 or later/);
    assert.match(result.stderr, /Node\.js 24: glibc 2\.38\+/);
    assert.doesNotMatch(result.stdout, /Parley relay on/);
    assert.deepEqual(result.files, [], 'no database or credentials were created');
  });
});
