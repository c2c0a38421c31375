import type { Permission } from '@parley/protocol/admin';
import { canSee, type StaffRole } from '../../page-entry.js';
import { SETTINGS_GROUPS, type SettingsPage } from './settings-entry.js';
import { CONTRIBUTED } from './settings-pages.generated.js';

export { SETTINGS_GROUPS, type SettingsGroup, type SettingsPage } from './settings-entry.js';

/**
 * The settings area's sub-pages, in the side navigation's order: group by group (as {@link SETTINGS_GROUPS}), by
 * rank in each; the first is shown for `settings` alone. Each is declared in its own folder
 * (`pages/<name>/settings-page.ts`); the index of those (`settings-pages.generated.ts`) is written by the build and
 * the tests' runner from the folders (`scripts/contributions.mjs`), so a new sub-page edits only its folder.
 */
export const SETTINGS_PAGES: readonly SettingsPage[] = [...CONTRIBUTED].sort(
  (a, b) => SETTINGS_GROUPS.indexOf(a.group) - SETTINGS_GROUPS.indexOf(b.group) || a.rank - b.rank,
);

/**
 * The sub-pages a member with `role` sees: where the relay says what they may do (`permissions`), a page that takes
 * a permission is shown to those who hold it (a custom role, docs/accounts.md); else as their built-in role says.
 */
export function settingsPagesFor(role: StaffRole, permissions?: readonly Permission[]): SettingsPage[] {
  return SETTINGS_PAGES.filter((page) => canSee(page, role, permissions));
}
