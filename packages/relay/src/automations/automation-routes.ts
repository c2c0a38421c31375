import { AutomationSettings, AutomationsAnswer, type DeepReadonly } from '@parley/protocol/admin';
import { DEFAULT_TEXTS, readSettings } from './automation-settings.js';
import { hoursAt } from './business-hours.js';
import type { AutomationSettingsRecord } from './automation-store.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';

/** The settings as the API shows them: the site's, the built-in texts, and whether the site is open now. */
function automationsJson(call: Call, record: AutomationSettingsRecord | undefined): DeepReadonly<AutomationsAnswer> {
  const settings = readSettings(record?.settings);
  const hours = settings.hours ? hoursAt(settings.hours, call.now) : undefined;
  return {
    settings,
    defaults: DEFAULT_TEXTS,
    now: hours ? { open: hours.open, ...(hours.until === undefined ? {} : { until: hours.until }) } : null,
    updatedAt: record?.updatedAt ?? null,
  };
}

/**
 * Routes of the site's automations (issue #17): business hours, welcome, away reply, ratings. Every member reads them;
 * writing them takes `automations.manage`, not the feature's `settings.manage` (the FAQ's).
 */
export const automationRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/automations',
    permission: null,
    doc: {
      summary: "The site's automations",
      description:
        "Business hours (weekly spans in the site's time zone, and holidays), the welcome message sent by the bot after a visitor's first message, the away reply (once per conversation per away period, to a visitor who writes out of hours) and the rating request sent when a conversation is resolved. See docs/automations.md.",
      tag: 'automations',
      responses: ok('The settings, the built-in texts, and whether the site is open now.', AutomationsAnswer),
    },
    run: async (call) => ({
      status: 200,
      body: automationsJson(call, await call.admin.repos.automations.getAutomationSettings(call.site.id)),
    }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/automations',
    permission: 'automations.manage',
    requestBody: AutomationSettings,
    doc: {
      summary: "Replace the site's automations",
      description:
        'The whole document (read it first, change it, put it back). Takes effect at once on this relay and within about 10 s on the others; recorded in the audit log (`automations.update`).',
      tag: 'automations',
      responses: ok('The settings now.', AutomationsAnswer),
    },
    run: async (call) => {
      const settings = call.body;
      const record = await call.admin.repos.automations.putAutomationSettings(call.site.id, settings, call.now);
      await audit(call, 'automations.update', 'site', call.site.id, {
        hours: settings.hours !== null,
        welcome: settings.welcome.enabled,
        away: settings.away.enabled,
        csat: settings.csat.enabled,
      });
      call.core.siteSettingsChanged(call.site.id, 'automations', record.settings);
      return { status: 200, body: automationsJson(call, record) };
    },
  }),
];
