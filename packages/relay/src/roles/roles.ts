import { BUILT_IN_PERMISSIONS, type Permission } from '@parley/protocol/admin';
import type { ChatHooks } from '../core/hooks.js';
import type { Site, Staff } from '../store/store.js';
import type { RoleRecord, RolesRepository } from './roles-repository.js';

/** What a member of a site may do, by their staff id and built-in role (see {@link memberPermissions}). */
export type MemberPermissions = (
  siteId: string,
  member: { readonly id: string; readonly role: Staff['role'] },
) => Promise<readonly Permission[]>;

/**
 * What a member holds, with or without the roles feature: their custom role's permissions when `roles` runs and they
 * hold one, else their built-in role's. For features that pick people by what they may do (who an escalation or a
 * notice emails) rather than by the name of a built-in role.
 */
export function memberPermissions(roles: () => Roles | undefined): MemberPermissions {
  return async (siteId, member) => {
    const running = roles();
    return running ? (await running.permissionsOf(siteId, member)).permissions : BUILT_IN_PERMISSIONS[member.role];
  };
}

/** The members of a site, of `members`, who hold `permission` (who a notice about it goes to). */
export async function holdersOf<M extends { readonly id: string; readonly role: Staff['role'] }>(
  permissionsOf: MemberPermissions,
  siteId: string,
  members: readonly M[],
  permission: Permission,
): Promise<M[]> {
  const holds = await Promise.all(
    members.map(async (member) => (await permissionsOf(siteId, member)).includes(permission)),
  );
  return members.filter((_, index) => holds[index]);
}

/** How many custom roles a site may have. */
export const MAX_ROLES = 50;

/** What {@link Roles} is made of. */
export interface RolesOptions {
  readonly repository: RolesRepository;
}

/**
 * Custom roles (issue #41, docs/accounts.md "Roles and permissions"): a site's named sets of permissions, each
 * member holding at most one. Answers the core's {@link ChatHooks.staffPermissions} for the members who hold one;
 * everyone else holds their built-in role (owner, admin, agent), as before.
 *
 * A member given a custom role is an agent in the staff table (`role` = `agent`, what older readers of that column
 * and the wire's `welcome.staff.role` see) whose permissions are the role's.
 */
export class Roles implements ChatHooks {
  constructor(private readonly options: RolesOptions) {}

  get repository(): RolesRepository {
    return this.options.repository;
  }

  /**
   * {@link ChatHooks.staffPermissions}: a member's custom role's, or an API token's listed permissions; `undefined`
   * (their built-in role's, or the token's scopes') without.
   */
  async staffPermissions(site: Site, staff: Staff): Promise<readonly Permission[] | undefined> {
    if (staff.accountId == null) return this.options.repository.tokenPermissions(site.id, staff.id);
    if (staff.role !== 'agent') return undefined;
    return (await this.options.repository.roleOf(site.id, staff.id))?.permissions;
  }

  /** What a member of the site holds: their custom role when they have one, else their built-in role. */
  async permissionsOf(
    siteId: string,
    member: { readonly id: string; readonly role: Staff['role'] },
  ): Promise<{
    readonly role: RoleRecord | undefined;
    readonly permissions: readonly Permission[];
  }> {
    const role = member.role === 'agent' ? await this.options.repository.roleOf(siteId, member.id) : undefined;
    return { role, permissions: role?.permissions ?? BUILT_IN_PERMISSIONS[member.role] };
  }
}
