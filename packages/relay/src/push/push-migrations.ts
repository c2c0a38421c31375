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
  // What each browser was last shown (issue #43): a notification per tag (`conversation:<id>`, `mention:<id>:<seq>`)
  // and the sequence it was about, so that a read on another device closes it there, and only where one is shown.
  // `session_id`: the browser session that saved a subscription (its device), which a read through it leaves out.
  {
    name: 'push.shown',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  ALTER TABLE push_subscriptions ADD COLUMN session_id ${TEXT};
  CREATE TABLE push_shown (
    endpoint        ${TEXT} NOT NULL,
    tag             ${TEXT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    seq             ${BIGINT} NOT NULL,
    shown_at        ${BIGINT} NOT NULL,
    PRIMARY KEY (endpoint, tag)
  ) ${WITHOUT_ROWID};
  CREATE INDEX push_shown_by_conversation ON push_shown(site_id, conversation_id);
  `,
  },
];
