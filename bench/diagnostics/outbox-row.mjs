#!/usr/bin/env node
// A diagnostic, never a result: what one outbox job's row costs to write, alone (docs/performance.md, "Held
// jobs"). A fresh SQLite database with the relay's schema (synchronous = FULL, as the relay runs), and webhook jobs
// as a message with a webhook writes them — the relay's own rows (outboxRows) and statement (outboxInsertSql), 64
// to a transaction, over 1,000 conversations — timed in this process's CPU, per job. Variants: a payload naming
// the message instead of copying it, indexes dropped, and the JavaScript alone (building the rows, no SQL).
//
//   npm run build && node bench/diagnostics/outbox-row.mjs [--transactions 400]
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../packages/relay/dist/store/sqlite-store.js';
import { MIGRATIONS } from '../../packages/relay/dist/features/features.js';
import { outboxInsertSql, outboxRows } from '../../packages/relay/dist/store/sql/outbox-rows.js';
import { commandLine } from '../../scripts/command-line.mjs';

const Database = createRequire(new URL('../../packages/relay/package.json', import.meta.url))('better-sqlite3');
const USAGE = `Usage: node bench/diagnostics/outbox-row.mjs [--transactions 400]   (after npm run build)

A diagnostic: what one outbox job's row costs to write, alone, and in variants.

  --transactions N   transactions of 64 jobs each (default 400)`;

const { values } = commandLine({
  name: 'outbox-row',
  usage: USAGE,
  options: { transactions: { type: 'string', default: '400' } },
});
const transactions = Number(values.transactions);
const PER_TRANSACTION = 64;

const VARIANTS = {
  'the relay’s row': [],
  'a payload naming the message': [],
  'without the site index': ['DROP INDEX outbox_by_site'],
  'without the secondary indexes': [
    'DROP INDEX outbox_by_site',
    'DROP INDEX outbox_ready',
    'DROP INDEX outbox_done',
    'DROP INDEX outbox_dedupe',
  ],
  'the JavaScript alone': [],
};

const text = 'Hello, I have a question about my order number 12345, it has not arrived yet. '.repeat(2);
const conversations = Array.from({ length: 1000 }, (_, i) => `c_${(i * 7919).toString(36)}abcdefghij`);

function job(n, named) {
  const conversationId = conversations[n % conversations.length];
  const event = named
    ? { id: 'evt_abcdefghijklmnopqrstu', type: 'message.created', ref: [conversationId, n] }
    : {
        id: 'evt_abcdefghijklmnopqrstu',
        type: 'message.created',
        createdAt: Date.now(),
        siteId: 'default',
        data: {
          message: {
            id: String(n),
            conversationId,
            seq: n,
            clientId: 'cl_abcdefghijkl',
            author: { role: 'visitor', id: 'v_abcdefghijklmnop' },
            text,
            kind: 'text',
            ts: Date.now(),
          },
        },
      };
  return {
    kind: 'webhook',
    siteId: 'default',
    key: `wh_abcdefghijklmnop:${conversationId}`,
    conversationId,
    payload: { endpointId: 'wh_abcdefghijklmnop', event },
  };
}

const results = {};
// Twice over: the first pass warms the JIT and the page cache, the second is reported.
for (const [pass, [name, ddl]] of [0, 1].flatMap((p) => Object.entries(VARIANTS).map((v) => [p, v]))) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-outbox-row-'));
  const path = join(dir, 'parley.db');
  const store = new SqliteStore({ path, migrations: MIGRATIONS });
  await store.init();
  await store.close();
  const db = new Database(path);
  db.pragma('synchronous = FULL');
  for (const statement of ddl) db.exec(statement);
  const insert = db.prepare(outboxInsertSql('sqlite', PER_TRANSACTION));
  const write = db.transaction((rows) => insert.run(rows.flat()));
  const named = name === 'a payload naming the message';
  let n = 0;
  const started = process.cpuUsage();
  for (let t = 0; t < transactions; t++) {
    const rows = outboxRows(
      Array.from({ length: PER_TRANSACTION }, () => job(n++, named)),
      Date.now(),
    );
    if (name !== 'the JavaScript alone') write(rows);
  }
  const used = process.cpuUsage(started);
  if (pass === 1) results[name] = Math.round(((used.user + used.system) / n) * 100) / 100;
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ jobs: transactions * PER_TRANSACTION, cpuMicrosPerJob: results }, null, 2));
