import { VisibilitySettings } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { Visibility } from './visibility.js';

function visibilityOf(call: Call): Visibility {
  const visibility = call.use('visibility');
  if (!visibility) throw new ApiError('not_found', 'Visibility is not part of this relay.');
  return visibility;
}

/** Who sees what (docs/accounts.md): read by any member, set by admins. */
export const visibilityRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/visibility',
    doc: {
      summary: 'Which conversations agents see',
      description:
        'Any member may read it. Owners, admins, API tokens and members whose role grants `conversations.all` see every conversation whatever it says.',
      tag: 'staff',
      responses: ok('The site’s visibility.', VisibilitySettings),
    },
    run: async (call) => ({
      status: 200,
      body: (await visibilityOf(call).settings(call.site.id)) satisfies VisibilitySettings,
    }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/visibility',
    permission: 'settings.manage',
    requestBody: VisibilitySettings,
    doc: {
      summary: 'Set which conversations agents see',
      description:
        'Everywhere a conversation can be reached: lists, counts and search, each conversation’s routes (another’s answers 404 `not_found`), contacts’ conversations, files, the staff socket (its frames, live and replayed), mentions, push and email notifications. The site’s staff connections reconnect at once into what they may see now.',
      tag: 'staff',
      responses: ok('Saved.', VisibilitySettings),
    },
    run: async (call) => {
      const body = call.body;
      const visibility = visibilityOf(call);
      const before = await visibility.settings(call.site.id);
      await visibility.save(call.site.id, body, call.now);
      await audit(call, 'visibility.update', 'site', call.site.id, { before, after: body });
      return { status: 200, body: body satisfies VisibilitySettings };
    },
  }),
];
