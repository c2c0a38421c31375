/**
 * The admin API's contract (`@parley/protocol/admin`): each area's request and response schemas, written once in
 * zod. The relay validates with them and generates its OpenAPI document from them; the inbox takes their types.
 */
export * from './document.js';
export * from './webhooks.js';
export * from './canned-responses.js';
export * from './broadcasts.js';
export * from './settings.js';
export * from './mentions.js';
export * from './notifications.js';
export * from './push.js';
export * from './visitor-link.js';
export * from './insights.js';
export * from './outbox.js';
export * from './sites.js';
export * from './contacts.js';
export * from './faq.js';
export * from './team.js';
export * from './routing.js';
export * from './automations.js';
export * from './reports.js';
export * from './inbound-email.js';
export * from './email-original.js';
export * from './conversations.js';
export * from './snooze.js';
export * from './scheduled.js';
export * from './ai.js';
export * from './ai-classify.js';
export * from './auth.js';
export * from './attachments.js';
export * from './widget-look.js';
export * from './safety.js';
export * from './support-addresses.js';
export * from './api-channels.js';
export * from './messaging.js';
export * from './whatsapp.js';
export * from './moderation.js';
export * from './rules.js';
export * from './merge.js';
export * from './views.js';
export * from './export.js';
export * from './attributes.js';
export * from './visibility.js';
export * from './roles.js';
export * from './help-center.js';
export * from './sso.js';
export * from './campaigns.js';
