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

/** Whether a member with `role` sees `page`. */
export function canSee(page: { roles?: readonly StaffRole[] }, role: StaffRole): boolean {
  return !page.roles || page.roles.includes(role);
}
