import { type Settings, SettingsPatch } from '@parley/protocol/admin';
import type { SiteSettings } from '../../store/admin-store.js';
import { ApiError, parseBody } from '../../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../../http/admin-routes/admin-route.js';

/** The settings as the API shows them: what the site set, and what applies (the relay's default when unset). */
function settingsJson(call: Call, settings: SiteSettings): Settings {
  return {
    retentionDays: settings.retentionDays,
    defaultRetentionDays: call.admin.defaultRetentionDays,
    effectiveRetentionDays: settings.retentionDays ?? call.admin.defaultRetentionDays,
    brandColor: settings.brandColor,
    require2fa: settings.require2fa,
    logoUrl: settings.logoUrl,
  };
}

/** Routes of the site's settings (the retention period, the brand colour and logo of its emails). */
export const settingsRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/settings',
    run: async (call) => ({
      status: 200,
      body: settingsJson(call, await call.admin.repos.retention.getSettings(call.site.id)),
    }),
  },
  {
    method: 'PATCH',
    path: '/v1/admin/settings',
    permission: 'settings.manage',
    requestBody: SettingsPatch,
    run: async (call) => {
      const parsed = await parseBody(call.request, SettingsPatch);
      if (parsed.require2fa === true && call.account !== undefined && call.account.totpEnabledAt === null)
        throw new ApiError('conflict', 'Turn on two-factor authentication for yourself first.');
      const patch = { ...parsed, ...(parsed.brandColor ? { brandColor: parsed.brandColor.toLowerCase() } : {}) };
      const settings = await call.admin.repos.retention.updateSettings(call.site.id, patch);
      // The site's colour is the widget's accent too: its loader is made again.
      call.core.siteSettingsChanged(call.site.id, 'settings', settings);
      await audit(call, 'settings.update', 'site', call.site.id, { ...patch });
      return { status: 200, body: settingsJson(call, settings) };
    },
  },
];
