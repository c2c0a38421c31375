import * as z from 'zod/mini';
import type { SiteSettings } from '../../store/admin-store.js';
import { ApiError, parseBody } from '../admin-http.js';
import { audit, type AdminRoute, type Call } from './admin-route.js';

/**
 * A logo: an `https:` address without credentials (it goes into emails, read by mail clients from anywhere, and an
 * `http:` one would be blocked or warned about).
 */
const LogoUrl = z.string().check(
  z.maxLength(2048),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.username === '' && url.password === '' && url.href === value;
    } catch {
      return false;
    }
  }, 'must be an https:// address, without user or password, written in full (e.g. https://example.com/logo.png)'),
);

const SettingsPatch = z.strictObject({
  retentionDays: z.optional(z.nullable(z.int().check(z.gte(0), z.lte(36_500)))),
  brandColor: z.optional(z.nullable(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb')))),
  require2fa: z.optional(z.boolean()),
  logoUrl: z.optional(z.nullable(LogoUrl)),
});

/** The settings as the API shows them: what the site set, and what applies (the relay's default when unset). */
function settingsJson(call: Call, settings: SiteSettings) {
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
    adminOnly: false,
    run: async (call) => ({
      status: 200,
      body: settingsJson(call, await call.admin.repos.retention.getSettings(call.site.id)),
    }),
  },
  {
    method: 'PATCH',
    path: '/v1/admin/settings',
    adminOnly: true,
    run: async (call) => {
      const parsed = await parseBody(call.request, SettingsPatch);
      if (parsed.require2fa === true && call.account !== undefined && call.account.totpEnabledAt === null)
        throw new ApiError('conflict', 'Turn on two-factor authentication for yourself first.');
      const patch = { ...parsed, ...(parsed.brandColor ? { brandColor: parsed.brandColor.toLowerCase() } : {}) };
      const settings = await call.admin.repos.retention.updateSettings(call.site.id, patch);
      await audit(call, 'settings.update', 'site', call.site.id, { ...patch });
      return { status: 200, body: settingsJson(call, settings) };
    },
  },
];
