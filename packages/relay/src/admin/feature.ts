import { loadTimeZoneData } from '../store/zoned-hours.js';
import { defineFeature } from '../features/feature.js';
import { report } from './reports/report-days.js';
import { firstResponse } from './reports/report-queries.js';
import { broadcastRoutes } from '../http/admin-routes/broadcasts.js';
import { cannedResponseRoutes } from '../http/admin-routes/canned-responses.js';
import { contactRoutes } from '../http/admin-routes/contacts.js';
import { conversationRoutes } from '../http/admin-routes/conversations.js';
import { insightRoutes } from './insights/insight-routes.js';
import { outboxRoutes } from '../http/admin-routes/outbox.js';
import { reportRoutes } from './reports/report-routes.js';
import { settingsRoutes } from '../http/admin-routes/settings.js';
import { siteProfileRoutes } from '../http/admin-routes/site-profile.js';
import { siteRoutes } from '../http/admin-routes/sites.js';
import { teamRoutes } from '../http/admin-routes/team.js';
import { ADMIN_MIGRATIONS } from './admin-migrations.js';
import { eraseOutbox } from '../store/sql/outbox-queries.js';
import { outboxPaths } from '../http/openapi/outbox.js';
import { settingsPaths } from '../http/openapi/settings.js';
import { reportPaths } from './reports/report-openapi.js';
import { insightPaths } from './insights/insight-openapi.js';
import { cannedResponsePaths } from '../http/openapi/canned-responses.js';
import { sitePaths } from '../http/openapi/sites.js';
import { teamPaths } from '../http/openapi/team.js';
import { broadcastPaths } from '../http/openapi/broadcasts.js';
import { contactPaths } from '../http/openapi/contacts.js';
import { conversationPaths } from '../http/openapi/conversations.js';

/**
 * The desk: conversations, contacts, broadcasts, the team, sites, saved replies, insights, reports, settings and
 * the outbox's log. Its running part is the admin services every feature is given (`startRelay` makes them).
 */
export const deskFeature = defineFeature({
  name: 'desk',
  repositories: { reports: { report, firstResponse } },
  apiPaths: () => ({
    ...conversationPaths(),
    ...contactPaths(),
    ...broadcastPaths(),
    ...teamPaths(),
    ...sitePaths(),
    ...cannedResponsePaths(),
    ...insightPaths(),
    ...reportPaths(),
    ...settingsPaths(),
    ...outboxPaths(),
  }),
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
  create: () => ({ listening: loadTimeZoneData }),
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
