/**
 * What other features may import of the desk's modules (docs/architecture.md, "Boundaries"): its services (the
 * admin store, the writer of conversation changes, the outbox), the desk hooks and the shape of their changes, the
 * conversation list's filters and the shape of a condition a feature adds to its query, the timeline's events, CSV
 * lines and the email helpers; of its routes, how a staff member's change to a conversation is checked and written
 * (bulk changes make the PATCH's change) and contacts as a caller may see them (merge's duplicates answer so).
 */
export type { AdminFor, AdminServices } from './admin-services.js';
export type { ConversationFilters, SqlCondition } from './conversation-filters.js';
export type { ListParams } from '../features/conversation-list-filters.js';
export { conversationListParams, scopeCondition } from './conversation-filters.js';
export { contactsJson } from './contacts/contact-routes.js';
export { checkTargets, writeChange } from './conversations/conversation-routes.js';
export { channelChoice, checkChannelChoice } from './conversations/conversation-channels.js';
export { replyDeliveries, type ReplyDeliverySource } from './conversations/reply-deliveries.js';
export { conversationEvents } from './conversations/conversation-timeline.js';
export { csvLines } from './csv.js';
export type { ChangeCause, ConversationChange, DeskHooks } from '../features/desk-hooks.js';
export { maskEmail, normalizeEmail } from './email-cipher.js';
export { reportExportColumns, type ReportExportColumns } from './reports/report-export.js';
export { filtersCondition, parseReportFilters, reportFilterQuery } from './reports/report-filters.js';
