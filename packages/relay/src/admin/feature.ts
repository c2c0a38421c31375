import { loadTimeZoneData } from '../store/zoned-hours.js';
import { defineFeature } from '../features/feature.js';
import { report } from './reports/report-days.js';
import { firstResponse } from './reports/report-queries.js';
import { broadcastRoutes } from './broadcasts/broadcast-routes.js';
import { cannedResponseRoutes } from './canned-responses/canned-response-routes.js';
import { contactRoutes } from './contacts/contact-routes.js';
import { conversationRoutes } from './conversations/conversation-routes.js';
import { insightRoutes } from './insights/insight-routes.js';
import { outboxRoutes } from './outbox/outbox-routes.js';
import { reportRoutes } from './reports/report-routes.js';
import { settingsRoutes } from './settings/settings-routes.js';
import { siteProfileRoutes } from './sites/site-profile-routes.js';
import { siteRoutes } from './sites/site-routes.js';
import { teamRoutes } from './team/team-routes.js';
import { ADMIN_MIGRATIONS } from './admin-migrations.js';
import { eraseOutbox } from '../store/sql/outbox-queries.js';
import { conversationListParams } from './conversation-filters.js';
import { replyDeliveries } from './conversations/reply-deliveries.js';
import { messageSearchIndex } from './conversations/message-search-index.js';
import { reportExportColumns } from './reports/report-export.js';
import { choices, exportPage } from './reports/report-export-queries.js';

/**
 * The desk: conversations, contacts, broadcasts, the team, sites, saved replies, insights, reports, settings and
 * the outbox's log. Its running part is the admin services every feature is given (`startRelay` makes them).
 */
export const deskFeature = defineFeature({
  name: 'desk',
  // Other features' filters add query parameters to the conversation list (custom attributes').
  // Channels tell how they delivered staff replies (messaging providers', API channels').
  // Other features add columns to the reports' per-conversation export (an SLA's breaches, when one exposes them).
  points: [conversationListParams, replyDeliveries, reportExportColumns],
  repositories: { reports: { report, firstResponse, choices, exportPage } },
  migrations: ADMIN_MIGRATIONS,
  erasure: {
    conversations: [
      { table: 'conversation_labels' },
      { table: 'conversation_channels' },
      { table: 'messages' },
      { table: 'broadcast_targets' },
      // Side effects about them (a webhook body holds the message text): pending or done, they go too, payloads first.
      { table: 'outbox', erase: (db, ids) => eraseOutbox(db, ids), tables: ['outbox', 'outbox_payload'] },
    ],
    contacts: [
      { table: 'broadcast_targets', siteCondition: 'broadcast_id IN (SELECT id FROM broadcasts WHERE site_id = ?)' },
    ],
  },
  // Reports (and every zoned time) read ICU's data, whose first load would hold the first request's loop.
  // PostgreSQL's full-text index is filled from the message log, off the message path (message-search-index.ts).
  create: ({ admin, contributions, db, log }) => {
    admin.replyDeliverySources.push(...contributions(replyDeliveries));
    admin.reportColumns.push(...contributions(reportExportColumns));
    const search = messageSearchIndex(db, log);
    return { listening: loadTimeZoneData, ...(search ? { logConsumers: [search] } : {}) };
  },
  adminRoutes: [
    ...conversationRoutes,
    ...contactRoutes,
    ...broadcastRoutes,
    ...teamRoutes,
    ...siteRoutes,
    ...siteProfileRoutes,
    ...cannedResponseRoutes,
    ...insightRoutes,
    ...reportRoutes,
    ...settingsRoutes,
    ...outboxRoutes,
  ],
});
