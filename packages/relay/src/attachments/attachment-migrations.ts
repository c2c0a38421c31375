import type { Migration } from '../store/migration.js';

/** The attachments' migrations (docs/attachments.md). Never edit one that has shipped: add another. */
export const ATTACHMENT_MIGRATIONS: readonly Migration[] = [
  // Attachments (issue #18, docs/attachments.md). One row per stored file, keyed for idempotent uploads by the
  // message's client id within its conversation. No foreign key to conversations: a visitor may upload before their
  // first message creates the conversation. `attachment_purges` is the queue of objects (files on disk or in the
  // bucket) whose rows were erased, written in the erasing transaction and emptied by the relay once each object is
  // deleted, so an erasure never leaves a file behind even if the relay stops between the two. `attachment_settings`
  // holds a site's own allowlist and limits (NULL: the relay's configuration). Was SQLite 12, PostgreSQL 11.
  {
    name: 'attachments.files',
    ddl: ({ TEXT, INT, BIGINT, STRICT, WITHOUT_ROWID }) => `
  CREATE TABLE attachments (
    id               ${TEXT} PRIMARY KEY,
    site_id          ${TEXT} NOT NULL REFERENCES sites(id),
    conversation_id  ${TEXT} NOT NULL,
    client_id        ${TEXT} NOT NULL,
    uploader_role    ${TEXT} NOT NULL CHECK (uploader_role IN ('visitor', 'staff')),
    uploader_id      ${TEXT} NOT NULL,
    name             ${TEXT} NOT NULL,
    type             ${TEXT} NOT NULL,
    size             ${BIGINT} NOT NULL,
    sha256           ${TEXT} NOT NULL,
    width            ${INT},
    height           ${INT},
    storage_key      ${TEXT} NOT NULL,
    thumbnail_key    ${TEXT},
    thumbnail_width  ${INT},
    thumbnail_height ${INT},
    created_at       ${BIGINT} NOT NULL,
    UNIQUE (conversation_id, client_id)
  ) ${STRICT};
  CREATE INDEX attachments_by_site ON attachments(site_id, created_at);
  CREATE INDEX attachments_by_uploader ON attachments(site_id, uploader_id);
  CREATE TABLE attachment_purges (
    storage_key ${TEXT} PRIMARY KEY,
    queued_at   ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE TABLE attachment_settings (
    site_id     ${TEXT} PRIMARY KEY REFERENCES sites(id),
    types       ${TEXT},
    max_bytes   ${BIGINT},
    quota_bytes ${BIGINT},
    updated_at  ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
  // Attachments referenced by messages (protocol 3). A message may carry several files, each uploaded under the
  // message's client id and its place in the message (`file_index`, 0 for the first): the idempotency key becomes
  // (conversation, client id, index), so the table is rebuilt (SQLite cannot drop a UNIQUE constraint). A send claims
  // its uploads by setting `referenced_at` before the message is stored (the message's `extra` column holds the
  // references); uploads never claimed are deleted after a day (PARLEY_ATTACHMENT_ORPHAN_TTL_S), found through the
  // partial index. PostgreSQL changes the table in place. Was SQLite 13, PostgreSQL 12.
  {
    name: 'attachments.message-files',
    sqlite: `
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
    postgres: `
  ALTER TABLE attachments ADD COLUMN file_index smallint NOT NULL DEFAULT 0;
  ALTER TABLE attachments ADD COLUMN referenced_at bigint;
  ALTER TABLE attachments DROP CONSTRAINT attachments_conversation_id_client_id_key;
  ALTER TABLE attachments ADD CONSTRAINT attachments_conversation_id_client_id_file_index_key
    UNIQUE (conversation_id, client_id, file_index);
  CREATE INDEX attachments_unreferenced ON attachments(created_at) WHERE referenced_at IS NULL;
  `,
  },
];
