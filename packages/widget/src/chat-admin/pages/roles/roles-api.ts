import type { Role, RoleCreate, RolePatch } from '@parley/protocol/admin';
import { AreaApi, at } from '../../area-api.js';

/** The Roles page's calls (listed to members, changed by those who manage the team). */
export class RolesApi extends AreaApi {
  async list(): Promise<Role[]> {
    return (await this.api.request<{ items: Role[] }>('GET', '/roles')).items;
  }

  create(body: RoleCreate): Promise<Role> {
    return this.api.request('POST', '/roles', body);
  }

  update(id: string, patch: RolePatch): Promise<Role> {
    return this.api.request('PATCH', `/roles/${at(id)}`, patch);
  }

  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/roles/${at(id)}`);
  }
}
