import { BUILT_IN_PERMISSIONS, PERMISSIONS, type Role, type RoleCreate, type RolePatch } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The roles of the fake admin API (`/roles`): the built-in ones, then the site's own. */
export function withRoles<B extends FakeBase>(Base: B) {
  return class extends Base {
    rolesValue: Role[] = (['owner', 'admin', 'agent'] as const).map((id) => ({
      id,
      name: id[0]!.toUpperCase() + id.slice(1),
      builtIn: true,
      permissions: [...BUILT_IN_PERMISSIONS[id]],
      members: id === 'agent' ? 1 : id === 'owner' ? 1 : 0,
    }));
    /** Each roles call that changes something, in order. */
    rolesCalls: Array<[string, ...unknown[]]> = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /roles': async () => ({ items: structuredClone(this.rolesValue) }),
        'POST /roles': async ({ body }) => this.createRole(body as RoleCreate),
        'PATCH /roles/{id}': async ({ ref, body }) => this.updateRole(ref!, body as RolePatch),
        'DELETE /roles/{id}': async ({ ref }) => this.deleteRole(ref!),
      } satisfies FakeRoutes);
    }

    #taken(name: string, except?: string): void {
      if (this.rolesValue.some((role) => role.id !== except && role.name.toLowerCase() === name.trim().toLowerCase()))
        throw new AdminApiError('conflict', `This site has a role named “${name}” already.`, 409);
    }

    async createRole(body: RoleCreate) {
      this.rolesCalls.push(['create', structuredClone(body)]);
      if (body.name.trim() === '') throw new AdminApiError('bad_request', 'Invalid body.name: must not be empty', 400);
      this.#taken(body.name);
      const role: Role = {
        id: `role_${this.rolesValue.length}`,
        name: body.name.trim(),
        builtIn: false,
        permissions: PERMISSIONS.filter((p) => body.permissions.includes(p)),
        members: 0,
      };
      this.rolesValue.push(role);
      return structuredClone(role);
    }

    async updateRole(id: string, patch: RolePatch) {
      this.rolesCalls.push(['update', id, structuredClone(patch)]);
      const role = this.rolesValue.find((each) => each.id === id && !each.builtIn);
      if (!role) throw new AdminApiError('not_found', 'No such role on this site.', 404);
      if (patch.name !== undefined) this.#taken(patch.name, id);
      Object.assign(role, patch);
      return structuredClone(role);
    }

    async deleteRole(id: string) {
      this.rolesCalls.push(['delete', id]);
      const role = this.rolesValue.find((each) => each.id === id && !each.builtIn);
      if (!role) throw new AdminApiError('not_found', 'No such role on this site.', 404);
      if (role.members > 0)
        throw new AdminApiError('conflict', 'Members hold this role: give each of them another role first.', 409);
      this.rolesValue = this.rolesValue.filter((each) => each !== role);
    }
  };
}
