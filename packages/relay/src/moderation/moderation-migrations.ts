import type { Migration } from '../store/migration.js';

/** Spam and review's migrations (docs/safety.md, "Spam and review"). Never edit one that has shipped: add another. */
export const MODERATION_MIGRATIONS: readonly Migration[] = [
  // Why a conversation is up for review: one row per (conversation, reason, detail), so a flag raised again is one
  // row; a dismissed flag stays dismissed.
  {
    name: 'moderation.flags',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE conversation_flags (
    conversation_id ${TEXT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    reason          ${TEXT} NOT NULL,
    detail          ${TEXT} NOT NULL,
    seq             ${BIGINT},
    at              ${BIGINT} NOT NULL,
    dismissed_at    ${BIGINT},
    dismissed_by    ${TEXT},
    PRIMARY KEY (conversation_id, reason, detail)
  ) ${WITHOUT_ROWID};
  `,
  },
  // Conversations marked as spam, with what the mark blocks until `until`: the visitor, and the network the
  // conversation was opened from (a keyed hash; null when unknown). The list's views and the reports read it by
  // conversation; the relays load the blocks not yet over.
  {
    name: 'moderation.spam',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE conversation_spam (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id         ${TEXT} NOT NULL,
    visitor_id      ${TEXT} NOT NULL,
    network         ${TEXT},
    marked_by       ${TEXT} NOT NULL,
    marked_by_name  ${TEXT} NOT NULL,
    marked_at       ${BIGINT} NOT NULL,
    until           ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX conversation_spam_until ON conversation_spam (until);
  `,
  },
  // The network each conversation was opened from, as a keyed hash (never the address): written once, when its
  // first message is stored, for a later mark as spam to block.
  {
    name: 'moderation.networks',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE conversation_networks (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id         ${TEXT} NOT NULL,
    network         ${TEXT} NOT NULL,
    at              ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
];
