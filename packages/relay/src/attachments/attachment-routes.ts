import { AttachmentSettings, AttachmentSettingsAnswer } from '@parley/protocol/admin';
import type { AttachmentSettings as StoredSettings } from './attachment-store.js';
import { adminRoute, audit, type AdminRoute } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';

async function settingsJson(settings: StoredSettings, usedBytes: Promise<number>) {
  return { ...settings, usedBytes: await usedBytes };
}

/** A site's own attachment settings (issue #18, docs/attachments.md): its allowlist, file limit and quota. */
export const attachmentSettingsRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/settings/attachments',
    doc: {
      summary: 'The site’s attachment settings',
      description: 'Its own allowlist, file limit and quota (`null`: the relay’s), and the bytes it keeps.',
      tag: 'settings',
      responses: ok('The settings.', AttachmentSettingsAnswer),
    },
    run: async (call) => ({
      status: 200,
      body: await settingsJson(
        await call.admin.repos.attachments.getAttachmentSettings(call.site.id),
        call.admin.repos.attachments.siteAttachmentBytes(call.site.id),
      ),
    }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/settings/attachments',
    permission: 'settings.manage',
    requestBody: AttachmentSettings,
    doc: {
      summary: 'Replace the site’s attachment settings',
      description: 'Every field is given: `null` takes the relay’s value. Audited (`attachments.settings`).',
      tag: 'settings',
      responses: ok('The settings now.', AttachmentSettingsAnswer),
    },
    run: async (call) => {
      const body = call.body;
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
  }),
];
