/**
 * The most messages one run of the deferred full-text indexing adds (see migration `store.deferred-search`). The
 * store indexes what a second of traffic stored in one run, inside a group commit, on the event loop: unbounded,
 * that held the loop about 10 µs a message, so 100 ms and more once a second under load (issue #37, target 3; the
 * 50 ms rule). A run that leaves more is followed by another at the next batch or the next turn of the loop. Each
 * run makes an FTS5 segment to merge later: runs of 1,000 cost (b) 6–14 % more CPU a message, runs of 2,500 nothing
 * measurable (docs/performance.md). The merging itself is done in steps of its own ({@link SQLITE_MERGE_STEP}).
 */
export const SQLITE_INDEX_CHUNK = 2500;

/**
 * One bounded run, its three statements in order inside one write transaction: `end` (bound: the chunk's size)
 * reads the last id of the next chunk of unindexed messages and how many it holds; `insert` (bound: that id) adds
 * them to the index; `record` (bound: that id, twice) records how far the index goes. Message ids only grow
 * (AUTOINCREMENT), so every message at or below `through` is indexed.
 */
export const SQLITE_INDEX_NEXT = {
  end: `SELECT max(id) AS upTo, count(*) AS count
        FROM (SELECT id FROM messages WHERE id > (SELECT through FROM fts_progress) ORDER BY id LIMIT +?)`,
  insert: `INSERT INTO messages_fts (rowid, text)
           SELECT id, text FROM messages WHERE id > (SELECT through FROM fts_progress) AND id <= ? ORDER BY id`,
  record: `UPDATE fts_progress SET through = ? WHERE through < ?`,
} as const;

/**
 * Pages one merge step of the full-text index writes at most (FTS5's `'merge'` command; migration
 * `store.search-merge-steps` turned off its automatic merging inside inserts). A step merges the segments of the
 * level that has the most, when one has four or more, and goes on where the last stopped: about 5 ms of the event
 * loop each (docs/performance.md, "The full-text index merges in steps").
 */
export const SQLITE_MERGE_PAGES = 64;

/** One merge step ({@link SQLITE_MERGE_PAGES}); a step that changed fewer than two rows found nothing to merge. */
export const SQLITE_MERGE_STEP = `INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ${SQLITE_MERGE_PAGES})`;

/** What {@link SQLITE_INDEX_NEXT}'s `end` reads. */
export interface IndexChunkEnd {
  readonly upTo: number | null;
  readonly count: number;
}
