import type { Migration } from '../store/migration.js';

/** The webhooks' migrations: endpoints and their deliveries. Never edit one that has shipped: add another. */
export const WEBHOOK_MIGRATIONS: readonly Migration[] = [
  // Webhooks (issue #16). A site's endpoints (the signing secret sealed with the data key, like identity secrets;
  // `events` a JSON array of subscriptions; a disabled endpoint says why and since when) and one row per delivery
  // attempt, pruned after 30 days. A delivery names its outbox job, whose payload holds the event a resend sends again;
  // `conversation_id` lets an erasure remove the rows about a conversation. Was SQLite 6, PostgreSQL 5.
  {
    name: 'webhooks.endpoints',
    sqlite: `
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
    postgres: `
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
  },
  // Batched deliveries (issue #37, ADR 0039): an endpoint may take several events per request; a delivery log row then
  // stands for the request and counts its events.
  {
    name: 'webhooks.batch',
    sqlite: `
  ALTER TABLE webhook_endpoints ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE webhook_deliveries ADD COLUMN event_count INTEGER NOT NULL DEFAULT 1;
  `,
    postgres: `
  ALTER TABLE webhook_endpoints ADD COLUMN batch boolean NOT NULL DEFAULT false;
  ALTER TABLE webhook_deliveries ADD COLUMN event_count integer NOT NULL DEFAULT 1;
  `,
  },
];
