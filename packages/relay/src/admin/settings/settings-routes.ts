import { Settings, SettingsPatch } from '@parley/protocol/admin';
import type { SiteSettings } from '../../store/admin-store.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';

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
  adminRoute({
    method: 'GET',
    path: '/v1/admin/settings',
    doc: {
      summary: "The site's settings",
      description:
        'The retention period: conversations last active longer ago than it, and contacts with nothing left last seen before it, are erased by the relay (as completely as a contact erasure), about once an hour. Each run that erased something is in the audit log (`retention.erase`, counts only).',
      tag: 'settings',
      responses: ok('The settings.', Settings),
    },
    run: async (call) => ({
      status: 200,
      body: settingsJson(call, await call.admin.repos.retention.getSettings(call.site.id)),
    }),
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/settings',
    permission: 'settings.manage',
    requestBody: SettingsPatch,
    doc: {
      summary: 'Change the site settings',
      description:
        'Set `retentionDays` (null: the relay default, 0: keep for ever), `brandColor` (null: Parley’s), `logoUrl` (null: none) or `require2fa`. A member without two-factor cannot turn `require2fa` on (409 `conflict`: they would lock themselves out). Audited (`settings.update`).',
      tag: 'settings',
      responses: ok('The settings now.', Settings),
    },
    run: async (call) => {
      const parsed = call.body;
      if (parsed.require2fa === true && call.account !== undefined && call.account.totpEnabledAt === null)
        throw new ApiError('conflict', 'Turn on two-factor authentication for yourself first.');
      const patch = { ...parsed, ...(parsed.brandColor ? { brandColor: parsed.brandColor.toLowerCase() } : {}) };
      const settings = await call.admin.repos.retention.updateSettings(call.site.id, patch);
      // The site's colour is the widget's accent too: its loader is made again.
      call.core.siteSettingsChanged(call.site.id, 'settings', settings);
      await audit(call, 'settings.update', 'site', call.site.id, { ...patch });
      return { status: 200, body: settingsJson(call, settings) };
    },
  }),
];
