import * as z from 'zod/mini';
import type { SiteSettings } from '../../store/admin-store.js';
import { parseBody } from '../admin-http.js';
import { audit, type AdminRoute, type Call } from './admin-route.js';

const SettingsPatch = z.strictObject({
  retentionDays: z.optional(z.nullable(z.int().check(z.gte(0), z.lte(36_500)))),
});

/** The settings as the API shows them: what the site set, and what applies (the relay's default when unset). */
function settingsJson(call: Call, settings: SiteSettings) {
  return {
    retentionDays: settings.retentionDays,
    defaultRetentionDays: call.admin.defaultRetentionDays,
    effectiveRetentionDays: settings.retentionDays ?? call.admin.defaultRetentionDays,
  };
}

/** Routes of the site's settings (the retention period). */
export const settingsRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/settings',
    adminOnly: false,
    run: async (call) => ({ status: 200, body: settingsJson(call, await call.admin.store.getSettings(call.site.id)) }),
  },
  {
    method: 'PATCH',
    path: '/v1/admin/settings',
    adminOnly: true,
    run: async (call) => {
      const patch = await parseBody(call.request, SettingsPatch);
      const settings = await call.admin.store.updateSettings(call.site.id, patch);
      await audit(call, 'settings.update', 'site', call.site.id, { ...patch });
      return { status: 200, body: settingsJson(call, settings) };
    },
  },
];
