import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'sites',
  group: 'you',
  rank: 30,
  label: 'sites',
  tag: 'chat-admin-sites',
  load: async () => (await import('./chat-admin-sites.component.js')).ChatAdminSites,
};
