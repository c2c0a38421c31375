import { CLOSES } from '@parley/protocol';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TestClient } from './support/client.js';

const fixture = fileURLToPath(new URL('./fixtures/relay-process.ts', import.meta.url));
const siteKey = 'pk_test_process';
const adminToken = 'st_admin_test_process_0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'parley-process-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the relay in a child process on `port` (0 = any) and resolves once it listens. */
async function spawnRelay(port = 0): Promise<{ child: ChildProcess; port: number; url: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
    env: {
      ...process.env,
      PARLEY_PORT: String(port),
      PARLEY_HOST: '127.0.0.1',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_LOG_LEVEL: 'warn',
      PARLEY_RATE_LIMIT_BURST: '0',
      PARLEY_IP_RATE_LIMIT_BURST: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`relay exited early with ${code}`)));
  });
  const listening = (JSON.parse(line) as { port: number }).port;
  return { child, port: listening, url: `ws://127.0.0.1:${listening}/v1/ws` };
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('relay process', () => {
  it('keeps every acknowledged message when the relay is killed with SIGKILL mid-stream', async () => {
    const first = await spawnRelay();
    const { client, welcome } = await TestClient.hello(first.url, { siteKey });
    const conversationId = welcome.conversationId!;
    // Keep sending without waiting; kill the process once a few hundred acks are in, with more in flight.
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 50 && sent < 5000; i++)
        client.send({ type: 'send', id: `k-${++sent}`, text: `message ${sent}` });
    }, 1);
    await client.collect('ack', 300, 20_000);
    first.child.kill('SIGKILL');
    clearInterval(pump);
    await exited(first.child);
    await client.closed;
    const acked = client.frames.filter((frame) => frame.type === 'ack');
    assert.ok(acked.length >= 300 && sent > acked.length, `acked ${acked.length} of ${sent} sent`);

    const second = await spawnRelay();
    try {
      const { client: back, welcome: again } = await TestClient.hello(second.url, {
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
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });

  it('on SIGTERM stops accepting, acknowledges what it stored, closes sockets with 1001 and exits 0', async () => {
    const relay = await spawnRelay();
    const { client } = await TestClient.hello(relay.url, { siteKey });
    for (let i = 1; i <= 200; i++) client.send({ type: 'send', id: `t-${i}`, text: `bye ${i}` });
    await client.next('ack');
    relay.child.kill('SIGTERM');
    const closed = await client.closed;
    assert.equal(closed.code, CLOSES.going_away.code);
    assert.deepEqual(await exited(relay.child), { code: 0, signal: null });
    const acked = client.frames.filter((frame) => frame.type === 'ack');

    const again = await spawnRelay();
    try {
      const { client: staff } = await TestClient.hello(again.url, { staffToken: adminToken });
      const conversationId = acked[0]!.conversationId;
      staff.send({ type: 'history', ref: 'all', conversationId, after: 0, limit: 100 });
      const page = await staff.next('history');
      const stored = new Set(page.messages.map((m) => m.clientId));
      for (const ack of acked.slice(0, 100)) assert.ok(stored.has(ack.id), `acked ${ack.id} must be stored`);
      staff.close();
    } finally {
      again.child.kill('SIGTERM');
      await exited(again.child);
    }
  });
});
