import type { Migration } from '../store/migration.js';

/** Mentions' migrations. Never edit one that has shipped: add another. */
export const MENTION_MIGRATIONS: readonly Migration[] = [
  // Mentions — a staff member named with @ in a private note, once per note; read when they open it. Was SQLite 15,
  // PostgreSQL 14.
  {
    name: 'mentions.notes',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE mentions (
    staff_id        ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    seq             ${BIGINT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    author_id       ${TEXT} NOT NULL,
    created_at      ${BIGINT} NOT NULL,
    read_at         ${BIGINT},
    PRIMARY KEY (staff_id, conversation_id, seq)
  ) ${WITHOUT_ROWID};
  CREATE INDEX mentions_by_staff ON mentions(site_id, staff_id, created_at);
  CREATE INDEX mentions_by_conversation ON mentions(conversation_id);
  `,
  },
];
