/**
 * Indexes for full-text search every message not indexed yet (see migration `store.deferred-search`), then records
 * how far the index goes. Run both, in order, inside one write transaction.
 */
export const SQLITE_INDEX_NEW_MESSAGES: readonly string[] = [
  `INSERT INTO messages_fts (rowid, text)
   SELECT id, text FROM messages WHERE id > (SELECT through FROM fts_progress) ORDER BY id`,
  `UPDATE fts_progress SET through = (SELECT max(id) FROM messages) WHERE through < (SELECT max(id) FROM messages)`,
];
