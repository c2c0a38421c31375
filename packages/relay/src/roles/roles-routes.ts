import {
  BUILT_IN_PERMISSIONS,
  BUILT_IN_ROLES,
  type DeepReadonly,
  PERMISSIONS,
  type Permission,
  Role,
  RoleCreate,
  RoleList,
  RolePatch,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { MAX_ROLES, type Roles } from './roles.js';
import type { RoleRecord } from './roles-repository.js';

function rolesOf(call: Call): Roles {
  const roles = call.use('roles');
  if (!roles) throw new ApiError('not_found', 'Custom roles are not part of this relay.');
  return roles;
}

const BUILT_IN_NAMES: Readonly<Record<(typeof BUILT_IN_ROLES)[number], string>> = {
  owner: 'Owner',
  admin: 'Admin',
  agent: 'Agent',
};

/** A custom role's name must not pass for a built-in one. */
function checkName(name: string): void {
  if ((BUILT_IN_ROLES as readonly string[]).includes(name.trim().toLowerCase()))
    throw new ApiError('conflict', `“${name}” is a built-in role’s name; choose another.`);
}

/** Nobody hands out what they do not hold: a role that grants more than the caller may is theirs to refuse. */
function checkHeld(call: Call, permissions: readonly Permission[]): void {
  const missing = permissions.filter((permission) => !call.permissions.includes(permission));
  if (missing.length > 0)
    throw new ApiError('forbidden', `You may not grant permissions you do not hold: ${missing.join(', ')}.`);
}

async function roleOr404(call: Call): Promise<RoleRecord> {
  const id = call.params.id!;
  if ((BUILT_IN_ROLES as readonly string[]).includes(id))
    throw new ApiError('conflict', 'Built-in roles cannot be changed or deleted.');
  const role = await rolesOf(call).repository.get(call.site.id, id);
  if (!role) throw new ApiError('not_found', 'No such role on this site.');
  return role;
}

/** Permissions as stored and shown: in the catalog's order, whatever the request's. */
function ordered(permissions: readonly Permission[]): Permission[] {
  return PERMISSIONS.filter((permission) => permissions.includes(permission));
}

function roleJson(role: RoleRecord, members: number): Role {
  return { id: role.id, name: role.name, builtIn: false, permissions: [...role.permissions], members };
}

/**
 * Routes of roles (docs/accounts.md "Roles and permissions"): listed to every member, managed with `team.manage` (the
 * feature's permission).
 */
export const rolesRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/roles',
    permission: null,
    doc: {
      summary: 'List roles',
      description:
        'The built-in roles (`owner`, `admin`, `agent`), then the site’s own by name, each with what it grants and how many members hold it. Any member may read it.',
      tag: 'staff',
      responses: ok('The roles.', RoleList),
    },
    run: async (call) => {
      const roles = rolesOf(call);
      const [custom, holders, assignments, members] = await Promise.all([
        roles.repository.list(call.site.id),
        roles.repository.holders(call.site.id),
        roles.repository.assignments(call.site.id),
        call.accounts?.repos.accounts.listMembers(call.site.id) ?? [],
      ]);
      const builtIn = BUILT_IN_ROLES.map((id) => ({
        id,
        name: BUILT_IN_NAMES[id],
        builtIn: true,
        permissions: [...BUILT_IN_PERMISSIONS[id]],
        members: members.filter((member) => member.role === id && !assignments.has(member.id)).length,
      }));
      return {
        status: 200,
        body: {
          items: [...builtIn, ...custom.map((role) => roleJson(role, holders.get(role.id) ?? 0))],
        } satisfies DeepReadonly<{ items: Role[] }>,
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/roles',
    requestBody: RoleCreate,
    doc: {
      summary: 'Create a role',
      description:
        'A named set of permissions, given to members with `PATCH /v1/admin/team/{id}` (`role`: its id). Its name is the site’s only one of its kind (case aside) and no built-in role’s. Nobody grants what they do not hold: a permission the caller lacks answers 403 `forbidden`. At most 50 per site.',
      tag: 'staff',
      responses: ok('Created.', Role, '201'),
      conflict: true,
    },
    run: async (call) => {
      const body = call.body;
      checkName(body.name);
      checkHeld(call, body.permissions);
      const role: RoleRecord = {
        id: randomId('role'),
        siteId: call.site.id,
        name: body.name,
        permissions: ordered(body.permissions),
        createdAt: call.now,
        updatedAt: call.now,
      };
      const made = await rolesOf(call).repository.create(role, MAX_ROLES);
      if (made === 'conflict') throw new ApiError('conflict', `This site has a role named “${body.name}” already.`);
      if (made === 'limit') throw new ApiError('conflict', `A site has at most ${MAX_ROLES} custom roles.`);
      await audit(call, 'role.create', 'role', role.id, { name: role.name, permissions: role.permissions });
      return { status: 201, body: roleJson(role, 0) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/roles/{id}',
    resource: 'custom role',
    requestBody: RolePatch,
    doc: {
      summary: 'Change a role',
      description:
        'Its name, its permissions, or both; its holders have the new permissions at their next request, and their staff connections reconnect when what they see changed. A built-in role answers 409 `conflict`; a role granting what the caller lacks, before or after, 403 `forbidden`.',
      tag: 'staff',
      responses: ok('Changed.', Role),
      conflict: true,
    },
    run: async (call) => {
      const patch = call.body;
      const before = await roleOr404(call);
      if (patch.name === undefined && patch.permissions === undefined)
        throw new ApiError('bad_request', 'Invalid body: give a name, permissions, or both.');
      if (patch.name !== undefined) checkName(patch.name);
      // Both what it granted and what it will: a role above the caller's is not theirs to narrow or widen.
      checkHeld(call, before.permissions);
      if (patch.permissions) checkHeld(call, patch.permissions);
      const roles = rolesOf(call);
      const updated = await roles.repository.update(
        call.site.id,
        before.id,
        {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.permissions ? { permissions: ordered(patch.permissions) } : {}),
        },
        call.now,
      );
      if (updated === undefined) throw new ApiError('not_found', 'No such role on this site.');
      if (updated === 'conflict') throw new ApiError('conflict', `This site has a role named “${patch.name}” already.`);
      const holders = (await roles.repository.holders(call.site.id)).get(updated.id) ?? 0;
      // Who sees all may have changed for its holders: their connections reconnect into what they may see now.
      if (holders > 0 && patch.permissions) await call.use('visibility')?.membersChanged(call.site.id);
      await audit(call, 'role.update', 'role', updated.id, {
        ...(patch.name !== undefined ? { name: updated.name, previousName: before.name } : {}),
        ...(patch.permissions ? { permissions: updated.permissions, previousPermissions: before.permissions } : {}),
      });
      return { status: 200, body: roleJson(updated, holders) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/roles/{id}',
    resource: 'custom role',
    doc: {
      summary: 'Delete a role',
      description:
        'Only a role nobody holds: while a member holds it, or a pending invitation gives it, the answer is 409 `conflict` and nothing changes (give them another role, or withdraw the invitation, first). A built-in role answers 409 `conflict`.',
      tag: 'staff',
      responses: { '204': { description: 'Deleted.' } },
      conflict: true,
    },
    run: async (call) => {
      await call.request.body;
      const role = await roleOr404(call);
      checkHeld(call, role.permissions);
      const deleted = await rolesOf(call).repository.delete(call.site.id, role.id, call.now);
      if (deleted === undefined) throw new ApiError('not_found', 'No such role on this site.');
      if (deleted === 'held')
        throw new ApiError('conflict', 'Members hold this role: give each of them another role first.');
      if (deleted === 'invited')
        throw new ApiError('conflict', 'Pending invitations give this role: withdraw them first (Settings → Team).');
      await audit(call, 'role.delete', 'role', role.id, { name: role.name, permissions: role.permissions });
      return { status: 204 };
    },
  }),
];
