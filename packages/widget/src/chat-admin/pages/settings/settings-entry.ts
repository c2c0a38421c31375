import type { PageEntry } from '../../page-entry.js';
import type { SettingsStrings } from '../../settings-strings.js';

/**
 * The groups of the side navigation, in its order, as a team looks for a setting (issue #81: 24 links in one list,
 * "Sites" beside "Site"): what is the member's own, the team and who sees what, how conversations are handled, where
 * visitors reach the site, and what developers connect.
 */
export const SETTINGS_GROUPS = ['you', 'team', 'conversations', 'channels', 'developers'] as const;
export type SettingsGroup = (typeof SETTINGS_GROUPS)[number];

/**
 * A sub-page of the settings area: a link in its side navigation, under its group, and the element shown beside
 * it, fetched the first time it is shown. Each is declared by its folder (`pages/<name>/settings-page.ts`, exporting
 * `settingsPage`); its id is the state's `page` as `settings/<id>` (and the address's
 * `#settings/<id>`).
 */
export type SettingsPage = PageEntry<SettingsStrings> & {
  readonly group: SettingsGroup;
  /** Its place in its group: the side navigation lists a group's pages by rank, lowest first. */
  readonly rank: number;
};
