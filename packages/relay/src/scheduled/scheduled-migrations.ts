import type { Migration } from '../store/migration.js';

/** Send later's migrations (docs/send-later.md). Never edit one that has shipped: add another. */
export const SCHEDULED_MIGRATIONS: readonly Migration[] = [
  // Each staff message scheduled for a time, and where it is. The sending itself is an outbox job written with the
  // row (and a new one with each new time), so nothing here is read by time.
  {
    name: 'scheduled.messages',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE scheduled_messages (
    id              ${TEXT} PRIMARY KEY,
    site_id         ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    staff_id        ${TEXT} NOT NULL,
    staff_name      ${TEXT} NOT NULL,
    text            ${TEXT} NOT NULL,
    send_at         ${BIGINT} NOT NULL,
    status          ${TEXT} NOT NULL,
    message_id      ${TEXT},
    error           ${TEXT},
    created_at      ${BIGINT} NOT NULL,
    updated_at      ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX scheduled_messages_conversation ON scheduled_messages (conversation_id, status);
  `,
  },
  // What message safety replaced in the text when it was scheduled or edited (JSON, the protocol's `Redacted`): the
  // text is stored screened, and the message sent from it says what was replaced.
  {
    name: 'scheduled.redacted',
    ddl: ({ TEXT }) => `ALTER TABLE scheduled_messages ADD COLUMN redacted ${TEXT};`,
  },
];
