import { ADMIN_MIGRATIONS } from '../admin/admin-migrations.js';
import { ATTACHMENT_MIGRATIONS } from '../attachments/attachment-migrations.js';
import { AUTH_MIGRATIONS } from '../auth/auth-migrations.js';
import { AUTOMATION_MIGRATIONS } from '../automations/automation-migrations.js';
import { EMAIL_MIGRATIONS } from '../email/email-migrations.js';
import { MENTION_MIGRATIONS } from '../mentions/mention-migrations.js';
import { OUTBOX_MIGRATIONS } from '../outbox/outbox-migrations.js';
import { PUSH_MIGRATIONS } from '../push/push-migrations.js';
import { ROUTING_MIGRATIONS } from '../routing/routing-migrations.js';
import { WEBHOOK_MIGRATIONS } from '../webhooks/webhook-migrations.js';
import { CORE_MIGRATIONS } from './core-migrations.js';
import { orderMigrations, type Dialect, type Migration } from './migration.js';

/**
 * Every migration of this relay, in the order they apply: the core's (the stores', the outbox's, the accounts')
 * first, then each feature's in the order features are listed, each moved after the ones it builds on
 * ({@link orderMigrations}). The stores take a list as an option, defaulting to this one.
 */
export const MIGRATIONS: readonly Migration[] = orderMigrations([
  CORE_MIGRATIONS,
  OUTBOX_MIGRATIONS,
  AUTH_MIGRATIONS,
  ADMIN_MIGRATIONS,
  WEBHOOK_MIGRATIONS,
  EMAIL_MIGRATIONS,
  AUTOMATION_MIGRATIONS,
  ROUTING_MIGRATIONS,
  PUSH_MIGRATIONS,
  MENTION_MIGRATIONS,
  ATTACHMENT_MIGRATIONS,
]);

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
