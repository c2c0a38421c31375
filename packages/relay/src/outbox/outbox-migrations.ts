import type { Migration } from '../store/migration.js';

/** The durable outbox's migrations (ADR 0009). Never edit one that has shipped: add another. */
export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  // The durable outbox (issue #16, ADR 0009): side effects written in the transaction of their cause, then delivered at
  // least once by the outbox worker. `seq` orders jobs of one key; `lease_until` is the claim of the relay delivering a
  // job (it expires if that relay dies); `dedupe_key` folds a job into a pending one of the same kind (cleared when a
  // job is claimed, so a later cause is never folded into a delivery already under way). `conversation_id` lets an
  // erasure remove what the outbox holds about a conversation; it has no index of its own (an erasure scans the table:
  // rare, and bounded by how long finished jobs are kept), because an index keyed by conversation puts every new job on
  // a random page of it, which cost the message path more than the row itself. On PostgreSQL, relays claim due jobs
  // with `FOR UPDATE SKIP LOCKED` and a lease, so one relay of a cluster delivers a job at a time. Was SQLite 5,
  // PostgreSQL 4.
  {
    name: 'outbox.jobs',
    sqlite: `
  CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    site_id         TEXT NOT NULL,
    key             TEXT,
    dedupe_key      TEXT,
    conversation_id TEXT,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'skipped', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER NOT NULL,
    lease_until     INTEGER,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER,
    last_error      TEXT,
    detail          TEXT
  ) STRICT;
  CREATE INDEX outbox_due ON outbox(due_at) WHERE status = 'pending';
  CREATE INDEX outbox_key ON outbox(key, seq) WHERE status = 'pending' AND key IS NOT NULL;
  CREATE UNIQUE INDEX outbox_dedupe ON outbox(kind, dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL;
  CREATE INDEX outbox_by_site ON outbox(site_id, seq);
  CREATE INDEX outbox_done ON outbox(done_at) WHERE done_at IS NOT NULL;
  `,
    postgres: `
  CREATE TABLE outbox (
    seq             bigserial PRIMARY KEY,
    id              text NOT NULL UNIQUE,
    kind            text NOT NULL,
    site_id         text NOT NULL,
    key             text,
    dedupe_key      text,
    conversation_id text,
    payload         text NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'skipped', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    due_at          bigint NOT NULL,
    lease_until     bigint,
    created_at      bigint NOT NULL,
    done_at         bigint,
    last_error      text,
    detail          text
  );
  CREATE INDEX outbox_due ON outbox(due_at) WHERE status = 'pending';
  CREATE INDEX outbox_key ON outbox(key, seq) WHERE status = 'pending' AND key IS NOT NULL;
  CREATE UNIQUE INDEX outbox_dedupe ON outbox(kind, dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL;
  CREATE INDEX outbox_by_site ON outbox(site_id, seq);
  CREATE INDEX outbox_done ON outbox(done_at) WHERE done_at IS NOT NULL;
  `,
  },
  // The outbox's ready line (issue #16). A keyed job written while an earlier job of its key is pending is `held`: it
  // cannot go before that one anyway, and keeping it out of `outbox_ready` spares every claim from stepping over it (a
  // backlog on one key made each claim read the whole backlog). Finishing a keyed job releases the next held one of its
  // key. Rows already pending stay ready: the claim's own check still orders them. Was SQLite 8, PostgreSQL 7.
  {
    name: 'outbox.ready-line',
    ddl: ({ SMALLINT }) => `
  ALTER TABLE outbox ADD COLUMN held ${SMALLINT} NOT NULL DEFAULT 0;
  DROP INDEX outbox_due;
  CREATE INDEX outbox_ready ON outbox(held, due_at) WHERE status = 'pending';
  `,
  },
  // Payloads in a table of their own (issue #37 target 5): a job's row changes three times (claimed, finished, and
  // the next of its key released), and each change rewrote the whole row, payload included (with `secure_delete`
  // clearing the old copy, and a payload past a page spilling to overflow pages rewritten with it): ~5 µs a webhook
  // job of a short message, ~30 µs of the longest. A payload is written once, keyed by its job's `seq`, read with
  // the claim, and deleted with its job (pruned or erased). Existing jobs keep theirs.
  {
    name: 'outbox.payloads',
    ddl: ({ BIGINT, TEXT, STRICT }) => `
  CREATE TABLE outbox_payload (
    seq     ${BIGINT} PRIMARY KEY,
    payload ${TEXT} NOT NULL
  ) ${STRICT};
  INSERT INTO outbox_payload (seq, payload) SELECT seq, payload FROM outbox;
  ALTER TABLE outbox DROP COLUMN payload;
  `,
  },
];
