import { type DeepReadonly, type IdentitySecret, type OwnSite, SitePatch } from '@parley/protocol/admin';
import { randomToken } from '../../auth/tokens.js';
import type { SiteListing } from '../../store/admin-store.js';
import { DEFAULT_SITE_ID } from '../../store/store.js';
import { ApiError, parseBody } from '../../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../../http/admin-routes/admin-route.js';

/** Which fields of the caller's site its relay's configuration sets: those win at every start, so they stay. */
function configured(call: Call): { name: boolean; allowedOrigins: boolean; identitySecret: boolean } {
  if (call.site.id !== DEFAULT_SITE_ID) return { name: false, allowedOrigins: false, identitySecret: false };
  return { ...call.admin.configuredSite };
}

function siteJson(call: Call, site: SiteListing): DeepReadonly<OwnSite> {
  return {
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    allowedOrigins: site.allowedOrigins,
    requireIdentity: site.requireIdentity,
    configured: configured(call),
  };
}

const variables = { name: 'PARLEY_SITE_NAME', allowedOrigins: 'PARLEY_ALLOWED_ORIGINS' } as const;

/**
 * Routes of the caller's own site: its name and the origins allowed to open its chat (both read by each new visitor
 * connection), and the rotation of its identity secret. The secret is never listed: rotating shows the new one once.
 */
export const siteProfileRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/site',
    permission: 'settings.manage',
    run: async (call) => {
      const site = await call.admin.repos.sites.getSiteListing(call.site.id);
      if (!site) throw new ApiError('not_found', 'No such site.');
      return { status: 200, body: siteJson(call, site) };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/site',
    permission: 'settings.manage',
    requestBody: SitePatch,
    run: async (call) => {
      const patch = await parseBody(call.request, SitePatch);
      const fixed = configured(call);
      for (const field of ['name', 'allowedOrigins'] as const) {
        if (patch[field] !== undefined && fixed[field])
          throw new ApiError(
            'conflict',
            `The relay's configuration sets ${variables[field]}, which wins at every start: change it there.`,
          );
      }
      const site = await call.admin.repos.sites.updateSite(call.site.id, patch, call.now);
      if (!site) throw new ApiError('not_found', 'No such site.');
      await audit(call, 'site.update', 'site', call.site.id, { ...patch });
      return { status: 200, body: siteJson(call, site) };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/site/identity-secret',
    permission: 'settings.manage',
    run: async (call) => {
      await call.request.body;
      if (configured(call).identitySecret)
        throw new ApiError(
          'conflict',
          "The relay's configuration sets PARLEY_IDENTITY_SECRET, which wins at every start: change it there.",
        );
      // No overlap: the old secret stops verifying at once (each visitor hello reads the site afresh). A rotation
      // usually answers a leak, and an overlap would keep the leaked secret valid (docs/identity.md).
      const identitySecret = randomToken('is', 32);
      const site = await call.admin.repos.sites.updateSite(
        call.site.id,
        { identitySecretSealed: call.admin.sealer.seal(identitySecret) },
        call.now,
      );
      if (!site) throw new ApiError('not_found', 'No such site.');
      await audit(call, 'site.identity_secret.rotate', 'site', call.site.id);
      return {
        status: 200,
        headers: { 'cache-control': 'no-store' },
        body: { identitySecret } satisfies IdentitySecret,
      };
    },
  },
];
