import { AUTH_MIGRATIONS } from '../auth/auth-migrations.js';
import { OUTBOX_MIGRATIONS } from '../outbox/outbox-migrations.js';
import { CORE_MIGRATIONS } from './core-migrations.js';
import type { Dialect, Migration } from './migration.js';

/**
 * The migrations of what every relay has, whatever its features: the stores' tables, the outbox's, the accounts'.
 * They come first; each feature's follow in the order of the feature list (`MIGRATIONS` in features/features.ts,
 * the list the stores are given).
 */
export const BASE_MIGRATIONS: readonly (readonly Migration[])[] = [CORE_MIGRATIONS, OUTBOX_MIGRATIONS, AUTH_MIGRATIONS];

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
