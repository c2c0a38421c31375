import { PERMISSIONS, SiteCreate, type DeepReadonly, type Site, type SiteCreated } from '@parley/protocol/admin';
import { createSite } from '../create-site.js';
import { randomId } from '../../auth/tokens.js';
import { DEFAULT_SITE_ID } from '../../store/store.js';
import { ApiError, parseBody } from '../../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../../http/admin-routes/admin-route.js';

/**
 * Sites are the operator's: only admins of the relay's default site may list or create them (an admin of a
 * site created later runs that site, not the relay).
 */
function operatorOnly(call: Call): void {
  // Every permission, not only `settings.manage`: a custom role that manages one site's settings runs no relay.
  if (call.site.id !== DEFAULT_SITE_ID || !PERMISSIONS.every((permission) => call.permissions.includes(permission)))
    throw new ApiError('forbidden', "Only admins of the relay's default site may manage sites.");
}

/** Routes of the sites one relay serves (the same as `parley-relay site list|create`). */
export const siteRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/sites',
    permission: 'settings.manage',
    run: async (call) => {
      operatorOnly(call);
      return {
        status: 200,
        body: { items: (await call.admin.repos.sites.listSites()) satisfies DeepReadonly<Site>[] },
      };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/sites',
    permission: 'settings.manage',
    requestBody: SiteCreate,
    run: async (call) => {
      operatorOnly(call);
      const body = await parseBody(call.request, SiteCreate);
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
  },
];
