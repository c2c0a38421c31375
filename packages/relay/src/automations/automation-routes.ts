import { AutomationSettings, type AutomationsAnswer, type DeepReadonly } from '@parley/protocol/admin';
import { DEFAULT_TEXTS, readSettings } from './automation-settings.js';
import { hoursAt } from './business-hours.js';
import type { AutomationSettingsRecord } from './automation-store.js';
import { parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';

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

/** Routes of the site's automations (issue #17): business hours, welcome, away reply, ratings. */
export const automationRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/automations',
    run: async (call) => ({
      status: 200,
      body: automationsJson(call, await call.admin.repos.automations.getAutomationSettings(call.site.id)),
    }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/automations',
    permission: 'automations.manage',
    requestBody: AutomationSettings,
    run: async (call) => {
      const settings = await parseBody(call.request, AutomationSettings);
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
  },
];
