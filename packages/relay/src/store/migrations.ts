import type { Dialect } from './migration.js';

/**
 * What the numbered schema versions of the relays before migrations by name held, for the one conversion step: a
 * database at numbered version N (SQLite's `PRAGMA user_version`, PostgreSQL's highest `parley_migrations.version`)
 * has applied the first N names of its store's list. Frozen: these relays are released, and no name is ever added.
 */
export const NUMBERED_MIGRATIONS: Readonly<Record<Dialect, readonly string[]>> = {
  sqlite: [
    'store.chat',
    'store.inbox',
    'store.deferred-search',
    'store.privacy',
    'outbox.jobs',
    'webhooks.endpoints',
    'email.threads',
    'outbox.ready-line',
    'automations.bot-messages',
    'automations.faq',
    'routing.teams-and-sla',
    'attachments.files',
    'attachments.message-files',
    'auth.accounts',
    'mentions.notes',
    'push.subscriptions',
    'desk.settings-pages',
    'desk.reports',
    'auth.login-throttle',
    'email.transcripts',
  ],
  postgres: [
    'store.chat',
    'store.inbox',
    'store.privacy',
    'outbox.jobs',
    'webhooks.endpoints',
    'email.threads',
    'outbox.ready-line',
    'automations.bot-messages',
    'automations.faq',
    'routing.teams-and-sla',
    'attachments.files',
    'attachments.message-files',
    'auth.accounts',
    'mentions.notes',
    'push.subscriptions',
    'desk.settings-pages',
    'desk.reports',
    'auth.login-throttle',
    'email.transcripts',
  ],
};
