import type { Permission } from '@parley/protocol/admin';
import type { StaffMe } from './admin-types.js';

/** A staff member's role on the site. */
export type StaffRole = StaffMe['role'];

/** The keys of `S` whose value is a plain text (a page's label). */
export type TextKey<S> = { [K in keyof S]-?: S[K] extends string ? K : never }[keyof S];

/**
 * A line of a page registry (the top bar's `ADMIN_PAGES`, the settings area's `SETTINGS_PAGES`): the page's id, its
 * label (a key of the registry's strings), the element's tag, how to fetch it, and who may see it. The element is
 * created with `api`, `strings`, `inbox` and `theme` (see `AdminPage`, the pages' base).
 */
export interface PageEntry<S> {
  /** The page's id: the state's `page` while it is shown (and `#<id>` in the address). */
  id: string;
  /** Its label: the key of its text in the registry's strings. */
  label: TextKey<S>;
  /** The element's tag, registered the first time the page is shown (see `definePage`). */
  tag: string;
  /** Its chunk: every page but the inbox comes in a chunk of its own, the first time it is shown. */
  load: () => Promise<CustomElementConstructor>;
  /** Who sees it (its API answers the others 403); everyone when absent. */
  roles?: readonly StaffRole[];
  /**
   * The permission its API takes, where the relay says what the member holds (`GET /v1/admin/me`): then it decides
   * instead of `roles`, so that a custom role sees the pages it may use (the settings area asks; docs/accounts.md).
   */
  permission?: Permission;
}

/** The roles of a page that only admins see. */
export const ADMINS: readonly StaffRole[] = ['owner', 'admin'];

/**
 * What an agent holds (the protocol's `BUILT_IN_PERMISSIONS.agent`), for relays from before roles. A copy: importing
 * the protocol's admin module here puts its schemas in the inbox's first load (measured: +8 kB gzipped).
 */
const AGENT_HOLDS: readonly Permission[] = ['reports.view', 'emails.reveal'];

/**
 * Whether the signed-in member may do what `permission` allows: as `GET /v1/admin/me` says (their custom role's or
 * their built-in role's permissions, docs/accounts.md "Roles and permissions"); from a relay from before roles, as
 * their built-in role did then (owners and admins everything, agents reports and emails). The inbox shows a control
 * by this, never by the name of a role: the relay decides by the same permissions, and answers the others 403.
 */
export function holds(me: Pick<StaffMe, 'role' | 'permissions'> | undefined, permission: Permission): boolean {
  if (!me) return false;
  if (me.permissions) return me.permissions.includes(permission);
  return me.role !== 'agent' || AGENT_HOLDS.includes(permission);
}

/**
 * Whether a member with `role` (and, where the relay says, `permissions`) sees `page`: by the page's permission
 * when it names one and the relay says what they hold, else by its roles.
 */
export function canSee(
  page: { roles?: readonly StaffRole[]; permission?: Permission },
  role: StaffRole,
  permissions?: readonly Permission[],
): boolean {
  if (page.permission && permissions) return permissions.includes(page.permission);
  return !page.roles || page.roles.includes(role);
}
