import type { Migration } from '../store/migration.js';

/** Message edits' migrations (docs/protocol.md, "Editing and deleting"). Never edit one that has shipped: add another. */
export const EDITS_MIGRATIONS: readonly Migration[] = [
  // The text a staff member's message had before each edit or delete, for the site's audit: the message row itself
  // holds the text as it now is (empty when deleted) and says so in its `extra` (`editedAt`, `deleted`).
  {
    name: 'edits.messages',
    ddl: ({ TEXT, BIGINT, STRICT }) => `
  CREATE TABLE message_edits (
    message_id      ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    staff_id        ${TEXT} NOT NULL,
    action          ${TEXT} NOT NULL CHECK (action IN ('edit', 'delete')),
    old_text        ${TEXT} NOT NULL,
    at              ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX message_edits_by_conversation ON message_edits(conversation_id, message_id);
  `,
  },
];
