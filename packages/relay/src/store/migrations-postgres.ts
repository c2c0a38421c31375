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
];
