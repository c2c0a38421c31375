import type { Migration } from './migration.js';

/**
 * The core tables' migrations: sites, staff, visitors, conversations and messages, the inbox's workflow, contacts,
 * canned responses, audit log, broadcasts and search, and per-site settings. They come first in `migrations.ts`.
 * Never edit one that has shipped: add another.
 */
export const CORE_MIGRATIONS: readonly Migration[] = [
  // Sites, staff, visitors, conversations, messages. Was SQLite 1, PostgreSQL 1.
  {
    name: 'store.chat',
    sqlite: `
  CREATE TABLE sites (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    site_key         TEXT NOT NULL UNIQUE,
    allowed_origins  TEXT NOT NULL,              -- JSON array of origins
    identity_secret  TEXT NOT NULL,
    require_identity INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE staff (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id),
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) STRICT;
  CREATE INDEX staff_by_site ON staff(site_id);

  CREATE TABLE visitors (
    site_id    TEXT NOT NULL REFERENCES sites(id),
    visitor_id TEXT NOT NULL,
    name       TEXT,
    email      TEXT,
    verified   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, visitor_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE conversations (
    id               TEXT PRIMARY KEY,
    site_id          TEXT NOT NULL REFERENCES sites(id),
    visitor_id       TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
    last_seq         INTEGER NOT NULL DEFAULT 0,
    visitor_read_seq INTEGER NOT NULL DEFAULT 0,
    staff_read_seq   INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    FOREIGN KEY (site_id, visitor_id) REFERENCES visitors(site_id, visitor_id)
  ) STRICT;
  CREATE INDEX conversations_by_visitor ON conversations(site_id, visitor_id, created_at);

  CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,         -- the rowid; the server message id
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq             INTEGER NOT NULL,
    client_id       TEXT NOT NULL,
    author_role     TEXT NOT NULL CHECK (author_role IN ('visitor', 'staff', 'system')),
    author_id       TEXT NOT NULL,
    author_name     TEXT,
    text            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'note', 'broadcast')),
    ts              INTEGER NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
  ) STRICT;
  `,
    postgres: `
  CREATE TABLE sites (
    id               text PRIMARY KEY,
    name             text NOT NULL,
    site_key         text NOT NULL UNIQUE,
    allowed_origins  jsonb NOT NULL,
    identity_secret  text NOT NULL,
    require_identity boolean NOT NULL,
    created_at       bigint NOT NULL,
    updated_at       bigint NOT NULL
  );

  CREATE TABLE staff (
    id         text PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites(id),
    name       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('admin', 'agent')),
    token_hash text NOT NULL UNIQUE,
    created_at bigint NOT NULL,
    revoked_at bigint
  );
  CREATE INDEX staff_by_site ON staff(site_id);

  CREATE TABLE visitors (
    site_id    text NOT NULL REFERENCES sites(id),
    visitor_id text NOT NULL,
    name       text,
    email      text,
    verified   boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (site_id, visitor_id)
  );

  CREATE TABLE conversations (
    id               text PRIMARY KEY,
    -- Creation order, to tell apart conversations created in the same millisecond.
    created_order    bigint GENERATED ALWAYS AS IDENTITY,
    site_id          text NOT NULL REFERENCES sites(id),
    visitor_id       text NOT NULL,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
    last_seq         integer NOT NULL DEFAULT 0,
    visitor_read_seq integer NOT NULL DEFAULT 0,
    staff_read_seq   integer NOT NULL DEFAULT 0,
    created_at       bigint NOT NULL,
    updated_at       bigint NOT NULL,
    FOREIGN KEY (site_id, visitor_id) REFERENCES visitors(site_id, visitor_id)
  );
  CREATE INDEX conversations_by_visitor ON conversations(site_id, visitor_id, created_at, created_order);

  CREATE TABLE messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id text NOT NULL REFERENCES conversations(id),
    seq             integer NOT NULL,
    client_id       text NOT NULL,
    author_role     text NOT NULL CHECK (author_role IN ('visitor', 'staff', 'system')),
    author_id       text NOT NULL,
    author_name     text,
    text            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('text', 'note', 'broadcast')),
    ts              bigint NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
  );
  `,
  },
  // The admin API: workflow fields and labels, contacts (encrypted email, keyed hash), canned responses, audit log,
  // broadcasts, and full-text search over messages (FTS5, external content kept in sync by triggers). On PostgreSQL,
  // search is a generated tsvector with a GIN index. Was SQLite 2, PostgreSQL 2.
  {
    name: 'store.inbox',
    sqlite: `
  ALTER TABLE conversations ADD COLUMN assignee_id TEXT;
  ALTER TABLE conversations ADD COLUMN priority TEXT NOT NULL DEFAULT 'none'
    CHECK (priority IN ('none', 'low', 'medium', 'high', 'urgent'));
  CREATE INDEX conversations_by_activity ON conversations(site_id, updated_at, id);
  CREATE INDEX conversations_by_status ON conversations(site_id, status, updated_at, id);
  CREATE INDEX conversations_by_assignee ON conversations(site_id, assignee_id, updated_at, id);

  CREATE TABLE conversation_labels (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    label           TEXT NOT NULL,
    PRIMARY KEY (conversation_id, label)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX conversation_labels_by_label ON conversation_labels(label, conversation_id);

  -- Everyone who said hello to the site. The email is AES-256-GCM ciphertext (base64 of iv|ciphertext|tag);
  -- email_hash is HMAC-SHA256(data key, normalized email), hex, for exact lookups.
  CREATE TABLE contacts (
    site_id           TEXT NOT NULL REFERENCES sites(id),
    contact_id        TEXT NOT NULL,           -- the visitor id
    name              TEXT,
    email_enc         TEXT,
    email_hash        TEXT,
    verified          INTEGER NOT NULL DEFAULT 0,
    subscribed        INTEGER NOT NULL DEFAULT 0,
    conversation_hint TEXT,                    -- the conversation id the visitor was given (may not exist yet)
    context           TEXT,                    -- JSON: last page, locale, timezone, user agent
    created_at        INTEGER NOT NULL,
    last_seen_at      INTEGER NOT NULL,
    PRIMARY KEY (site_id, contact_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX contacts_by_email ON contacts(site_id, email_hash);
  CREATE INDEX contacts_by_seen ON contacts(site_id, last_seen_at, contact_id);

  CREATE TABLE canned_responses (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id),
    shortcut   TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (site_id, shortcut)
  ) STRICT;

  CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    site_id     TEXT NOT NULL,
    at          INTEGER NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    details     TEXT NOT NULL                  -- JSON object
  ) STRICT;
  CREATE INDEX audit_by_site ON audit_log(site_id, id);
  CREATE INDEX audit_by_target ON audit_log(site_id, target_type, target_id);

  CREATE TABLE broadcasts (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites(id),
    text        TEXT NOT NULL,
    segment     TEXT NOT NULL,                 -- JSON
    status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    author_name TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
  ) STRICT;
  CREATE INDEX broadcasts_by_site ON broadcasts(site_id, created_at);

  -- One row per target, written when the broadcast is created: the queue the background job works through.
  CREATE TABLE broadcast_targets (
    broadcast_id    TEXT NOT NULL REFERENCES broadcasts(id),
    contact_id      TEXT NOT NULL,
    conversation_id TEXT,                      -- set once stored
    seq             INTEGER,                   -- the broadcast's sequence in that conversation
    delivered       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (broadcast_id, contact_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX broadcast_targets_by_contact ON broadcast_targets(contact_id);

  CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='id');
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
  END;
  INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
  `,
    postgres: `
  ALTER TABLE conversations ADD COLUMN assignee_id text;
  ALTER TABLE conversations ADD COLUMN priority text NOT NULL DEFAULT 'none'
    CHECK (priority IN ('none', 'low', 'medium', 'high', 'urgent'));
  CREATE INDEX conversations_by_activity ON conversations(site_id, updated_at, id);
  CREATE INDEX conversations_by_status ON conversations(site_id, status, updated_at, id);
  CREATE INDEX conversations_by_assignee ON conversations(site_id, assignee_id, updated_at, id);

  CREATE TABLE conversation_labels (
    conversation_id text NOT NULL REFERENCES conversations(id),
    label           text NOT NULL,
    PRIMARY KEY (conversation_id, label)
  );
  CREATE INDEX conversation_labels_by_label ON conversation_labels(label, conversation_id);

  -- Everyone who said hello to the site. The email is AES-256-GCM ciphertext (base64 of iv|ciphertext|tag);
  -- email_hash is HMAC-SHA256(data key, normalized email), hex, for exact lookups.
  CREATE TABLE contacts (
    site_id           text NOT NULL REFERENCES sites(id),
    contact_id        text NOT NULL,
    name              text,
    email_enc         text,
    email_hash        text,
    verified          boolean NOT NULL DEFAULT false,
    subscribed        boolean NOT NULL DEFAULT false,
    conversation_hint text,
    context           text,
    created_at        bigint NOT NULL,
    last_seen_at      bigint NOT NULL,
    PRIMARY KEY (site_id, contact_id)
  );
  CREATE INDEX contacts_by_email ON contacts(site_id, email_hash);
  CREATE INDEX contacts_by_seen ON contacts(site_id, last_seen_at, contact_id);

  CREATE TABLE canned_responses (
    id         text PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites(id),
    shortcut   text NOT NULL,
    text       text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    UNIQUE (site_id, shortcut)
  );

  CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id     text NOT NULL,
    at          bigint NOT NULL,
    actor_id    text NOT NULL,
    actor_name  text NOT NULL,
    action      text NOT NULL,
    target_type text NOT NULL,
    target_id   text NOT NULL,
    details     text NOT NULL
  );
  CREATE INDEX audit_by_site ON audit_log(site_id, id);
  CREATE INDEX audit_by_target ON audit_log(site_id, target_type, target_id);

  CREATE TABLE broadcasts (
    id          text PRIMARY KEY,
    site_id     text NOT NULL REFERENCES sites(id),
    text        text NOT NULL,
    segment     text NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    author_name text NOT NULL,
    created_by  text NOT NULL,
    created_at  bigint NOT NULL,
    finished_at bigint
  );
  CREATE INDEX broadcasts_by_site ON broadcasts(site_id, created_at);

  CREATE TABLE broadcast_targets (
    broadcast_id    text NOT NULL REFERENCES broadcasts(id),
    contact_id      text NOT NULL,
    conversation_id text,
    seq             integer,
    delivered       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (broadcast_id, contact_id)
  );
  CREATE INDEX broadcast_targets_by_contact ON broadcast_targets(contact_id);

  -- 'simple': no stemming or stop words, so search behaves the same for every language visitors write in.
  ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
  CREATE INDEX messages_search ON messages USING gin (search);
  `,
  },
  // The idempotency key is indexed by client id first. Clients make time-ordered ids (the SDK's are ULID-like), so a
  // new message's entry lands at the end of this index instead of on a page of its conversation's: with many
  // conversations busy at once, the old (conversation_id, client_id) order dirtied one more random page per message in
  // every group commit. Uniqueness of the pair is unchanged. A table constraint's index cannot be dropped, so the table
  // is rebuilt with its rows, ids and full-text index intact. Message ids are now never reused (AUTOINCREMENT): erasing
  // a contact whose messages were the newest no longer hands their ids to the next messages. Full-text indexing is
  // deferred: instead of a trigger per inserted row (a new FTS5 segment, and merge work, per group commit), the store
  // indexes every message above `fts_progress.through` in bulk, at most about once a second and before every search.
  // Deleting or editing a message touches the index only if it was indexed. PostgreSQL needs none of this: its search
  // vector is a generated column. Was SQLite 3.
  {
    name: 'store.deferred-search',
    sqlite: `
  CREATE TABLE messages_v3 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq             INTEGER NOT NULL,
    client_id       TEXT NOT NULL,
    author_role     TEXT NOT NULL CHECK (author_role IN ('visitor', 'staff', 'system')),
    author_id       TEXT NOT NULL,
    author_name     TEXT,
    text            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'note', 'broadcast')),
    ts              INTEGER NOT NULL,
    UNIQUE (conversation_id, seq)
  ) STRICT;
  INSERT INTO messages_v3 (id, conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, ts)
    SELECT id, conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, ts FROM messages;
  DROP TABLE messages;
  ALTER TABLE messages_v3 RENAME TO messages;
  CREATE UNIQUE INDEX messages_by_client_id ON messages(client_id, conversation_id);

  CREATE TABLE fts_progress (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    through INTEGER NOT NULL                   -- every message with id <= through is in messages_fts
  ) STRICT;
  INSERT INTO fts_progress (id, through) VALUES (1, coalesce((SELECT max(id) FROM messages), 0));
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
  WHEN old.id <= (SELECT through FROM fts_progress) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
  WHEN old.id <= (SELECT through FROM fts_progress) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
  END;
  `,
    postgres: null,
  },
  // Privacy (issue #15). The full-text index deletes in place ('secure-delete', SQLite 3.44+): a deleted message's
  // words leave its segments at once instead of lingering until a merge. Per-site settings (the retention period: NULL
  // takes the relay's default, 0 keeps for ever) in a table of their own. A contact's pre-chat consent: the version of
  // the text they agreed to, and when the relay recorded it. Was SQLite 4, PostgreSQL 3.
  {
    name: 'store.privacy',
    sqlite: `
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
  CREATE TABLE site_settings (
    site_id        TEXT PRIMARY KEY REFERENCES sites(id),
    retention_days INTEGER CHECK (retention_days >= 0)
  ) STRICT, WITHOUT ROWID;
  ALTER TABLE contacts ADD COLUMN consent_version TEXT;
  ALTER TABLE contacts ADD COLUMN consent_at INTEGER;
  `,
    postgres: `
  CREATE TABLE site_settings (
    site_id        text PRIMARY KEY REFERENCES sites(id),
    retention_days integer CHECK (retention_days >= 0)
  );
  ALTER TABLE contacts ADD COLUMN consent_version text;
  ALTER TABLE contacts ADD COLUMN consent_at bigint;
  `,
  },
  // The full-text index's segments are merged in bounded steps that the store runs in turns of their own (FTS5's
  // 'merge' command, a few dozen pages a step), no longer inside the insert that adds a run of messages: FTS5's
  // automatic merging did up to ~60 ms of work in one such insert, inside a group commit, on the event loop (issue
  // #37, the 50 ms rule). PostgreSQL's search vector is a generated column: nothing to merge.
  {
    name: 'store.search-merge-steps',
    sqlite: `
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0);
  `,
    postgres: null,
  },
  // Every message moved its conversation's entries in three indexes that hold `updated_at`; the one by activity alone
  // (site, updated_at) is dropped. What it served is served by the status index, a seek per status (admin-rows.ts
  // `STATUSES`): about a tenth of the store's CPU a message and a sixth of the bytes it writes (issue #37, target 2;
  // docs/performance.md "One activity index fewer").
  {
    name: 'store.activity-by-status',
    sqlite: `DROP INDEX IF EXISTS conversations_by_activity;`,
    postgres: `DROP INDEX IF EXISTS conversations_by_activity;`,
  },
];
