import type { Migration } from '../store/migration.js';

/**
 * Email's migrations: conversation threads, one-time links, staff addresses and transcripts. Never edit one that has
 * shipped: add another.
 */
export const EMAIL_MIGRATIONS: readonly Migration[] = [
  // Email (issue #16). Per conversation, the newest staff reply an email has carried (a retry or a later job never
  // repeats one). One-time links that reopen a conversation in the widget: only the SHA-256 of the token is kept, with
  // its expiry and when it was used. A staff member's own email (sealed like a contact's) and whether they want
  // notifications, and when they were last sent one. A site's brand colour, for its emails. Was SQLite 7, PostgreSQL 6.
  {
    name: 'email.threads',
    sqlite: `
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
    postgres: `
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
  },
  // Transcripts (issue #33). The address a conversation's transcripts go to, sealed like a contact's: the one given at
  // the first request, changed only for a verified visitor, whatever address the visitor types later; and how many were
  // asked for since the window began, to limit them per conversation. Was SQLite 20, PostgreSQL 19.
  {
    name: 'email.transcripts',
    ddl: ({ TEXT, INT, BIGINT }) => `
  ALTER TABLE email_threads ADD COLUMN transcript_email_enc ${TEXT};
  ALTER TABLE email_threads ADD COLUMN transcript_window_at ${BIGINT};
  ALTER TABLE email_threads ADD COLUMN transcripts ${INT} NOT NULL DEFAULT 0;
  `,
  },
  // Threading replies by email (issue #38): the Message-ID and subject of the visitor's latest email in the
  // conversation, which the next reply email answers (In-Reply-To, References, "Re: <subject>").
  {
    name: 'email.inbound-thread',
    ddl: ({ TEXT }) => `
  ALTER TABLE email_threads ADD COLUMN inbound_message_id ${TEXT};
  ALTER TABLE email_threads ADD COLUMN inbound_subject ${TEXT};
  `,
  },
];
