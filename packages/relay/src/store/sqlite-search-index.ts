/**
 * Indexes for full-text search every message not indexed yet (see migration `store.deferred-search`), then records
 * how far the index goes. Run both, in order, inside one write transaction.
 */
export const SQLITE_INDEX_NEW_MESSAGES: readonly string[] = [
  `INSERT INTO messages_fts (rowid, text)
   SELECT id, text FROM messages WHERE id > (SELECT through FROM fts_progress) ORDER BY id`,
  `UPDATE fts_progress SET through = (SELECT max(id) FROM messages) WHERE through < (SELECT max(id) FROM messages)`,
];

/**
 * The message store's step of {@link SQLITE_INDEX_NEW_MESSAGES}: at most `?` messages (the same count bound to both,
 * in order), so one step holds the writer, and the event loop, for a bounded time (about 5 µs a message). Run both in
 * one write transaction; when the first inserted as many as asked, more are waiting.
 */
export const SQLITE_INDEX_NEW_MESSAGES_STEP: readonly string[] = [
  `INSERT INTO messages_fts (rowid, text)
   SELECT id, text FROM messages WHERE id > (SELECT through FROM fts_progress) ORDER BY id LIMIT ?`,
  `UPDATE fts_progress SET through = coalesce(
     (SELECT max(id) FROM (SELECT id FROM messages WHERE id > (SELECT through FROM fts_progress) ORDER BY id LIMIT ?)),
     through)`,
];
