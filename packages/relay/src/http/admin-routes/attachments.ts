import * as z from 'zod/mini';
import { ATTACHMENT_TYPE_NAMES } from '../../attachments/attachment-types.js';
import type { AttachmentSettings } from '../../store/attachment-store.js';
import { parseBody } from '../admin-http.js';
import { audit, type AdminRoute } from './admin-route.js';

const AttachmentSettingsBody = z.strictObject({
  /** `null`: the relay's allowlist (`PARLEY_ATTACHMENT_TYPES`); `[]`: no attachments at all. */
  types: z.nullable(
    z.array(z.enum(ATTACHMENT_TYPE_NAMES as [string, ...string[]])).check(z.maxLength(ATTACHMENT_TYPE_NAMES.length)),
  ),
  /** `null`: the relay's limit. Never above it: the relay refuses larger bodies before it knows the site. */
  maxBytes: z.nullable(z.int().check(z.gte(1))),
  /** `null`: the relay's quota; 0: none. */
  quotaBytes: z.nullable(z.int().check(z.gte(0))),
});

async function settingsJson(settings: AttachmentSettings, usedBytes: Promise<number>) {
  return { ...settings, usedBytes: await usedBytes };
}

/** A site's own attachment settings (issue #18, docs/attachments.md): its allowlist, file limit and quota. */
export const attachmentSettingsRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/settings/attachments',
    adminOnly: false,
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
    adminOnly: true,
    run: async (call) => {
      const body = await parseBody(call.request, AttachmentSettingsBody);
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
