import type { Migration } from '../store/migration.js';

/**
 * Staff accounts' migrations (ADR 0016, docs/accounts.md): accounts, members, sessions, links, the sign-in throttle.
 * Never edit one that has shipped: add another.
 */
export const AUTH_MIGRATIONS: readonly Migration[] = [
  // Staff accounts (issue #19, ADR 0016). An account is a person across sites (email, Argon2id password hash, sealed
  // TOTP secret, hashed single-use recovery codes, the failure counter and lock of its logins). A member is a `staff`
  // row with `account_id` set, one per account per site, with a role owner | admin | agent and `deactivated_at`; an API
  // token is a staff row without an account, with `scopes` (a JSON array of read, write, admin) and `expires_at`.
  // Existing token rows keep working as API tokens: admin → every scope, agent → read and write. SQLite cannot change a
  // CHECK nor drop NOT NULL, so `staff` is rebuilt; `staff_routing` refers to it, so its rows step aside meanwhile
  // (dropping a parent with children fails with foreign keys on). Sessions keep the hash of the cookie's secret;
  // one-time links (setup, invitation, password reset, the second step of a login) keep the hash of their token.
  // PostgreSQL changes `staff` in place. Was SQLite 14, PostgreSQL 13.
  {
    name: 'auth.accounts',
    after: ['email.threads', 'routing.teams-and-sla'],
    sqlite: `
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
    postgres: `
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
  },
  // The sign-in throttle (issue #33, docs/accounts.md). Failures count per email as typed (an account or not) and
  // client address, not per account: a stranger's wrong passwords no longer lock the owner out. The account's own
  // counter and lock go, and with them every lock of the old kind. Was SQLite 19, PostgreSQL 18.
  {
    name: 'auth.login-throttle',
    ddl: ({ TEXT, INT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE login_throttle (
    email         ${TEXT} NOT NULL,
    address       ${TEXT} NOT NULL,
    failures      ${INT} NOT NULL,
    blocked_until ${BIGINT},
    updated_at    ${BIGINT} NOT NULL,
    PRIMARY KEY (email, address)
  ) ${WITHOUT_ROWID};
  CREATE INDEX login_throttle_by_update ON login_throttle(updated_at);
  ALTER TABLE accounts DROP COLUMN failed_logins;
  ALTER TABLE accounts DROP COLUMN locked_until;
  `,
  },
  // A session's second factor (issue #80): when it was given (a TOTP or recovery code at sign-in, or two-factor turned
  // on in the session). Without one, a site that requires two-factor is refused to the session even though the
  // account has TOTP on: an invitation accepted or a setup with the password alone proved one factor. Sessions from
  // before stay NULL, without one: that holds back only accounts with TOTP on, on a site that requires it, until
  // they sign in again with their code; every other session goes on as before.
  {
    name: 'auth.session-second-factor',
    ddl: ({ BIGINT }) => `
  ALTER TABLE auth_sessions ADD COLUMN second_factor_at ${BIGINT};
  `,
  },
  // An invitation's proof of the mailbox (issue #80): when the relay emailed its link (NULL: handed to the admin who
  // made it, or made before this), and the code emailed to the address when accepting a handed-over one must prove
  // the mailbox (its hash, when it was sent, the wrong tries). Invitations from before count as handed over.
  {
    name: 'auth.invitation-mailbox-proof',
    ddl: ({ TEXT, BIGINT }) => `
  ALTER TABLE auth_links ADD COLUMN mailed_at ${BIGINT};
  ALTER TABLE auth_links ADD COLUMN code_hash ${TEXT};
  ALTER TABLE auth_links ADD COLUMN code_sent_at ${BIGINT};
  ALTER TABLE auth_links ADD COLUMN code_attempts ${BIGINT} NOT NULL DEFAULT 0;
  `,
  },
];
