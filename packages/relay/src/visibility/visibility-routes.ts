import { VisibilitySettings } from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import type { Visibility } from './visibility.js';

function visibilityOf(call: Call): Visibility {
  const visibility = call.use('visibility');
  if (!visibility) throw new ApiError('not_found', 'Visibility is not part of this relay.');
  return visibility;
}

/** Who sees what (docs/accounts.md): read by any member, set by admins. */
export const visibilityRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/visibility',
    run: async (call) => ({
      status: 200,
      body: (await visibilityOf(call).settings(call.site.id)) satisfies VisibilitySettings,
    }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/visibility',
    permission: 'settings.manage',
    requestBody: VisibilitySettings,
    run: async (call) => {
      const body = await parseBody(call.request, VisibilitySettings);
      const visibility = visibilityOf(call);
      const before = await visibility.settings(call.site.id);
      await visibility.save(call.site.id, body, call.now);
      await audit(call, 'visibility.update', 'site', call.site.id, { before, after: body });
      return { status: 200, body: body satisfies VisibilitySettings };
    },
  },
];
