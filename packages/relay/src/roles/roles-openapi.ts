import { Role, RoleCreate, RoleList, RolePatch } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes roles (`roles-routes.ts` serves them). */
export const rolesPaths = (): Record<string, Json> => ({
  '/v1/admin/roles': {
    get: operation(
      'List roles',
      'The built-in roles (`owner`, `admin`, `agent`), then the site’s own by name, each with what it grants and how many members hold it. Any member may read it.',
      { tag: 'staff', responses: ok('The roles.', RoleList) },
    ),
    post: operation(
      'Create a role',
      'A named set of permissions, given to members with `PATCH /v1/admin/team/{id}` (`role`: its id). Its name is the site’s only one of its kind (case aside) and no built-in role’s. Nobody grants what they do not hold: a permission the caller lacks answers 403 `forbidden`. At most 50 per site.',
      {
        tag: 'staff',
        adminOnly: true,
        requestBody: body(RoleCreate),
        responses: ok('Created.', Role, '201'),
        conflict: true,
      },
    ),
  },
  '/v1/admin/roles/{id}': {
    patch: operation(
      'Change a role',
      'Its name, its permissions, or both; its holders have the new permissions at their next request, and their staff connections reconnect when what they see changed. A built-in role answers 409 `conflict`; a role granting what the caller lacks, before or after, 403 `forbidden`.',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [idParam('custom role’s (`role_…`)')],
        requestBody: body(RolePatch),
        responses: ok('Changed.', Role),
        notFound: true,
        conflict: true,
      },
    ),
    delete: operation(
      'Delete a role',
      'Only a role nobody holds: while a member holds it, or a pending invitation gives it, the answer is 409 `conflict` and nothing changes (give them another role, or withdraw the invitation, first). A built-in role answers 409 `conflict`.',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [idParam('custom role’s (`role_…`)')],
        responses: { '204': { description: 'Deleted.' } },
        notFound: true,
        conflict: true,
      },
    ),
  },
});
