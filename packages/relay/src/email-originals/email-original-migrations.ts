import type { Migration } from '../store/migration.js';

/** The migrations of emails' originals (docs/email.md). Never edit one that has shipped: add another. */
export const EMAIL_ORIGINAL_MIGRATIONS: readonly Migration[] = [
  // The original of each message that came in by email (issue #38): its header block as received and the whole text
  // of its body before the quote was stripped, each bounded (64 KiB, 100,000 characters) and marked when cut. One row
  // per message (a rowid table: its rows are large); the conversation's erasure and retention delete them.
  {
    name: 'email.originals',
    ddl: ({ TEXT, INT, BIGINT, SMALLINT, STRICT }) => `
  CREATE TABLE email_originals (
    conversation_id   ${TEXT} NOT NULL,
    seq               ${INT} NOT NULL,
    site_id           ${TEXT} NOT NULL,
    source            ${TEXT} NOT NULL CHECK (source IN ('raw', 'fields')),
    headers           ${TEXT} NOT NULL,
    text              ${TEXT} NOT NULL,
    headers_truncated ${SMALLINT} NOT NULL DEFAULT 0,
    text_truncated    ${SMALLINT} NOT NULL DEFAULT 0,
    received_at       ${BIGINT} NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) ${STRICT};
  `,
  },
];
