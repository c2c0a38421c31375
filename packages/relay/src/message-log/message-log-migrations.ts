import type { Migration } from '../store/migration.js';

/** The message log's consumers' migrations (ADR 0023). Never edit one that has shipped: add another. */
export const MESSAGE_LOG_MIGRATIONS: readonly Migration[] = [
  // Consumers of the message log (issue #37, ADR 0023): one row per named consumer (`webhooks`, …), its cursor (the
  // position of the last message it has handled) and the lease of the relay reading it, so that of several relays on
  // one PostgreSQL only one reads a consumer's log at a time. `txid` is PostgreSQL's transaction id of that message (as
  // text; '0' on SQLite, whose log is in id order). On PostgreSQL every message records the id of the transaction
  // that wrote it: the log is read in (txid, id) order and only below the oldest transaction still in flight
  // (`pg_snapshot_xmin`), so a transaction that commits late with lower ids is never stepped over. The default is
  // the transaction's own id, taken once per transaction (the message path writes nothing more); rows written before
  // this migration all get the migrating transaction's id.
  {
    name: 'message-log.cursors',
    ddl: ({ TEXT, BIGINT, STRICT }) => `
  CREATE TABLE log_cursors (
    name        ${TEXT} PRIMARY KEY,
    txid        ${TEXT} NOT NULL,
    message_id  ${BIGINT} NOT NULL,
    owner       ${TEXT},
    lease_until ${BIGINT} NOT NULL DEFAULT 0,
    updated_at  ${BIGINT} NOT NULL
  ) ${STRICT};
  `,
  },
  {
    name: 'message-log.txid',
    sqlite: null,
    postgres: `
  ALTER TABLE messages ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
  CREATE INDEX messages_by_txid ON messages(txid, id);
  `,
  },
  // PostgreSQL's full-text index leaves the message path (issue #87, decision 2): the search vector was a generated
  // column of `messages` with a GIN index, computed and indexed in every group commit's insert. It moves to a table
  // of its own, `message_search`, filled from the message log by the desk's `search` consumer behind its durable
  // cursor (`admin/conversations/message-search-index.ts`): searchable a few ms after the acknowledgement, caught up
  // after a crash from the cursor. The vectors already computed are moved, and the cursor starts where they end. A
  // message erased (conversation erasure, retention) takes its vector with it (ON DELETE CASCADE); an edited one gets
  // its new vector from the trigger once indexed (the consumer reads the text as it is then). The GIN index keeps
  // its name, so an erasure's REINDEX rebuilds it as before. SQLite's FTS5 index was already deferred, behind
  // `fts_progress` (`store.deferred-search`): nothing changes there.
  {
    name: 'message-log.search-index',
    sqlite: null,
    postgres: `
  CREATE TABLE message_search (
    id     bigint PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    search tsvector NOT NULL
  );
  INSERT INTO message_search (id, search) SELECT id, search FROM messages ORDER BY id;
  ALTER TABLE messages DROP COLUMN search;
  CREATE INDEX messages_search ON message_search USING gin (search);
  INSERT INTO log_cursors (name, owner, txid, message_id, updated_at)
    VALUES ('search', NULL, pg_snapshot_xmin(pg_current_snapshot())::text, 0,
      (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
    ON CONFLICT (name) DO NOTHING;
  CREATE FUNCTION message_search_edited() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE message_search SET search = to_tsvector('simple', NEW.text) WHERE id = NEW.id;
    RETURN NULL;
  END $$;
  CREATE TRIGGER message_search_edited AFTER UPDATE OF text ON messages
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION message_search_edited();
  `,
  },
];
