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
import type { Dialect, Migration } from './migration.js';

/**
 * Every migration of this relay, in the order they apply: the core's first, then each owner's. An owner goes after
 * the owners its migrations build on (each names them in `after`; the stores check it). The stores take this list
 * as an option, defaulting to it.
 */
export const MIGRATIONS: readonly Migration[] = [
  ...CORE_MIGRATIONS,
  ...OUTBOX_MIGRATIONS,
  ...WEBHOOK_MIGRATIONS,
  ...EMAIL_MIGRATIONS,
  ...AUTOMATION_MIGRATIONS,
  ...ROUTING_MIGRATIONS,
  ...ATTACHMENT_MIGRATIONS,
  ...AUTH_MIGRATIONS,
  ...MENTION_MIGRATIONS,
  ...PUSH_MIGRATIONS,
  ...ADMIN_MIGRATIONS,
];

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
    'admin.settings-pages',
    'admin.reports',
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
    'admin.settings-pages',
    'admin.reports',
    'auth.login-throttle',
    'email.transcripts',
  ],
};
