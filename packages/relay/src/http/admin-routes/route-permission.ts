import { BUILT_IN_PERMISSIONS, type Permission } from '@parley/protocol/admin';
import type { AdminRoute } from './admin-route.js';

/** A route as the admin API serves it: `adminOnly` says whether agents are refused it (the document's `x-admin-only`). */
export interface ServedRoute extends AdminRoute {
  /** True when the built-in agent role lacks its permission (agents get 403 `forbidden`; tokens need `admin`). */
  readonly adminOnly: boolean;
}

/** The route with what its permission means for the built-in roles. */
export function served(route: AdminRoute): ServedRoute {
  return { ...route, adminOnly: adminOnlyPermission(route.permission) };
}

/** True when `permission` is one the built-in agent role lacks: only owners, admins and roles that grant it. */
export function adminOnlyPermission(permission: Permission | undefined): boolean {
  return permission !== undefined && !BUILT_IN_PERMISSIONS.agent.includes(permission);
}
