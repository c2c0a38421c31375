import { BUILT_IN_PERMISSIONS, PERMISSIONS, type Permission } from '@parley/protocol/admin';
import type { Staff } from '../store/store.js';

/**
 * What a staff row may do by its built-in role (issue #41, docs/accounts.md "Roles and permissions"): owners and
 * admins every permission, agents none of the managing ones. An API token by its scopes: `admin` every permission,
 * else an agent's and every conversation (tokens have always seen all). A member given a custom role is answered
 * by the roles feature ({@link ChatHooks.staffPermissions}) before this is asked.
 */
export function builtInPermissions(staff: Pick<Staff, 'role' | 'scopes' | 'accountId'>): readonly Permission[] {
  if (staff.accountId == null)
    return (staff.scopes ? staff.scopes.includes('admin') : staff.role !== 'agent') ? PERMISSIONS : TOKEN_PERMISSIONS;
  return BUILT_IN_PERMISSIONS[staff.role];
}

const TOKEN_PERMISSIONS: readonly Permission[] = ['conversations.all', ...BUILT_IN_PERMISSIONS.agent];
