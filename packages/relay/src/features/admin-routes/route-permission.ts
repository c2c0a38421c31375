import { BUILT_IN_PERMISSIONS, type Permission } from '@parley/protocol/admin';
import type { AdminRoute } from './admin-route.js';

/**
 * A route as the admin API serves it: the permission it takes (its own, else its feature's), and `adminOnly`, whether
 * agents are refused it (the document's `x-admin-only`).
 */
export interface ServedRoute extends AdminRoute {
  /** The permission it takes; `undefined` when every member of the site may call it. */
  readonly permission?: Permission;
  /** True when the built-in agent role lacks its permission (agents get 403 `forbidden`; tokens need `admin`). */
  readonly adminOnly: boolean;
}

/** The route with the permission it takes (`fallback`: its feature's) and what that means for the built-in roles. */
export function served(route: AdminRoute, fallback?: Permission): ServedRoute {
  const permission = route.permission === null ? undefined : (route.permission ?? fallback);
  const { permission: _declared, ...rest } = route;
  return {
    ...rest,
    ...(permission !== undefined ? { permission } : {}),
    adminOnly: adminOnlyPermission(permission),
  };
}

/** True when `permission` is one the built-in agent role lacks: only owners, admins and roles that grant it. */
export function adminOnlyPermission(permission: Permission | undefined): boolean {
  return permission !== undefined && !BUILT_IN_PERMISSIONS.agent.includes(permission);
}
