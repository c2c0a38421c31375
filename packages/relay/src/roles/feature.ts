import { defineFeature } from '../features/feature.js';
import { ROLES_MIGRATIONS } from './roles-migrations.js';
import { RolesRepository } from './roles-repository.js';
import { rolesRoutes } from './roles-routes.js';
import { Roles } from './roles.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    roles: Roles;
  }
}

/** Custom roles: a site's named sets of permissions, given to members (docs/accounts.md "Roles and permissions"). */
export const rolesFeature = defineFeature({
  name: 'roles',
  migrations: ROLES_MIGRATIONS,
  adminRoutes: rolesRoutes,
  // Its routes are for managing roles, but for the list, which every member may read.
  permission: 'team.manage',
  create: ({ db }) => {
    const roles = new Roles({ repository: new RolesRepository(db) });
    return { instance: roles, hooks: roles };
  },
});
