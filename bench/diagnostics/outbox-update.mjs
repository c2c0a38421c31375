#!/usr/bin/env node
// A diagnostic, never a result: what the outbox worker's two writes per job (the claim, and the outcome with the next
// claim in its transaction) cost the admin connection, by the size of the job's row (docs/performance.md, "Webhook
// delivery, warm"). A fresh SQLite database with the relay's schema, opened as the relay opens its admin side
// (`openSqliteAdminDb`: secure_delete on, the relay's pragmas), `--jobs` jobs carrying (w)'s events over 1,000 keys
// (the later jobs of a key held behind the first, as (w) writes them), then claimed 64 at a time and settled as
// delivered through the outbox repository until none is left, timed in this thread's CPU (`process.threadCpuUsage`),
// per job, and apart the CPU of writing the jobs. SQLite rewrites a whole row on every update, so while the payload
// was in the job's row each of the two writes copied it again (and secure_delete cleared the old copy); since
// migration `outbox.payloads` it is written once, in a table of its own, and read with the claim. The variants differ
// only in the payload's size.
//
//   npm run build && node bench/diagnostics/outbox-update.mjs [--jobs 20000] [--runs 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../packages/relay/dist/store/sqlite-store.js';
import { openSqliteAdminDb } from '../../packages/relay/dist/store/sqlite-admin-db.js';
import { ERASURE_PLAN, MIGRATIONS } from '../../packages/relay/dist/features/features.js';
import { DEFAULT_SITE_ID } from '../../packages/relay/dist/store/store.js';
import { commandLine } from '../../scripts/command-line.mjs';
import { BENCH_MESSAGE_TEXT, benchWebhookEvent } from '../lib/webhook-event.mjs';

const USAGE = `Usage: node bench/diagnostics/outbox-update.mjs [--jobs 20000] [--runs 3]   (after npm run build)

A diagnostic: the outbox worker's claim and outcome writes per job, thread CPU, by the size of the job's payload.

  --jobs N   jobs written, then claimed and settled (default 20000)
  --runs N   runs of each variant, alternating (default 3); the median is printed`;

const { values } = commandLine({
  name: 'outbox-update',
  usage: USAGE,
  options: { jobs: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' } },
  check: ({ values }) => {
    for (const flag of ['jobs', 'runs'])
      if (!/^[1-9]\d*$/.test(values[flag])) throw new Error(`--${flag} takes a positive whole number`);
  },
});
const jobs = Number(values.jobs);
const runs = Number(values.runs);
const PER_CLAIM = 64;
const KEYS = 1000;

const ENDPOINT_ID = 'wh_abcdefghijklmnop';
/**
 * Job `n`'s payload: the event (w) writes, its message of `text`; or, with `text` null, one naming its message
 * instead of carrying it.
 */
function payload(n, text) {
  const { conversationId, event } = benchWebhookEvent({
    prefix: 'bench',
    i: n,
    conversations: KEYS,
    now: 1_764_000_000_000,
    ...(text !== null ? { text } : {}),
  });
  const body = text !== null ? event : { id: event.id, type: event.type, ref: [conversationId, n] };
  return { conversationId, payload: { endpointId: ENDPOINT_ID, event: body } };
}

/** The message's text in each variant's events (null: the payload names the message instead of carrying it). */
const VARIANTS = {
  'a webhook event, a 186-character message (as (w))': BENCH_MESSAGE_TEXT,
  'a webhook event, a 4,000-character message (the longest)': BENCH_MESSAGE_TEXT.repeat(22).slice(0, 4000),
  'a payload naming its message': null,
};

async function run(text) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-outbox-update-'));
  const path = join(dir, 'parley.db');
  const store = new SqliteStore({ path, migrations: MIGRATIONS });
  try {
    await store.init();
    await store.upsertSite({
      id: DEFAULT_SITE_ID,
      name: 'Bench',
      siteKey: 'pk_outbox_update',
      allowedOrigins: ['*'],
      identitySecret: 'identity-secret-0123456789',
      requireIdentity: false,
    });
    const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
    try {
      const { outbox } = admin.repos;
      const now = 1_764_000_000_000;
      let bytes = 0;
      let writing = { user: 0, system: 0 };
      for (let n = 0; n < jobs; n += 500) {
        const items = [];
        for (let i = n; i < Math.min(jobs, n + 500); i++) {
          const { conversationId, payload: body } = payload(i, text);
          bytes += JSON.stringify(body).length;
          items.push({
            kind: 'webhook',
            siteId: DEFAULT_SITE_ID,
            key: `${ENDPOINT_ID}:${conversationId}`,
            conversationId: null,
            payload: body,
          });
        }
        const before = process.threadCpuUsage();
        await outbox.enqueueOutbox(items, now);
        const used = process.threadCpuUsage(before);
        writing = { user: writing.user + used.user, system: writing.system + used.system };
      }
      const claim = { kinds: ['webhook'], now: now + 1, leaseUntil: now + 60_000, limit: PER_CLAIM };
      const started = process.threadCpuUsage();
      let claimed = await outbox.claimOutbox(claim.kinds, claim.now, claim.leaseUntil, claim.limit);
      let settled = 0;
      while (claimed.length > 0) {
        settled += claimed.length;
        const outcomes = claimed.map((job) => ({
          id: job.id,
          status: 'delivered',
          at: now + 2,
          detail: 'HTTP 204',
          error: null,
        }));
        claimed = await outbox.settleOutbox(outcomes, claim);
      }
      const used = process.threadCpuUsage(started);
      if (settled !== jobs) throw new Error(`settled ${settled} of ${jobs} jobs`);
      return {
        cpuMicrosPerJob: (used.user + used.system) / jobs,
        writeMicrosPerJob: (writing.user + writing.system) / jobs,
        payloadBytes: Math.round(bytes / jobs),
      };
    } finally {
      await admin.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// A warm-up run of each, then the variants alternating, so that neither always runs on a warmer machine.
const seen = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
for (const text of Object.values(VARIANTS)) await run(text);
for (let r = 0; r < runs; r++) {
  const names = Object.keys(VARIANTS);
  for (const name of r % 2 === 0 ? names : names.reverse()) seen[name].push(await run(VARIANTS[name]));
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const round = (x) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify(
    {
      jobs,
      runs,
      variants: Object.fromEntries(
        Object.entries(seen).map(([name, list]) => [
          name,
          {
            payloadBytes: list[0].payloadBytes,
            cpuMicrosPerJob: round(median(list.map((r) => r.cpuMicrosPerJob))),
            eachRun: list.map((r) => round(r.cpuMicrosPerJob)),
            // Writing the jobs (in transactions of 500, as a cause's would), apart from the worker's two writes.
            writeMicrosPerJob: round(median(list.map((r) => r.writeMicrosPerJob))),
          },
        ]),
      ),
    },
    null,
    2,
  ),
);
