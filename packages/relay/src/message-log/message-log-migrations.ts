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
];
