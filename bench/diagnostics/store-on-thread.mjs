// A diagnostic, never a result: loaded into the relay with `--import` by `node bench/run.mjs --store-on-thread`, it
// sends the relay's appends to a worker thread, where a SqliteStore of its own (the relay's migrations, its own file
// `writer-thread.db` in the relay's data dir, the same pragmas and group commit) writes them; each append is
// answered with what that store returned, once its commit is done. A prototype of ADR 0043's third option (the writer
// on a thread of its own), in cost only: the event loop posts a turn's appends and settles them when the answer
// comes; the commit's statements, its log frames and its fsync run on the worker. The relay's own database never
// sees these messages (nothing in (a), (b) or (e) reads them back), and no effects or committed listeners run.
// Everything else (sites, hello, conversations, reads) still goes to the relay's own SQLite connection.
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../../packages/relay/dist/store/sqlite-store.js';

if (isMainThread) {
  const dir = process.env.PARLEY_DATA_DIR;
  if (!dir) throw new Error('store-on-thread: PARLEY_DATA_DIR is not set');
  // None of the relay's flags (this module's own --import, --cpu-prof): the thread runs this file as its main.
  const worker = new Worker(new URL(import.meta.url), {
    execArgv: [],
    workerData: { path: join(dir, 'writer-thread.db'), synchronous: process.env.PARLEY_SQLITE_SYNC ?? 'full' },
  });
  worker.unref();
  const waiting = new Map();
  let nextBatch = 0;
  let queue = [];
  // The worker's group commits, as the relay's /metrics reads them (`store.stats`): messages per commit.
  let stats = { batches: 0, appends: 0, failedBatches: 0 };
  Object.defineProperty(SqliteStore.prototype, 'stats', { get: () => ({ ...stats }), configurable: true });
  worker.on('message', ({ batch, outcomes, stats: counted }) => {
    stats = counted;
    const settle = waiting.get(batch);
    waiting.delete(batch);
    settle.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) resolve(outcome.result);
      else reject(new Error(outcome.error));
    });
  });
  worker.on('error', (error) => {
    console.error('store-on-thread: the writer thread failed', error);
    process.exit(1);
  });
  const post = () => {
    const batch = nextBatch++;
    waiting.set(batch, queue);
    worker.postMessage({ batch, inputs: queue.map(({ input }) => input) });
    queue = [];
  };
  SqliteStore.prototype.append = function append(input) {
    return new Promise((resolve, reject) => {
      if (queue.length === 0) setImmediate(post);
      queue.push({ input, resolve, reject });
    });
  };
  process.emitWarning('bench diagnostic: SqliteStore.append writes on a worker thread, to a file of its own');
} else {
  const { MIGRATIONS } = await import('../../packages/relay/dist/features/features.js');
  const store = new SqliteStore({ path: workerData.path, synchronous: workerData.synchronous, migrations: MIGRATIONS });
  await store.init();
  const sites = new Set();
  parentPort.on('message', async ({ batch, inputs }) => {
    for (const { siteId } of inputs) {
      if (sites.has(siteId)) continue;
      sites.add(siteId);
      await store.upsertSite({
        id: siteId,
        name: siteId,
        siteKey: `pk_${siteId}`,
        allowedOrigins: [],
        identitySecret: 'x'.repeat(32),
        requireIdentity: false,
      });
    }
    // Appended in one turn: the store's group commit takes them in one transaction, as the relay's would.
    const outcomes = await Promise.all(
      inputs.map((input) =>
        store.append(input).then(
          (result) => ({ ok: true, result }),
          (error) => ({ ok: false, error: String(error?.message ?? error) }),
        ),
      ),
    );
    parentPort.postMessage({ batch, outcomes, stats: store.stats });
  });
}
