// (w) Webhook delivery (issue #37, target 5): what one webhook delivery costs the relay, and how many it makes per
// second, to a receiver on loopback (bench/peers/webhook-receiver.mjs, its own process).
//
// The relay (SQLite) runs with one webhook endpoint pointing at the receiver. While it is idle, the bench writes N
// webhook jobs straight into its outbox table, in one transaction from its own connection (the rows the relay's
// webhooks write: a `message.created` event of ~500 bytes, keyed by endpoint and conversation, the later jobs of a
// key held behind the first), so the relay's CPU in the window is the delivery path alone: the claims, the signed
// POSTs, the outcomes and the delivery log, and nothing of the message path. A warm-up pass of the same kind of jobs
// (`size.warmup`) goes first and is reported apart (`warmup`), as (a) and (b) warm up: the relay's first deliveries
// pay for compiling its code and filling its caches once. Measured, for each pass: the relay's CPU (its own
// process, /proc) from just before the write until the receiver has every event, per delivery; deliveries per second
// from the first delivery to the last (the worker's next look, up to its 1 s poll, comes before); and that every event arrived once.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMicros } from './proc.mjs';
import { benchWebhookEvent } from './webhook-event.mjs';
import { CREDENTIALS, SERVERS } from './servers.mjs';

const require = createRequire(fileURLToPath(new URL('../../packages/relay/package.json', import.meta.url)));

/** The relay peer that runs (w) for a server of the run: the busy-outbox variant (a receiver, private addresses allowed). */
const variantOf = (peer) => (peer === 'parley-base' ? 'parley-outbox-base' : 'parley-outbox');

/**
 * Runs (w) on `peer` (`parley` or `parley-base`): `size.jobs` jobs over `size.conversations` conversations.
 * `serverOptions` as the other workloads take them (`nodeArgs` for --profile).
 */
export async function runWebhookDelivery(peer, size, serverOptions = {}) {
  const server = await SERVERS[variantOf(peer)].start(serverOptions);
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/v1/admin/webhooks`, {
      headers: { authorization: `Bearer ${CREDENTIALS.parley.adminToken}` },
    });
    const { items } = await response.json();
    const endpointId = items[0]?.id;
    if (!endpointId) throw new Error('the relay has no webhook endpoint');
    // The warm-up: the same kind of jobs, fewer, delivered and counted apart, so the measured pass is the delivery
    // path as it runs for a relay that has delivered before (compiled, its caches and pools filled), as (a) and (b)
    // measure after theirs. What the first pass cost is reported too (`warmup`).
    const warmup = size.warmup > 0 ? await deliverPass(server, endpointId, 'warm', size.warmup, size) : null;
    const measured = await deliverPass(server, endpointId, 'bench', size.jobs, size);
    return { ...measured, conversations: size.conversations, ...(warmup ? { warmup } : {}) };
  } finally {
    await server.stop();
    await server.removeData();
  }
}

/**
 * Writes `jobs` webhook jobs (ids prefixed `prefix`) into the idle relay's outbox and waits until the receiver has had
 * them all: the relay's CPU from just before the write until then, per delivery, and the rate from the first to the
 * last delivery of this pass.
 */
async function deliverPass(server, endpointId, prefix, jobs, size) {
  // Counting this pass's events alone: an event of the pass before delivered again now (after an outcome lost) is not
  // this pass's delivery.
  await server.resetDeliveries(`evt_${prefix}`);
  const Database = require('better-sqlite3');
  const db = new Database(join(server.dataDir, 'parley.db'), { timeout: 30_000 });
  let cpuBefore;
  let written;
  try {
    db.pragma('journal_mode = WAL');
    // Payloads have a table of their own since migration `outbox.payloads`; a baseline from before keeps them in
    // the job's row.
    const apart = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'outbox_payload'").get();
    const insertJob = db.prepare(
      `INSERT INTO outbox (id, kind, site_id, key, conversation_id, status, attempts, due_at, created_at, held
         ${apart ? '' : ', payload'})
       VALUES (?, 'webhook', 'default', ?, ?, 'pending', 0, ?, ?, ?${apart ? '' : ', ?'})`,
    );
    const insertPayload = apart && db.prepare('INSERT INTO outbox_payload (seq, payload) VALUES (?, ?)');
    const now = Date.now();
    const rows = Array.from({ length: jobs }, (_, i) => {
      const { conversationId, seq, event } = benchWebhookEvent({ prefix, i, conversations: size.conversations, now });
      const id = `ob_${prefix}${String(i).padStart(8, '0')}`;
      const job = [id, `${endpointId}:${conversationId}`, conversationId, now, now, seq > 1 ? 1 : 0];
      return { job, payload: JSON.stringify({ endpointId, event }) };
    });
    const writeAll = db.transaction(() => {
      for (const { job, payload } of rows) {
        if (insertPayload) insertPayload.run(insertJob.run(...job).lastInsertRowid, payload);
        else insertJob.run(...job, payload);
      }
    });
    cpuBefore = cpuMicros(server.pid);
    writeAll();
    written = Date.now();
  } finally {
    db.close();
  }
  let counts;
  for (const deadline = Date.now() + size.timeoutMs; ;) {
    counts = await server.deliveries();
    if (counts.deliveries >= jobs || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const cpu = cpuMicros(server.pid) - cpuBefore;
  const { deliveries, events } = counts;
  // From the first delivery to the last: the worker's next look (up to its 1 s poll) is not the delivery path's.
  const seconds = (counts.lastAt - counts.firstAt) / 1000;
  return {
    jobs,
    deliveries,
    distinctEvents: events,
    // Requests of the pass before's events that came during this one (none unless an outcome was lost).
    otherRequests: counts.others,
    deliveriesPerSec: seconds > 0 ? Math.round(deliveries / seconds) : null,
    seconds,
    writtenToLastSeconds: (counts.lastAt - written) / 1000,
    relayCpuUsPerDelivery: deliveries > 0 ? Math.round((cpu / deliveries) * 10) / 10 : null,
    finished: events === jobs,
  };
}
