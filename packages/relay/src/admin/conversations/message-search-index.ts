import type { Logger } from '../../log.js';
import { LogConsumer } from '../../message-log/log-consumer.js';
import type { LoggedMessage } from '../../message-log/message-log-queries.js';
import type { SqlDb } from '../../store/sql/sql-db.js';

/** The name of the full-text index's cursor in `log_cursors` (migration `message-log.search-index`). Stable for ever. */
export const SEARCH_CONSUMER = 'search';

/** Messages one read of the log indexes at most: one statement for each, the vectors computed by PostgreSQL. */
export const SEARCH_BATCH = 1000;

/**
 * Adds the vectors of these messages to `message_search`, reading each message's text as it is now (an edit since,
 * and an erasure since, are respected: an erased message is not there to be read). Safe to repeat.
 */
export async function indexMessages(db: SqlDb, batch: readonly LoggedMessage[]): Promise<void> {
  if (batch.length === 0) return;
  const ids = JSON.stringify(batch.map((logged) => logged.position.id));
  await db.run(
    `INSERT INTO message_search (id, search)
     SELECT m.id, to_tsvector('simple', m.text) FROM messages m
     WHERE m.id IN (SELECT value::bigint FROM jsonb_array_elements_text(?::jsonb))
       AND NOT EXISTS (SELECT 1 FROM message_search s WHERE s.id = m.id)
     ORDER BY m.id
     ON CONFLICT (id) DO NOTHING`,
    [ids],
  );
}

/**
 * PostgreSQL's full-text index, off the message path (issue #87, decision 2): a consumer of the message log that
 * computes and indexes the vectors of what was stored, in batches, behind its durable cursor (`search`). The relay
 * nudges it after every stored message, so a message is searchable a few ms after its acknowledgement (always within
 * the log's poll, a second, while no transaction holds the log's horizon back); after a crash it goes on from its
 * cursor, once the killed relay's lease has lapsed (the log's default, 30 s). An admin search meanwhile indexes what
 * lies after the cursor itself first (`indexForSearch`), so it finds every message committed before it. None on
 * SQLite, whose FTS5 index is kept by the message store from `fts_progress` (`store.deferred-search`).
 */
export function messageSearchIndex(db: SqlDb, log: Logger): LogConsumer | undefined {
  if (db.dialect !== 'postgres') return undefined;
  return new LogConsumer({
    name: SEARCH_CONSUMER,
    db,
    log,
    batchSize: SEARCH_BATCH,
    handle: (batch) => indexMessages(db, batch),
  });
}
