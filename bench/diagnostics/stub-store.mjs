// A diagnostic, never a result: loaded into the relay with `--import` by `node bench/run.mjs --stub-store`, it makes
// SqliteStore answer appends from memory — numbered per conversation, settled a batch at a time one `setImmediate`
// later, as a group commit is, but stored nowhere. What the relay then costs per message is what it costs without
// storage: receiving, decoding, acking and fanning out (docs/performance.md, "What limits the relay now").
// Everything else (sites, hello, conversations, reads) still goes to SQLite.
import { SqliteStore } from '../../packages/relay/dist/store/sqlite-store.js';

const lastSeq = new Map();
let lastId = 0;
let queue = [];

SqliteStore.prototype.append = function append(input) {
  return new Promise((resolve) => {
    if (queue.length === 0) setImmediate(settle);
    queue.push({ input, resolve });
  });
};

function settle() {
  const batch = queue;
  queue = [];
  const ts = Date.now();
  for (const { input, resolve } of batch) {
    const seq = (lastSeq.get(input.conversationId) ?? 0) + 1;
    lastSeq.set(input.conversationId, seq);
    const { clientId, conversationId, author, text, kind } = input;
    resolve({
      message: { id: String(++lastId), clientId, conversationId, seq, ts, author, text, kind },
      duplicate: false,
    });
  }
}

process.emitWarning('bench diagnostic: SqliteStore.append is stubbed, messages are not stored');
