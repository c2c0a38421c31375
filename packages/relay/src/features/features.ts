import { deskFeature } from '../admin/feature.js';
import { apiChannelsFeature } from '../api-channels/feature.js';
import { attachmentsFeature } from '../attachments/feature.js';
import { attributesFeature } from '../attributes/feature.js';
import { automationsFeature } from '../automations/feature.js';
import { bulkFeature } from '../bulk/feature.js';
import { editsFeature } from '../edits/feature.js';
import { visitorHistoryFeature } from '../visitor-history/feature.js';
import { exportFeature } from '../export/feature.js';
import { emailFeature } from '../email/feature.js';
import { emailOriginalFeature } from '../email-originals/email-original-feature.js';
import { inboundEmailFeature } from '../inbound-email/inbound-feature.js';
import { supportFeature } from '../support-addresses/support-feature.js';
import { mailboxesFeature } from '../mailboxes/feature.js';
import { mentionsFeature } from '../mentions/feature.js';
import { mergeFeature } from '../merge/feature.js';
import { moderationFeature } from '../moderation/feature.js';
import { pushFeature } from '../push/feature.js';
import { rolesFeature } from '../roles/feature.js';
import { routingFeature } from '../routing/feature.js';
import { slaFeature } from '../sla/feature.js';
import { rulesFeature } from '../rules/feature.js';
import { safetyFeature } from '../safety/feature.js';
import { scheduledFeature } from '../scheduled/feature.js';
import { snoozeFeature } from '../snooze/feature.js';
import { reopenFeature } from '../reopen/feature.js';
import { ssoFeature } from '../sso/feature.js';
import { viewsFeature } from '../views/feature.js';
import { visibilityFeature } from '../visibility/feature.js';
import { webhooksFeature } from '../webhooks/feature.js';
import { widgetStringsFeature } from '../widget-strings/feature.js';
import { widgetLookFeature } from '../widget-look/feature.js';
import { replyTimeFeature } from '../reply-time/feature.js';
import { helpCenterFeature } from '../help-center/feature.js';
import { campaignsFeature } from '../campaigns/feature.js';
import { prechatFormFeature } from '../prechat-form/feature.js';
import { sdkPackagesFeature } from '../sdk-packages/feature.js';
import { aiFeature } from '../ai/feature.js';
import { messagingFeature } from '../messaging/feature.js';
import { telegramFeature } from '../telegram/feature.js';
import { twilioFeature } from '../twilio/feature.js';
import { whatsappFeature } from '../whatsapp/feature.js';
import { messengerFeature } from '../messenger/feature.js';
import { instagramFeature } from '../instagram/feature.js';
import { companiesFeature } from '../companies/feature.js';
import { AUTH_MIGRATIONS } from '../auth/auth-migrations.js';
import { OUTBOX_MIGRATIONS } from '../outbox/outbox-migrations.js';
import { CORE_MIGRATIONS } from '../store/core-migrations.js';
import { MESSAGE_LOG_MIGRATIONS } from '../message-log/message-log-migrations.js';
import { orderMigrations } from '../store/migration.js';
import { addRepositories } from '../store/repositories.js';
import { erasurePlan, missingRequirements } from './feature-host.js';
import type { AnyFeature } from './feature.js';

/**
 * Every feature of the relay, in order: the order their hooks are asked, their handlers registered, their
 * routes matched and documented, and they start (they stop in reverse). A new feature is a module in its own
 * folder and one line here (docs/architecture.md, "Adding a feature").
 */
export const FEATURES = [
  deskFeature,
  // What a member may do (custom roles), then who sees what: asked by the admin API and the staff socket before
  // anything else is shown.
  rolesFeature,
  visibilityFeature,
  // Spam blocks and limits first: a blocked visitor's message is refused before it is scanned.
  moderationFeature,
  safetyFeature,
  webhooksFeature,
  emailFeature,
  emailOriginalFeature,
  inboundEmailFeature,
  supportFeature,
  // A team's own mailbox over IMAP: its mail through the inbound path as a support address's.
  mailboxesFeature,
  apiChannelsFeature,
  // Native messaging channels, then their providers (each contributes to `messaging.providers`).
  messagingFeature,
  telegramFeature,
  twilioFeature,
  whatsappFeature,
  messengerFeature,
  instagramFeature,
  automationsFeature,
  routingFeature,
  slaFeature,
  attributesFeature,
  rulesFeature,
  pushFeature,
  mentionsFeature,
  attachmentsFeature,
  snoozeFeature,
  // Beside snooze, which wakes a snoozed conversation the customer writes to: this reopens resolved and pending ones.
  reopenFeature,
  scheduledFeature,
  editsFeature,
  visitorHistoryFeature,
  widgetLookFeature,
  widgetStringsFeature,
  // After the automations (business hours) and the attributes (what a field fills, how its value is kept).
  prechatFormFeature,
  // After the widget look: its switch turns the reply-time line off.
  replyTimeFeature,
  // After the widget look: the portal is themed with the site's colour.
  helpCenterFeature,
  // After the automations (the bot's name, business hours) and the widget look (both set the site's loader).
  campaignsFeature,
  mergeFeature,
  viewsFeature,
  bulkFeature,
  exportFeature,
  // Single sign-on: its policy on passwords is added to the accounts when it is made.
  ssoFeature,
  // The SDK's tarballs at /packages/: routes of its own, nothing else.
  sdkPackagesFeature,
  aiFeature,
  companiesFeature,
] as const;

/** What erasing a conversation or a contact deletes: every feature's tables (the stores are given it). */
export const ERASURE_PLAN = erasurePlan(FEATURES);

// Every feature's repositories, in every admin database opened (each opener is given `ERASURE_PLAN` from here).
addRepositories(FEATURES.flatMap((feature) => (feature.repositories ? [feature.repositories] : [])));

// The modules that add the features' repositories to `Repositories` (by module augmentation, beside each interface),
// named here so that the package's declarations carry them: `RunningRelay.admin.repos` is typed with every one.
export type { EmailRepository } from '../email/email-store.js';
export type { AttachmentRepository } from '../attachments/attachment-store.js';
export type { AutomationRepository } from '../automations/automation-store.js';
export type { FaqRepository } from '../automations/faq-store.js';
export type { MentionRepository } from '../mentions/mention-store.js';
export type { PushRepository } from '../push/push-store.js';
export type { ReportRepository } from '../admin/reports/report-store.js';
export type { RoutingRepository } from '../routing/routing-store.js';
export type { WebhookRepository } from '../webhooks/webhook-store.js';

/**
 * Every migration of this relay, in the order they apply: the base's (stores, outbox, accounts), then each
 * feature's in list order, each moved after the ones it builds on (`orderMigrations`). The stores are given it.
 */
export const MIGRATIONS = orderMigrations([
  // What every relay has, whatever its features, first: the stores' tables, the outbox's, the accounts'.
  CORE_MIGRATIONS,
  OUTBOX_MIGRATIONS,
  AUTH_MIGRATIONS,
  ...FEATURES.map((feature) => feature.migrations ?? []),
  // Every relay's, but added after the features' lists were: a schema made new matches one migrated in place.
  MESSAGE_LOG_MIGRATIONS,
]);

/**
 * The features a relay runs: the list less those named in `without` (`startRelay`'s `withoutFeatures`), in the
 * list's order; the whole list when none are named. Refuses a name that is no feature's, and leaving out a feature
 * that one kept requires, naming both.
 */
export function selectFeatures(without: readonly string[] | undefined): readonly AnyFeature[] {
  if (without === undefined || without.length === 0) return FEATURES;
  const list: readonly AnyFeature[] = FEATURES;
  const stranger = without.find((name) => !list.some((feature) => feature.name === name));
  if (stranger !== undefined) throw new Error(`withoutFeatures: no feature is named ${stranger}`);
  const selected = list.filter((feature) => !without.includes(feature.name));
  const missing = missingRequirements(selected);
  if (missing) throw new Error(`withoutFeatures: ${missing}`);
  return selected;
}
