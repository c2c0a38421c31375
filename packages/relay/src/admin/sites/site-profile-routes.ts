import { type DeepReadonly, IdentitySecret, OwnSite, SitePatch } from '@parley/protocol/admin';
import { randomToken } from '../../auth/tokens.js';
import type { SiteListing } from '../../store/admin-store.js';
import { DEFAULT_SITE_ID } from '../../store/store.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';

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
  adminRoute({
    method: 'GET',
    path: '/v1/admin/site',
    permission: 'settings.manage',
    doc: {
      summary: 'This site',
      description:
        'The caller’s own site: its name, public key, allowed origins, and which of them the relay’s configuration fixes. Never its identity secret.',
      tag: 'sites',
      responses: ok('The site.', OwnSite),
    },
    run: async (call) => {
      const site = await call.admin.repos.sites.getSiteListing(call.site.id);
      if (!site) throw new ApiError('not_found', 'No such site.');
      return { status: 200, body: siteJson(call, site) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/site',
    permission: 'settings.manage',
    requestBody: SitePatch,
    doc: {
      summary: 'Rename the site or change its origins',
      description:
        'Each new visitor connection reads them: the widget’s title is the site’s name, and a page whose origin is not allowed is refused at once (open connections stay until they reconnect). Audited (`site.update`). 409 `conflict` when the relay’s configuration sets the field (see `configured`).',
      tag: 'sites',
      conflict: true,
      responses: ok('The site now.', OwnSite),
    },
    run: async (call) => {
      const patch = call.body;
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
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/site/identity-secret',
    permission: 'settings.manage',
    doc: {
      summary: 'Rotate the identity secret',
      description:
        'Makes a new identity secret (the HMAC key your backend signs identified users with) and answers with it: the only time it is shown, only its sealed form is stored. The old secret stops verifying at once, with no overlap: a visitor hello signed with it is refused (`identity_refused`) until your backend signs with the new one. Audited (`site.identity_secret.rotate`, without the secret). 409 `conflict` when `PARLEY_IDENTITY_SECRET` sets it.',
      tag: 'sites',
      conflict: true,
      responses: ok('The new secret.', IdentitySecret),
    },
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
  }),
];
