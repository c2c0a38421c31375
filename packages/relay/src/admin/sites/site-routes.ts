import { PERMISSIONS, SiteCreate, SiteCreated, SiteList, type DeepReadonly, type Site } from '@parley/protocol/admin';
import { createSite } from '../create-site.js';
import { randomId } from '../../auth/tokens.js';
import { DEFAULT_SITE_ID } from '../../store/store.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';

/**
 * Sites are the operator's: only admins of the relay's default site may list or create them (an admin of a
 * site created later runs that site, not the relay).
 */
function operatorOnly(call: Call<undefined>): void {
  // Every permission, not only `settings.manage`: a custom role that manages one site's settings runs no relay.
  if (call.site.id !== DEFAULT_SITE_ID || !PERMISSIONS.every((permission) => call.permissions.includes(permission)))
    throw new ApiError('forbidden', "Only admins of the relay's default site may manage sites.");
}

/** What the document says of who may call these routes, which {@link operatorOnly} checks. */
const operatorNote =
  "Only admins of the relay's default site (the operator's) may call this; admins of other sites get 403 `forbidden`.";

/** Routes of the sites one relay serves (the same as `parley-relay site list|create`). */
export const siteRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/sites',
    permission: 'settings.manage',
    doc: {
      summary: 'Sites',
      description: `Every site this relay serves, oldest first (never their identity secrets). ${operatorNote}`,
      tag: 'sites',
      responses: ok('Sites.', SiteList),
    },
    allows: operatorOnly,
    run: async (call) => {
      return {
        status: 200,
        body: { items: (await call.admin.repos.sites.listSites()) satisfies DeepReadonly<Site>[] },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/sites',
    permission: 'settings.manage',
    requestBody: SiteCreate,
    doc: {
      summary: 'Create a site',
      description: `Adds a site with its own public key, identity secret and first admin token. The token is in this answer only; only its hash is stored. A running relay serves the site at once. ${operatorNote}`,
      tag: 'sites',
      responses: ok('Created.', SiteCreated, '201'),
    },
    // Before the body is parsed: a member who may not make sites learns nothing from a refusal of their body.
    allows: operatorOnly,
    run: async (call) => {
      const body = call.body;
      const { site, adminToken } = await createSite(call.admin.repos, body, call.now, call.admin.sealer);
      // A signed-in member who makes a site owns it: it appears among their sites (`POST /v1/auth/site`).
      if (call.account)
        await call.core.store.createStaff({
          id: randomId('staff'),
          siteId: site.id,
          name: call.account.name,
          role: 'owner',
          tokenHash: null,
          createdAt: call.now,
          revokedAt: null,
          accountId: call.account.id,
        });
      await audit(call, 'site.create', 'site', site.id, { name: site.name, siteKey: site.siteKey });
      return { status: 201, body: { ...site, adminToken } satisfies DeepReadonly<SiteCreated> };
    },
  }),
];
