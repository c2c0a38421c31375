import type { Migration } from '../store/migration.js';

/**
 * The automations' migrations: bot messages, automation settings and FAQ answers. Never edit one that has shipped: add
 * another.
 */
export const AUTOMATION_MIGRATIONS: readonly Migration[] = [
  // Automations (issue #17). Messages may be written by the site's bot (`author_role` 'bot'), and carry what protocol 2
  // adds to a message — quick-reply buttons, the automation that wrote it, a visitor's rating — as a JSON object in
  // `extra` (NULL on nearly every message). A CHECK constraint cannot be altered, so the table is rebuilt as in
  // `store.deferred-search`, ids and the full-text index intact. A site's automation settings (business hours,
  // holidays, the welcome and away texts per language, CSAT) are one JSON document per site. PostgreSQL replaces the
  // role's CHECK (it named it `messages_author_role_check`) and adds `extra` without a default, so no row is
  // rewritten. Was SQLite 9, PostgreSQL 8.
  {
    name: 'automations.bot-messages',
    sqlite: `
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
    postgres: `
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
  },
  // FAQ answers (issue #17, ADR 0011). A site's entries, each in one language, with the visitors' phrasings and
  // keywords as JSON arrays and the counts the inbox shows. A deleted entry is kept as `deleted = 1`, so that other
  // relays see the change (they read entries changed since their last look) and its counts stay. An event counted (an
  // answer, a "helpful", a hand-over) is a row keyed by its conversation and its name: counted once, however often its
  // job is delivered; the `handover` row is also how every relay knows the bot stepped back. Was SQLite 10, PostgreSQL
  // 9.
  {
    name: 'automations.faq',
    ddl: ({ TEXT, INT, BIGINT, SMALLINT, STRICT, WITHOUT_ROWID }) => `
  CREATE TABLE faq_entries (
    id         ${TEXT} PRIMARY KEY,
    site_id    ${TEXT} NOT NULL REFERENCES sites(id),
    language   ${TEXT} NOT NULL,
    question   ${TEXT} NOT NULL,
    answer     ${TEXT} NOT NULL,
    phrasings  ${TEXT} NOT NULL,
    keywords   ${TEXT} NOT NULL,
    answered   ${INT} NOT NULL DEFAULT 0,
    helpful    ${INT} NOT NULL DEFAULT 0,
    escalated  ${INT} NOT NULL DEFAULT 0,
    created_at ${BIGINT} NOT NULL,
    updated_at ${BIGINT} NOT NULL,
    deleted    ${SMALLINT} NOT NULL DEFAULT 0
  ) ${STRICT};
  CREATE INDEX faq_entries_by_site ON faq_entries(site_id, created_at);
  CREATE INDEX faq_entries_by_change ON faq_entries(updated_at);
  CREATE TABLE faq_events (
    conversation_id ${TEXT} NOT NULL,
    event           ${TEXT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    entry_id        ${TEXT},
    at              ${BIGINT} NOT NULL,
    PRIMARY KEY (conversation_id, event)
  ) ${WITHOUT_ROWID};
  `,
  },
  // Whether a person replied in a conversation (faqConversationState, asked by every FAQ and AI agent job) is read
  // from this index, not by scanning the conversation's messages: a long conversation no person answered (a bot's,
  // or one visitor's flood) took ~10 ms a job. Only staff text messages are in it, so the visitors' path pays nothing.
  {
    name: 'automations.staff-replies',
    ddl: () => `
  CREATE INDEX messages_staff_text ON messages(conversation_id) WHERE author_role = 'staff' AND kind = 'text';
  `,
  },
];
