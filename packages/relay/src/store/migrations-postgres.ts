/**
 * Schema migrations for {@link PostgresStore}, applied in order by `init()` and recorded in the
 * `parley_migrations` table (version = index + 1). Tables are created in the first schema of the connection's
 * `search_path`. Never edit a migration that has shipped: add the next one.
 *
 * Times are milliseconds since the epoch (`bigint`), as in the `Store` interface.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: sites, staff, visitors, conversations, messages.
  `
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

  // 2: the admin API: workflow fields and labels, contacts (encrypted email, keyed hash), canned responses,
  // audit log, broadcasts, and full-text search over messages (a generated tsvector with a GIN index).
  `
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

  // 3: privacy (issue #15): per-site settings (the retention period: NULL takes the relay's default, 0 keeps for
  // ever) and a contact's pre-chat consent (the version of the text agreed to, and when the relay recorded it).
  `
  CREATE TABLE site_settings (
    site_id        text PRIMARY KEY REFERENCES sites(id),
    retention_days integer CHECK (retention_days >= 0)
  );
  ALTER TABLE contacts ADD COLUMN consent_version text;
  ALTER TABLE contacts ADD COLUMN consent_at bigint;
  `,

  // 4: the durable outbox (issue #16, ADR 0009); see SQLite's migration 5. Relays claim due jobs with
  // \`FOR UPDATE SKIP LOCKED\` and a lease, so one relay of a cluster delivers a job at a time.
  `
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
  // 5: webhooks (issue #16); see SQLite's migration 6.
  `
  CREATE TABLE webhook_endpoints (
    id              text PRIMARY KEY,
    site_id         text NOT NULL REFERENCES sites(id),
    url             text NOT NULL,
    events          text NOT NULL,
    secret          text NOT NULL,
    enabled         boolean NOT NULL,
    disabled_reason text,
    disabled_at     bigint,
    created_at      bigint NOT NULL,
    updated_at      bigint NOT NULL
  );
  CREATE INDEX webhook_endpoints_by_site ON webhook_endpoints(site_id, created_at);

  CREATE TABLE webhook_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id         text NOT NULL,
    endpoint_id     text NOT NULL,
    job_id          text NOT NULL,
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    conversation_id text,
    attempt         integer NOT NULL,
    at              bigint NOT NULL,
    outcome         text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'skipped')),
    status_code     integer,
    error           text,
    latency_ms      integer NOT NULL,
    excerpt         text
  );
  CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id);
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries(at);
  CREATE INDEX webhook_deliveries_by_conversation ON webhook_deliveries(conversation_id) WHERE conversation_id IS NOT NULL;
  `,

  // 6: email (issue #16); see SQLite's migration 7.
  `
  CREATE TABLE email_threads (
    conversation_id text PRIMARY KEY,
    site_id         text NOT NULL,
    emailed_through integer NOT NULL,
    emailed_at      bigint NOT NULL
  );
  CREATE TABLE email_links (
    token_hash      text PRIMARY KEY,
    site_id         text NOT NULL,
    conversation_id text NOT NULL,
    visitor_id      text NOT NULL,
    created_at      bigint NOT NULL,
    expires_at      bigint NOT NULL,
    used_at         bigint
  );
  CREATE INDEX email_links_by_conversation ON email_links(conversation_id);
  CREATE INDEX email_links_by_expiry ON email_links(expires_at);
  ALTER TABLE staff ADD COLUMN email text;
  ALTER TABLE staff ADD COLUMN notify_email boolean NOT NULL DEFAULT false;
  ALTER TABLE staff ADD COLUMN notified_at bigint;
  ALTER TABLE site_settings ADD COLUMN brand_color text;
  `,

  // 7: the outbox's ready line (issue #16); see SQLite's migration 8.
  `
  ALTER TABLE outbox ADD COLUMN held smallint NOT NULL DEFAULT 0;
  DROP INDEX outbox_due;
  CREATE INDEX outbox_ready ON outbox(held, due_at) WHERE status = 'pending';
  `,

  // 8: automations (issue #17); see SQLite's migration 9. The role's CHECK is replaced (PostgreSQL named it
  // `messages_author_role_check`); \`extra\` is added without a default, so no row is rewritten.
  `
  ALTER TABLE messages DROP CONSTRAINT messages_author_role_check;
  ALTER TABLE messages ADD CONSTRAINT messages_author_role_check
    CHECK (author_role IN ('visitor', 'staff', 'system', 'bot'));
  ALTER TABLE messages ADD COLUMN extra text;
  CREATE TABLE automation_settings (
    site_id    text PRIMARY KEY REFERENCES sites(id),
    settings   text NOT NULL,
    updated_at bigint NOT NULL
  );
  `,

  // 9: FAQ answers (issue #17); see SQLite's migration 10.
  `
  CREATE TABLE faq_entries (
    id         text PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites(id),
    language   text NOT NULL,
    question   text NOT NULL,
    answer     text NOT NULL,
    phrasings  text NOT NULL,
    keywords   text NOT NULL,
    answered   integer NOT NULL DEFAULT 0,
    helpful    integer NOT NULL DEFAULT 0,
    escalated  integer NOT NULL DEFAULT 0,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    deleted    smallint NOT NULL DEFAULT 0
  );
  CREATE INDEX faq_entries_by_site ON faq_entries(site_id, created_at);
  CREATE INDEX faq_entries_by_change ON faq_entries(updated_at);
  CREATE TABLE faq_events (
    conversation_id text NOT NULL,
    event           text NOT NULL,
    site_id         text NOT NULL,
    entry_id        text,
    at              bigint NOT NULL,
    PRIMARY KEY (conversation_id, event)
  );
  `,

  // 10: routing and SLA (issue #17, ADR 0012); see SQLite's migration 11.
  `
  CREATE TABLE routing_settings (
    site_id    text PRIMARY KEY REFERENCES sites(id),
    settings   text NOT NULL,
    updated_at bigint NOT NULL
  );
  CREATE TABLE staff_routing (
    staff_id        text PRIMARY KEY REFERENCES staff(id),
    site_id         text NOT NULL,
    availability    text NOT NULL DEFAULT 'online' CHECK (availability IN ('online', 'away', 'offline')),
    availability_at bigint NOT NULL,
    capacity        integer CHECK (capacity >= 0),
    last_seen_at    bigint NOT NULL DEFAULT 0,
    last_assigned   bigint NOT NULL DEFAULT 0
  );
  CREATE INDEX staff_routing_by_site ON staff_routing(site_id);
  CREATE TABLE teams (
    id         text PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites(id),
    name       text NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX teams_by_site ON teams(site_id, name);
  CREATE TABLE team_members (
    team_id  text NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    staff_id text NOT NULL,
    PRIMARY KEY (team_id, staff_id)
  );
  CREATE INDEX team_members_by_staff ON team_members(staff_id);
  ALTER TABLE conversations ADD COLUMN team_id text;
  ALTER TABLE conversations ADD COLUMN first_response_at bigint;
  ALTER TABLE conversations ADD COLUMN sla_due_at bigint;
  ALTER TABLE conversations ADD COLUMN overdue smallint NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN resolved_at bigint;
  CREATE INDEX conversations_open_by_assignee ON conversations(site_id, assignee_id)
    WHERE assignee_id IS NOT NULL AND status IN ('open', 'pending');
  CREATE INDEX conversations_overdue ON conversations(site_id, updated_at, id) WHERE overdue = 1;
  `,

  // 11: attachments (issue #18); see SQLite's migration 12.
  `
  CREATE TABLE attachments (
    id               text PRIMARY KEY,
    site_id          text NOT NULL REFERENCES sites(id),
    conversation_id  text NOT NULL,
    client_id        text NOT NULL,
    uploader_role    text NOT NULL CHECK (uploader_role IN ('visitor', 'staff')),
    uploader_id      text NOT NULL,
    name             text NOT NULL,
    type             text NOT NULL,
    size             bigint NOT NULL,
    sha256           text NOT NULL,
    width            integer,
    height           integer,
    storage_key      text NOT NULL,
    thumbnail_key    text,
    thumbnail_width  integer,
    thumbnail_height integer,
    created_at       bigint NOT NULL,
    UNIQUE (conversation_id, client_id)
  );
  CREATE INDEX attachments_by_site ON attachments(site_id, created_at);
  CREATE INDEX attachments_by_uploader ON attachments(site_id, uploader_id);
  CREATE TABLE attachment_purges (
    storage_key text PRIMARY KEY,
    queued_at   bigint NOT NULL
  );
  CREATE TABLE attachment_settings (
    site_id     text PRIMARY KEY REFERENCES sites(id),
    types       text,
    max_bytes   bigint,
    quota_bytes bigint,
    updated_at  bigint NOT NULL
  );
  `,

  // 12: attachments referenced by messages (protocol 3), as SQLite's 13: a file's place in its message
  // (`file_index`) joins the idempotency key, `referenced_at` marks the uploads a message claimed.
  `
  ALTER TABLE attachments ADD COLUMN file_index smallint NOT NULL DEFAULT 0;
  ALTER TABLE attachments ADD COLUMN referenced_at bigint;
  ALTER TABLE attachments DROP CONSTRAINT attachments_conversation_id_client_id_key;
  ALTER TABLE attachments ADD CONSTRAINT attachments_conversation_id_client_id_file_index_key
    UNIQUE (conversation_id, client_id, file_index);
  CREATE INDEX attachments_unreferenced ON attachments(created_at) WHERE referenced_at IS NULL;
  `,

  // 13: staff accounts (issue #19, ADR 0016); see SQLite's migration 14. PostgreSQL changes `staff` in place.
  `
  CREATE TABLE accounts (
    id              text PRIMARY KEY,
    email           text NOT NULL UNIQUE,
    name            text NOT NULL,
    password_hash   text NOT NULL,
    totp_secret     text,
    totp_pending    text,
    totp_enabled_at bigint,
    totp_last_step  bigint,
    recovery_codes  text NOT NULL DEFAULT '[]',
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    bigint,
    created_at      bigint NOT NULL,
    updated_at      bigint NOT NULL
  );
  ALTER TABLE staff ADD COLUMN account_id text REFERENCES accounts(id);
  ALTER TABLE staff ADD COLUMN scopes text;
  ALTER TABLE staff ADD COLUMN expires_at bigint;
  ALTER TABLE staff ADD COLUMN deactivated_at bigint;
  ALTER TABLE staff ALTER COLUMN token_hash DROP NOT NULL;
  ALTER TABLE staff DROP CONSTRAINT staff_role_check;
  ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('owner', 'admin', 'agent'));
  ALTER TABLE staff ADD CONSTRAINT staff_token_or_account CHECK ((account_id IS NULL) <> (token_hash IS NULL));
  UPDATE staff SET scopes = CASE role WHEN 'admin' THEN '["read","write","admin"]' ELSE '["read","write"]' END;
  CREATE UNIQUE INDEX staff_by_account ON staff(account_id, site_id) WHERE account_id IS NOT NULL;
  CREATE TABLE auth_sessions (
    id           text PRIMARY KEY,
    secret_hash  text NOT NULL UNIQUE,
    account_id   text NOT NULL REFERENCES accounts(id),
    site_id      text NOT NULL REFERENCES sites(id),
    csrf_token   text NOT NULL,
    created_at   bigint NOT NULL,
    last_seen_at bigint NOT NULL,
    expires_at   bigint NOT NULL,
    user_agent   text NOT NULL,
    ip           text NOT NULL,
    revoked_at   bigint
  );
  CREATE INDEX auth_sessions_by_account ON auth_sessions(account_id);
  CREATE TABLE auth_links (
    id         text PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    kind       text NOT NULL CHECK (kind IN ('setup', 'invite', 'reset', 'login')),
    site_id    text,
    account_id text,
    email      text,
    name       text,
    role       text,
    created_by text,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at    bigint
  );
  CREATE INDEX auth_links_by_site ON auth_links(site_id, kind);
  CREATE INDEX auth_links_by_expiry ON auth_links(expires_at);
  ALTER TABLE site_settings ADD COLUMN require_2fa boolean NOT NULL DEFAULT false;
  `,
  // 14: mentions, as SQLite's 15.
  `
  CREATE TABLE mentions (
    staff_id        text NOT NULL,
    conversation_id text NOT NULL,
    seq             bigint NOT NULL,
    site_id         text NOT NULL,
    author_id       text NOT NULL,
    created_at      bigint NOT NULL,
    read_at         bigint,
    PRIMARY KEY (staff_id, conversation_id, seq)
  );
  CREATE INDEX mentions_by_staff ON mentions(site_id, staff_id, created_at);
  CREATE INDEX mentions_by_conversation ON mentions(conversation_id);
  `,

  // 15: Web Push subscriptions, as SQLite's 16.
  `
  CREATE TABLE push_subscriptions (
    endpoint   text PRIMARY KEY,
    site_id    text NOT NULL,
    staff_id   text NOT NULL,
    p256dh     text NOT NULL,
    auth       text NOT NULL,
    created_at bigint NOT NULL,
    pushed_at  bigint
  );
  CREATE INDEX push_subscriptions_by_staff ON push_subscriptions(site_id, staff_id);
  `,

  // 16: the inbox's settings pages (issue #19); see SQLite's migration 17.
  `
  ALTER TABLE site_settings ADD COLUMN logo_url text;
  CREATE INDEX audit_by_actor ON audit_log(site_id, actor_id, id);
  CREATE INDEX audit_by_action ON audit_log(site_id, action, id);
  `,

  // 17: reports (issue #19), as SQLite's 18: messages by time (index-only scans of a range), conversations by
  // creation and by resolution, ratings through the messages that have an `extra`.
  `
  CREATE INDEX messages_by_time ON messages(ts, author_role, kind, conversation_id, author_id);
  CREATE INDEX messages_rated ON messages(ts) WHERE extra IS NOT NULL;
  CREATE INDEX conversations_by_created ON conversations(site_id, created_at);
  CREATE INDEX conversations_by_resolution ON conversations(site_id, resolved_at) WHERE resolved_at IS NOT NULL;
  `,

  // 18: the sign-in throttle (issue #33), as SQLite's 19: per email as typed and client address, not per account.
  `
  CREATE TABLE login_throttle (
    email         text NOT NULL,
    address       text NOT NULL,
    failures      integer NOT NULL,
    blocked_until bigint,
    updated_at    bigint NOT NULL,
    PRIMARY KEY (email, address)
  );
  CREATE INDEX login_throttle_by_update ON login_throttle(updated_at);
  ALTER TABLE accounts DROP COLUMN failed_logins;
  ALTER TABLE accounts DROP COLUMN locked_until;
  `,

  // 19: transcripts (issue #33), as SQLite's 20: the address a conversation's transcripts go to, and how many were
  // asked for in the current window.
  `
  ALTER TABLE email_threads ADD COLUMN transcript_email_enc text;
  ALTER TABLE email_threads ADD COLUMN transcript_window_at bigint;
  ALTER TABLE email_threads ADD COLUMN transcripts integer NOT NULL DEFAULT 0;
  `,
];
