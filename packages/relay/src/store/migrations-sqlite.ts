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

  // 2: the admin API: workflow fields and labels, contacts (encrypted email, keyed hash), canned responses,
  // audit log, broadcasts, and full-text search over messages (FTS5, external content kept in sync by triggers).
  `
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

  // 3: the idempotency key is indexed by client id first. Clients make time-ordered ids (the SDK's are
  // ULID-like), so a new message's entry lands at the end of this index instead of on a page of its
  // conversation's: with many conversations busy at once, the old (conversation_id, client_id) order dirtied one
  // more random page per message in every group commit. Uniqueness of the pair is unchanged. A table
  // constraint's index cannot be dropped, so the table is rebuilt with its rows, ids and full-text index intact.
  // Message ids are now never reused (AUTOINCREMENT): erasing a contact whose messages were the newest no
  // longer hands their ids to the next messages.
  //
  // Full-text indexing is deferred: instead of a trigger per inserted row (a new FTS5 segment, and merge work,
  // per group commit), the store indexes every message above `fts_progress.through` in bulk, at most about once
  // a second and before every search. Deleting or editing a message touches the index only if it was indexed.
  `
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

  // 4: privacy (issue #15). The full-text index deletes in place ('secure-delete', SQLite 3.44+): a deleted
  // message's words leave its segments at once instead of lingering until a merge. Per-site settings (the
  // retention period: NULL takes the relay's default, 0 keeps for ever) in a table of their own. A contact's
  // pre-chat consent: the version of the text they agreed to, and when the relay recorded it.
  `
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
  CREATE TABLE site_settings (
    site_id        TEXT PRIMARY KEY REFERENCES sites(id),
    retention_days INTEGER CHECK (retention_days >= 0)
  ) STRICT, WITHOUT ROWID;
  ALTER TABLE contacts ADD COLUMN consent_version TEXT;
  ALTER TABLE contacts ADD COLUMN consent_at INTEGER;
  `,

  // 5: the durable outbox (issue #16, ADR 0009): side effects written in the transaction of their cause, then
  // delivered at least once by the outbox worker. \`seq\` orders jobs of one key; \`lease_until\` is the claim of the
  // relay delivering a job (it expires if that relay dies); \`dedupe_key\` folds a job into a pending one of the same
  // kind (cleared when a job is claimed, so a later cause is never folded into a delivery already under way).
  // `conversation_id` lets an erasure remove what the outbox holds about a conversation; it has no index of its own
  // (an erasure scans the table: rare, and bounded by how long finished jobs are kept), because an index keyed by
  // conversation puts every new job on a random page of it, which cost the message path more than the row itself.
  `
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
  // 6: webhooks (issue #16). A site's endpoints (the signing secret sealed with the data key, like identity
  // secrets; `events` a JSON array of subscriptions; a disabled endpoint says why and since when) and one row per
  // delivery attempt, pruned after 30 days. A delivery names its outbox job, whose payload holds the event a resend
  // sends again; `conversation_id` lets an erasure remove the rows about a conversation.
  `
  CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL REFERENCES sites(id),
    url             TEXT NOT NULL,
    events          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    enabled         INTEGER NOT NULL,
    disabled_reason TEXT,
    disabled_at     INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX webhook_endpoints_by_site ON webhook_endpoints(site_id, created_at);

  CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id         TEXT NOT NULL,
    endpoint_id     TEXT NOT NULL,
    job_id          TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    conversation_id TEXT,
    attempt         INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'skipped')),
    status_code     INTEGER,
    error           TEXT,
    latency_ms      INTEGER NOT NULL,
    excerpt         TEXT
  ) STRICT;
  CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id);
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries(at);
  CREATE INDEX webhook_deliveries_by_conversation ON webhook_deliveries(conversation_id) WHERE conversation_id IS NOT NULL;
  `,

  // 7: email (issue #16). Per conversation, the newest staff reply an email has carried (a retry or a later job
  // never repeats one). One-time links that reopen a conversation in the widget: only the SHA-256 of the token is
  // kept, with its expiry and when it was used. A staff member's own email (sealed like a contact's) and whether
  // they want notifications, and when they were last sent one. A site's brand colour, for its emails.
  `
  CREATE TABLE email_threads (
    conversation_id TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL,
    emailed_through INTEGER NOT NULL,
    emailed_at      INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE email_links (
    token_hash      TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    visitor_id      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX email_links_by_conversation ON email_links(conversation_id);
  CREATE INDEX email_links_by_expiry ON email_links(expires_at);
  ALTER TABLE staff ADD COLUMN email TEXT;
  ALTER TABLE staff ADD COLUMN notify_email INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE staff ADD COLUMN notified_at INTEGER;
  ALTER TABLE site_settings ADD COLUMN brand_color TEXT;
  `,
  // 8: the outbox's ready line (issue #16). A keyed job written while an earlier job of its key is pending is
  // `held`: it cannot go before that one anyway, and keeping it out of `outbox_ready` spares every claim from
  // stepping over it (a backlog on one key made each claim read the whole backlog). Finishing a keyed job releases
  // the next held one of its key. Rows already pending stay ready: the claim's own check still orders them.
  `
  ALTER TABLE outbox ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
  DROP INDEX outbox_due;
  CREATE INDEX outbox_ready ON outbox(held, due_at) WHERE status = 'pending';
  `,

  // 9: automations (issue #17). Messages may be written by the site's bot (`author_role` 'bot'), and carry what
  // protocol 2 adds to a message — quick-reply buttons, the automation that wrote it, a visitor's rating — as a
  // JSON object in `extra` (NULL on nearly every message). A CHECK constraint cannot be altered, so the table is
  // rebuilt as in migration 3, ids and the full-text index intact. A site's automation settings (business hours,
  // holidays, the welcome and away texts per language, CSAT) are one JSON document per site.
  `
  CREATE TABLE messages_v9 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq             INTEGER NOT NULL,
    client_id       TEXT NOT NULL,
    author_role     TEXT NOT NULL CHECK (author_role IN ('visitor', 'staff', 'system', 'bot')),
    author_id       TEXT NOT NULL,
    author_name     TEXT,
    text            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'note', 'broadcast')),
    ts              INTEGER NOT NULL,
    extra           TEXT,
    UNIQUE (conversation_id, seq)
  ) STRICT;
  INSERT INTO messages_v9 (id, conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, ts)
    SELECT id, conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, ts FROM messages;
  DROP TABLE messages;
  ALTER TABLE messages_v9 RENAME TO messages;
  CREATE UNIQUE INDEX messages_by_client_id ON messages(client_id, conversation_id);
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
  WHEN old.id <= (SELECT through FROM fts_progress) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
  WHEN old.id <= (SELECT through FROM fts_progress) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TABLE automation_settings (
    site_id    TEXT PRIMARY KEY REFERENCES sites(id),
    settings   TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,

  // 10: FAQ answers (issue #17, ADR 0011). A site's entries, each in one language, with the visitors' phrasings
  // and keywords as JSON arrays and the counts the inbox shows. A deleted entry is kept as `deleted = 1`, so that
  // other relays see the change (they read entries changed since their last look) and its counts stay. An event
  // counted (an answer, a "helpful", a hand-over) is a row keyed by its conversation and its name: counted once,
  // however often its job is delivered; the `handover` row is also how every relay knows the bot stepped back.
  `
  CREATE TABLE faq_entries (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id),
    language   TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    phrasings  TEXT NOT NULL,
    keywords   TEXT NOT NULL,
    answered   INTEGER NOT NULL DEFAULT 0,
    helpful    INTEGER NOT NULL DEFAULT 0,
    escalated  INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX faq_entries_by_site ON faq_entries(site_id, created_at);
  CREATE INDEX faq_entries_by_change ON faq_entries(updated_at);
  CREATE TABLE faq_events (
    conversation_id TEXT NOT NULL,
    event           TEXT NOT NULL,
    site_id         TEXT NOT NULL,
    entry_id        TEXT,
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, event)
  ) STRICT, WITHOUT ROWID;
  `,

  // 11: routing and SLA (issue #17, ADR 0012). A site's routing and SLA settings are one JSON document. Per staff
  // member: their availability (and since when), their capacity (NULL takes the site's default), when a relay last
  // saw a connection of theirs (the heartbeat that makes "online" true across relays) and the site-wide counter of
  // their last assignment (round-robin picks the lowest). Teams and their members. A conversation's team, when its
  // first staff reply came, when its first reply is due, whether that deadline passed unanswered, and when it was
  // resolved. The open conversations per assignee are counted through a partial index (least-open, capacity), and
  // the overdue view reads a partial index too.
  `
  CREATE TABLE routing_settings (
    site_id    TEXT PRIMARY KEY REFERENCES sites(id),
    settings   TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE staff_routing (
    staff_id        TEXT PRIMARY KEY REFERENCES staff(id),
    site_id         TEXT NOT NULL,
    availability    TEXT NOT NULL DEFAULT 'online' CHECK (availability IN ('online', 'away', 'offline')),
    availability_at INTEGER NOT NULL,
    capacity        INTEGER CHECK (capacity >= 0),
    last_seen_at    INTEGER NOT NULL DEFAULT 0,
    last_assigned   INTEGER NOT NULL DEFAULT 0
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX staff_routing_by_site ON staff_routing(site_id);
  CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id),
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX teams_by_site ON teams(site_id, name);
  CREATE TABLE team_members (
    team_id  TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL,
    PRIMARY KEY (team_id, staff_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX team_members_by_staff ON team_members(staff_id);
  ALTER TABLE conversations ADD COLUMN team_id TEXT;
  ALTER TABLE conversations ADD COLUMN first_response_at INTEGER;
  ALTER TABLE conversations ADD COLUMN sla_due_at INTEGER;
  ALTER TABLE conversations ADD COLUMN overdue INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN resolved_at INTEGER;
  CREATE INDEX conversations_open_by_assignee ON conversations(site_id, assignee_id)
    WHERE assignee_id IS NOT NULL AND status IN ('open', 'pending');
  CREATE INDEX conversations_overdue ON conversations(site_id, updated_at, id) WHERE overdue = 1;
  `,

  // 12: attachments (issue #18, docs/attachments.md). One row per stored file, keyed for idempotent uploads by
  // the message's client id within its conversation. No foreign key to conversations: a visitor may upload before
  // their first message creates the conversation. `attachment_purges` is the queue of objects (files on disk or in
  // the bucket) whose rows were erased, written in the erasing transaction and emptied by the relay once each
  // object is deleted, so an erasure never leaves a file behind even if the relay stops between the two.
  // `attachment_settings` holds a site's own allowlist and limits (NULL: the relay's configuration).
  `
  CREATE TABLE attachments (
    id               TEXT PRIMARY KEY,
    site_id          TEXT NOT NULL REFERENCES sites(id),
    conversation_id  TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    uploader_role    TEXT NOT NULL CHECK (uploader_role IN ('visitor', 'staff')),
    uploader_id      TEXT NOT NULL,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,
    size             INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    width            INTEGER,
    height           INTEGER,
    storage_key      TEXT NOT NULL,
    thumbnail_key    TEXT,
    thumbnail_width  INTEGER,
    thumbnail_height INTEGER,
    created_at       INTEGER NOT NULL,
    UNIQUE (conversation_id, client_id)
  ) STRICT;
  CREATE INDEX attachments_by_site ON attachments(site_id, created_at);
  CREATE INDEX attachments_by_uploader ON attachments(site_id, uploader_id);
  CREATE TABLE attachment_purges (
    storage_key TEXT PRIMARY KEY,
    queued_at   INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE attachment_settings (
    site_id     TEXT PRIMARY KEY REFERENCES sites(id),
    types       TEXT,
    max_bytes   INTEGER,
    quota_bytes INTEGER,
    updated_at  INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,

  // 13: attachments referenced by messages (protocol 3). A message may carry several files, each uploaded under
  // the message's client id and its place in the message (`file_index`, 0 for the first): the idempotency key
  // becomes (conversation, client id, index), so the table is rebuilt (SQLite cannot drop a UNIQUE constraint).
  // A send claims its uploads by setting `referenced_at` before the message is stored (the message's `extra`
  // column holds the references); uploads never claimed are deleted after a day (PARLEY_ATTACHMENT_ORPHAN_TTL_S),
  // found through the partial index.
  `
  CREATE TABLE attachments_13 (
    id               TEXT PRIMARY KEY,
    site_id          TEXT NOT NULL REFERENCES sites(id),
    conversation_id  TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    file_index       INTEGER NOT NULL DEFAULT 0,
    uploader_role    TEXT NOT NULL CHECK (uploader_role IN ('visitor', 'staff')),
    uploader_id      TEXT NOT NULL,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,
    size             INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    width            INTEGER,
    height           INTEGER,
    storage_key      TEXT NOT NULL,
    thumbnail_key    TEXT,
    thumbnail_width  INTEGER,
    thumbnail_height INTEGER,
    created_at       INTEGER NOT NULL,
    referenced_at    INTEGER,
    UNIQUE (conversation_id, client_id, file_index)
  ) STRICT;
  INSERT INTO attachments_13 (id, site_id, conversation_id, client_id, uploader_role, uploader_id, name, type, size,
    sha256, width, height, storage_key, thumbnail_key, thumbnail_width, thumbnail_height, created_at)
  SELECT id, site_id, conversation_id, client_id, uploader_role, uploader_id, name, type, size,
    sha256, width, height, storage_key, thumbnail_key, thumbnail_width, thumbnail_height, created_at
  FROM attachments;
  DROP TABLE attachments;
  ALTER TABLE attachments_13 RENAME TO attachments;
  CREATE INDEX attachments_by_site ON attachments(site_id, created_at);
  CREATE INDEX attachments_by_uploader ON attachments(site_id, uploader_id);
  CREATE INDEX attachments_unreferenced ON attachments(created_at) WHERE referenced_at IS NULL;
  `,
  // 14: staff accounts (issue #19, ADR 0016). An account is a person across sites (email, Argon2id password
  // hash, sealed TOTP secret, hashed single-use recovery codes, the failure counter and lock of its logins). A
  // member is a `staff` row with `account_id` set, one per account per site, with a role owner | admin | agent and
  // `deactivated_at`; an API token is a staff row without an account, with `scopes` (a JSON array of read, write,
  // admin) and `expires_at`. Existing token rows keep working as API tokens: admin → every scope, agent → read and
  // write. SQLite cannot change a CHECK nor drop NOT NULL, so `staff` is rebuilt; `staff_routing` refers to it, so
  // its rows step aside meanwhile (dropping a parent with children fails with foreign keys on). Sessions keep the
  // hash of the cookie's secret; one-time links (setup, invitation, password reset, the second step of a login)
  // keep the hash of their token.
  `
  CREATE TABLE accounts (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    totp_secret     TEXT,
    totp_pending    TEXT,
    totp_enabled_at INTEGER,
    totp_last_step  INTEGER,
    recovery_codes  TEXT NOT NULL DEFAULT '[]',
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE staff_14 (
    id             TEXT PRIMARY KEY,
    site_id        TEXT NOT NULL REFERENCES sites(id),
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
    token_hash     TEXT UNIQUE,
    created_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    email          TEXT,
    notify_email   INTEGER NOT NULL DEFAULT 0,
    notified_at    INTEGER,
    account_id     TEXT REFERENCES accounts(id),
    scopes         TEXT,
    expires_at     INTEGER,
    deactivated_at INTEGER,
    CHECK ((account_id IS NULL) <> (token_hash IS NULL))
  ) STRICT;
  INSERT INTO staff_14 (id, site_id, name, role, token_hash, created_at, revoked_at, email, notify_email, notified_at,
    scopes)
  SELECT id, site_id, name, role, token_hash, created_at, revoked_at, email, notify_email, notified_at,
    CASE role WHEN 'admin' THEN '["read","write","admin"]' ELSE '["read","write"]' END
  FROM staff;
  CREATE TEMP TABLE staff_routing_14 AS SELECT * FROM staff_routing;
  DELETE FROM staff_routing;
  DROP TABLE staff;
  ALTER TABLE staff_14 RENAME TO staff;
  INSERT INTO staff_routing SELECT * FROM staff_routing_14;
  DROP TABLE staff_routing_14;
  CREATE INDEX staff_by_site ON staff(site_id);
  CREATE UNIQUE INDEX staff_by_account ON staff(account_id, site_id) WHERE account_id IS NOT NULL;
  CREATE TABLE auth_sessions (
    id           TEXT PRIMARY KEY,
    secret_hash  TEXT NOT NULL UNIQUE,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    site_id      TEXT NOT NULL REFERENCES sites(id),
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    user_agent   TEXT NOT NULL,
    ip           TEXT NOT NULL,
    revoked_at   INTEGER
  ) STRICT;
  CREATE INDEX auth_sessions_by_account ON auth_sessions(account_id);
  CREATE TABLE auth_links (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('setup', 'invite', 'reset', 'login')),
    site_id    TEXT,
    account_id TEXT,
    email      TEXT,
    name       TEXT,
    role       TEXT,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
  ) STRICT;
  CREATE INDEX auth_links_by_site ON auth_links(site_id, kind);
  CREATE INDEX auth_links_by_expiry ON auth_links(expires_at);
  ALTER TABLE site_settings ADD COLUMN require_2fa INTEGER NOT NULL DEFAULT 0;
  `,

  // 15: mentions — a staff member named with @ in a private note, once per note; read when they open it.
  `
  CREATE TABLE mentions (
    staff_id        TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    site_id         TEXT NOT NULL,
    author_id       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    read_at         INTEGER,
    PRIMARY KEY (staff_id, conversation_id, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX mentions_by_staff ON mentions(site_id, staff_id, created_at);
  CREATE INDEX mentions_by_conversation ON mentions(conversation_id);
  `,

  // 16: Web Push subscriptions — a staff member's browsers, told of conversations while the inbox is closed.
  `
  CREATE TABLE push_subscriptions (
    endpoint   TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL,
    staff_id   TEXT NOT NULL,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    pushed_at  INTEGER
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX push_subscriptions_by_staff ON push_subscriptions(site_id, staff_id);
  `,

  // 17: the inbox's settings pages (issue #19): the site's logo (an https URL, shown in its emails), and the audit
  // log filtered by actor or by action, newest first, without walking the whole site's log.
  `
  ALTER TABLE site_settings ADD COLUMN logo_url TEXT;
  CREATE INDEX audit_by_actor ON audit_log(site_id, actor_id, id);
  CREATE INDEX audit_by_action ON audit_log(site_id, action, id);
  `,

  // 18: reports (issue #19, docs/reports.md). Conversations by creation and by resolution; ratings through the few
  // messages that have an `extra`. Messages by time have no index: ids grow with time, so a range of time is a
  // range of ids (report-queries.ts `idsAtTimes`), and an index on time would cost every stored message a second
  // b-tree insert — a quarter of the relay's CPU per delivery in the bench's fan-out (docs/performance.md).
  `
  CREATE INDEX messages_rated ON messages(ts) WHERE extra IS NOT NULL;
  CREATE INDEX conversations_by_created ON conversations(site_id, created_at);
  CREATE INDEX conversations_by_resolution ON conversations(site_id, resolved_at) WHERE resolved_at IS NOT NULL;
  `,

  // 19: the sign-in throttle (issue #33, docs/accounts.md). Failures count per email as typed (an account or not)
  // and client address, not per account: a stranger's wrong passwords no longer lock the owner out. The account's
  // own counter and lock go, and with them every lock of the old kind.
  `
  CREATE TABLE login_throttle (
    email         TEXT NOT NULL,
    address       TEXT NOT NULL,
    failures      INTEGER NOT NULL,
    blocked_until INTEGER,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (email, address)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX login_throttle_by_update ON login_throttle(updated_at);
  ALTER TABLE accounts DROP COLUMN failed_logins;
  ALTER TABLE accounts DROP COLUMN locked_until;
  `,

  // 20: transcripts (issue #33). The address a conversation's transcripts go to, sealed like a contact's: the one
  // given at the first request, changed only for a verified visitor, whatever address the visitor types later; and
  // how many were asked for since the window began, to limit them per conversation.
  `
  ALTER TABLE email_threads ADD COLUMN transcript_email_enc TEXT;
  ALTER TABLE email_threads ADD COLUMN transcript_window_at INTEGER;
  ALTER TABLE email_threads ADD COLUMN transcripts INTEGER NOT NULL DEFAULT 0;
  `,
];

/**
 * Indexes for full-text search every message not indexed yet (see migration 3), then records how far the index
 * goes. Run both, in order, inside one write transaction.
 */
export const SQLITE_INDEX_NEW_MESSAGES: readonly string[] = [
  `INSERT INTO messages_fts (rowid, text)
   SELECT id, text FROM messages WHERE id > (SELECT through FROM fts_progress) ORDER BY id`,
  `UPDATE fts_progress SET through = (SELECT max(id) FROM messages) WHERE through < (SELECT max(id) FROM messages)`,
];
