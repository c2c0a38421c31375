import type { Migration } from '../store/migration.js';

/** Web Push's migrations (ADR 0017). Never edit one that has shipped: add another. */
export const PUSH_MIGRATIONS: readonly Migration[] = [
  // Web Push subscriptions — a staff member's browsers, told of conversations while the inbox is closed. Was SQLite 16,
  // PostgreSQL 15.
  {
    name: 'push.subscriptions',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE push_subscriptions (
    endpoint   ${TEXT} PRIMARY KEY,
    site_id    ${TEXT} NOT NULL,
    staff_id   ${TEXT} NOT NULL,
    p256dh     ${TEXT} NOT NULL,
    auth       ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    pushed_at  ${BIGINT}
  ) ${WITHOUT_ROWID};
  CREATE INDEX push_subscriptions_by_staff ON push_subscriptions(site_id, staff_id);
  `,
  },
];
