import { AttachmentSettings } from '@parley/protocol/admin';
import type { AttachmentSettings as StoredSettings } from './attachment-store.js';
import { parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute } from '../http/admin-routes/admin-route.js';

async function settingsJson(settings: StoredSettings, usedBytes: Promise<number>) {
  return { ...settings, usedBytes: await usedBytes };
}

/** A site's own attachment settings (issue #18, docs/attachments.md): its allowlist, file limit and quota. */
export const attachmentSettingsRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/settings/attachments',
    run: async (call) => ({
      status: 200,
      body: await settingsJson(
        await call.admin.repos.attachments.getAttachmentSettings(call.site.id),
        call.admin.repos.attachments.siteAttachmentBytes(call.site.id),
      ),
    }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/settings/attachments',
    permission: 'settings.manage',
    requestBody: AttachmentSettings,
    run: async (call) => {
      const body = await parseBody(call.request, AttachmentSettings);
      const types = body.types === null ? null : [...new Set(body.types)];
      const settings = await call.admin.repos.attachments.putAttachmentSettings(
        call.site.id,
        { types, maxBytes: body.maxBytes, quotaBytes: body.quotaBytes },
        call.now,
      );
      await audit(call, 'attachments.settings', 'site', call.site.id, { ...settings });
      // This relay's welcomes say the new limits at once; other relays' within their memory's few seconds.
      call.core.siteSettingsChanged(call.site.id, 'attachments', settings);
      return {
        status: 200,
        body: await settingsJson(settings, call.admin.repos.attachments.siteAttachmentBytes(call.site.id)),
      };
    },
  },
];
