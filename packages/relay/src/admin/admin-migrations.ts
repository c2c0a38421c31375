import type { Migration } from '../store/migration.js';

/**
 * The desk's migrations (the admin API) beyond the core: the settings pages and reports (docs/reports.md). Never
 * edit one that has shipped: add another.
 */
export const ADMIN_MIGRATIONS: readonly Migration[] = [
  // The inbox's settings pages (issue #19): the site's logo (an https URL, shown in its emails), and the audit log
  // filtered by actor or by action, newest first, without walking the whole site's log. Was SQLite 17, PostgreSQL 16.
  {
    name: 'desk.settings-pages',
    // Its column goes after theirs in site_settings, as in every database made before names.
    after: ['email.threads', 'auth.accounts'],
    ddl: ({ TEXT }) => `
  ALTER TABLE site_settings ADD COLUMN logo_url ${TEXT};
  CREATE INDEX audit_by_actor ON audit_log(site_id, actor_id, id);
  CREATE INDEX audit_by_action ON audit_log(site_id, action, id);
  `,
  },
  // Reports (issue #19, docs/reports.md). Conversations by creation and by resolution; ratings through the few messages
  // that have an `extra`. Messages by time have no index: ids grow with time, so a range of time is a range of ids
  // (report-queries.ts `idsAtTimes`), and an index on time would cost every stored message a second b-tree insert — a
  // quarter of the relay's CPU per delivery in the bench's fan-out (docs/performance.md). PostgreSQL does index
  // messages by time, for index-only scans of a range. Was SQLite 18, PostgreSQL 17.
  {
    name: 'desk.reports',
    after: ['automations.bot-messages', 'routing.teams-and-sla'],
    sqlite: `
  CREATE INDEX messages_rated ON messages(ts) WHERE extra IS NOT NULL;
  CREATE INDEX conversations_by_created ON conversations(site_id, created_at);
  CREATE INDEX conversations_by_resolution ON conversations(site_id, resolved_at) WHERE resolved_at IS NOT NULL;
  `,
    postgres: `
  CREATE INDEX messages_by_time ON messages(ts, author_role, kind, conversation_id, author_id);
  CREATE INDEX messages_rated ON messages(ts) WHERE extra IS NOT NULL;
  CREATE INDEX conversations_by_created ON conversations(site_id, created_at);
  CREATE INDEX conversations_by_resolution ON conversations(site_id, resolved_at) WHERE resolved_at IS NOT NULL;
  `,
  },
  // Contacts staff edit (issue #36): the team's notes, and when staff last set the name, the email — from then on
  // what staff set wins over what the visitor's page says, field by field (contact-queries.ts touchContacts).
  {
    name: 'desk.contact-edits',
    ddl: ({ TEXT, BIGINT }) => `
  ALTER TABLE contacts ADD COLUMN notes ${TEXT};
  ALTER TABLE contacts ADD COLUMN name_edited_at ${BIGINT};
  ALTER TABLE contacts ADD COLUMN email_edited_at ${BIGINT};
  `,
  },
];
