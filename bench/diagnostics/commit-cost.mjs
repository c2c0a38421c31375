#!/usr/bin/env node
// A diagnostic, never a result: what a group commit of the SQLite store costs by its size, and the bytes it writes
// (docs/performance.md, "Issue #37, second look at target 3"). For each batch size, a fresh store in a fresh folder
// (synchronous=FULL, as the relay by default), 2,000 conversations written round robin (a batch of n messages touches
// n conversations, as the open loop (e) does at low load), warm-up commits, then measured ones: CPU µs per commit and
// per message (this process: the event loop, the checkpoint thread and the fsyncs), and the WAL and database bytes
// the process wrote per message (/proc/self/io).
//
// With --without-activity-indexes, the inbox indexes that hold a conversation's `updated_at` (by status and by
// assignee; the one by activity alone is gone since migration `store.activity-by-status`) are dropped from the store
// before it is written: what moving them at each message costs.
//
//   npm run build && node bench/diagnostics/commit-cost.mjs [--sizes 1,5,25,100,1000] [--messages 20000]
//     [--without-activity-indexes]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMessage, openBenchStore } from './bench-store.mjs';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node bench/diagnostics/commit-cost.mjs [--sizes 1,5,25,100,1000] [--messages 20000]
         [--without-activity-indexes]   (after npm run build)

A diagnostic: CPU per group commit of the SQLite store, and per message, by the number of messages in a commit.

  --sizes LIST                  messages per commit, comma-separated (default 1,5,25,100,1000)
  --messages N                  messages measured per size (default 20000; as many again warm up)
  --without-activity-indexes    drop the inbox's updated_at indexes first (what they cost per message)`;

const { values } = commandLine({
  name: 'commit-cost',
  usage: USAGE,
  options: {
    sizes: { type: 'string', default: '1,5,25,100,1000' },
    messages: { type: 'string', default: '20000' },
    'without-activity-indexes': { type: 'boolean', default: false },
  },
});
/** The indexes each message moves in its conversation's row (core-migrations.ts), besides the message's own. */
const ACTIVITY_INDEXES = ['conversations_by_status', 'conversations_by_assignee'];
const sizes = values.sizes.split(',').map(Number);
const messages = Number(values.messages);
const conversations = 2000;

/** Bytes this process has caused to be written to storage so far. */
const writtenBytes = () => Number(/^write_bytes: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);

console.log('| messages per commit | CPU µs per commit | CPU µs per message | KiB written per message |');
console.log('| ---: | ---: | ---: | ---: |');
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-commit-cost-'));
  const store = await openBenchStore(join(dir, 'parley.db'));
  if (values['without-activity-indexes']) {
    // A connection of the diagnostic's own (WAL: the store's sees the schema change at its next statement).
    const Database = createRequire(join(import.meta.dirname, '../../packages/relay/package.json'))('better-sqlite3');
    const db = new Database(join(dir, 'parley.db'));
    for (const index of ACTIVITY_INDEXES) db.exec(`DROP INDEX ${index}`);
    db.close();
  }
  let n = 0;
  const commit = () => Promise.all(Array.from({ length: size }, () => store.append(benchMessage(n++, conversations))));
  // Every conversation exists and has been written once before the window opens.
  const commits = Math.max(1, Math.round(messages / size));
  for (let i = 0; i < Math.max(commits, Math.ceil(conversations / size)); i++) await commit();
  const bytes0 = writtenBytes();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < commits; i++) await commit();
  const cpu = process.cpuUsage(cpu0);
  const bytes = writtenBytes() - bytes0;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const us = cpu.user + cpu.system;
  console.log(
    `| ${size} | ${(us / commits).toFixed(0)} | ${(us / (commits * size)).toFixed(1)} | ${(bytes / 1024 / (commits * size)).toFixed(1)} |`,
  );
}
