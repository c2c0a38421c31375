/**
 * Schema migrations for {@link SqliteStore}, applied in order by `init()`. `PRAGMA user_version` records the
 * last one applied. Never edit a migration that has shipped: add the next one (labels, assignee, priority and
 * full-text search will arrive this way).
 *
 * Times are milliseconds since the epoch (INTEGER). Booleans are 0/1.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: sites, staff, visitors, conversations, messages.
  `
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
];
