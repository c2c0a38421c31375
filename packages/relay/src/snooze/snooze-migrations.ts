import type { Migration } from '../store/migration.js';

/** Snooze's migrations (docs/automations.md, "Snooze"). Never edit one that has shipped: add another. */
export const SNOOZE_MIGRATIONS: readonly Migration[] = [
  // When each snoozed conversation wakes, and who snoozed it: one row per conversation, replaced by a new snooze.
  // The wake-up itself is an outbox job, so nothing here is read by time.
  {
    name: 'snooze.conversations',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE conversation_snoozes (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id         ${TEXT} NOT NULL,
    until           ${BIGINT} NOT NULL,
    snoozed_by      ${TEXT} NOT NULL,
    created_at      ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
];
