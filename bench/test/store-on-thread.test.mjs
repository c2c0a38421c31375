// The writer-thread diagnostic (bench/diagnostics/store-on-thread.mjs, `node bench/run.mjs --store-on-thread`)
// answers a relay's appends with what a SqliteStore on a worker thread stored, and the relay's own file gets none.
// Run in a child process: the diagnostic patches SqliteStore for the whole process and starts a thread.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const relayDist = new URL('../../packages/relay/dist/', import.meta.url).href;

// What the child runs: a store as the relay opens it, three appends in one turn, a resend, then both files counted.
const script = `
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteStore } from '${relayDist}store/sqlite-store.js';
import { MIGRATIONS } from '${relayDist}features/features.js';
const dir = process.env.PARLEY_DATA_DIR;
const store = new SqliteStore({ path: join(dir, 'parley.db'), migrations: MIGRATIONS });
await store.init();
const input = (n) => ({
  siteId: 'site_1', conversationId: 'conv_1', visitorId: 'visitor_1', clientId: 'm' + n,
  author: { role: 'visitor', id: 'visitor_1' }, text: 'hello ' + n, kind: 'text',
});
const first = await Promise.all([1, 2, 3].map((n) => store.append(input(n))));
const resend = await store.append(input(2));
const refused = await store.append({ ...input(4), kind: 'shout' }).then(() => 'stored', (error) => error.message);
const count = (file) => new Database(join(dir, file), { readonly: true }).prepare('SELECT count(*) AS n FROM messages').get().n;
console.log(JSON.stringify({
  seqs: first.map((r) => r.message.seq),
  texts: first.map((r) => r.message.text),
  resend: { duplicate: resend.duplicate, seq: resend.message.seq },
  refused,
  stats: store.stats,
  onThread: count('writer-thread.db'),
  inRelayFile: count('parley.db'),
}));
process.exit(0);
`;

describe('the writer-thread diagnostic', () => {
  it("answers appends with what the worker's store wrote, in its own file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-on-thread-'));
    try {
      const child = spawnSync(
        process.execPath,
        ['--import', './bench/diagnostics/store-on-thread.mjs', '--input-type=module', '-e', script],
        { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, PARLEY_DATA_DIR: dir } },
      );
      assert.equal(child.status, 0, child.stderr);
      const answer = JSON.parse(child.stdout.trim().split('\n').at(-1));
      assert.deepEqual(answer.seqs, [1, 2, 3]);
      assert.deepEqual(answer.texts, ['hello 1', 'hello 2', 'hello 3']);
      assert.deepEqual(answer.resend, { duplicate: true, seq: 2 });
      assert.match(answer.refused, /unknown kind shout/);
      // The worker's counts reach the relay's metrics: three in one commit, the resend in a second; the refused
      // append is refused by the worker's store before it is queued.
      assert.deepEqual(answer.stats, { batches: 2, appends: 4, failedBatches: 0 });
      assert.equal(answer.onThread, 3);
      assert.equal(answer.inRelayFile, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
