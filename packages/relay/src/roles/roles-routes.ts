import {
  BUILT_IN_PERMISSIONS,
  BUILT_IN_ROLES,
  type DeepReadonly,
  PERMISSIONS,
  type Permission,
  type Role,
  RoleCreate,
  RolePatch,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
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

/** Routes of roles (docs/accounts.md "Roles and permissions"): listed to every member, managed with `team.manage`. */
export const rolesRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/roles',
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
  },
  {
    method: 'POST',
    path: '/v1/admin/roles',
    permission: 'team.manage',
    requestBody: RoleCreate,
    run: async (call) => {
      const body = await parseBody(call.request, RoleCreate);
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
  },
  {
    method: 'PATCH',
    path: '/v1/admin/roles/{id}',
    permission: 'team.manage',
    requestBody: RolePatch,
    run: async (call) => {
      const patch = await parseBody(call.request, RolePatch);
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
  },
  {
    method: 'DELETE',
    path: '/v1/admin/roles/{id}',
    permission: 'team.manage',
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
  },
];
