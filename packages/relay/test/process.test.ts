import { CLOSES } from '@parley/protocol';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';

const siteKey = 'pk_test_process';
const adminToken = 'st_admin_test_process_0123456789';
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
  it('refuses to start on the JavaScript fallback of uWebSockets.js: exit 69, saying which Node.js to use, and opens nothing', async () => {
    const dir = tempDir('parley-no-native-');
    // UWS_USE_FALLBACK makes the package load its JavaScript server, as it does on a Node.js it has no binary for.
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', fileURLToPath(new URL('../src/main.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          UWS_USE_FALLBACK: '1',
          PARLEY_PORT: '0',
          PARLEY_HOST: '127.0.0.1',
          PARLEY_DATA_DIR: dir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 69);
    assert.match(stderr, /native uWebSockets\.js server is not available/);
    assert.match(stderr, /Node\.js 20/);
    assert.match(stderr, /overrides/);
    assert.doesNotMatch(stdout, /Parley relay on/);
    assert.deepEqual(readdirSync(dir), [], 'no database or credentials were created');
  });
});
