import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'account',
  group: 'you',
  rank: 10,
  label: 'account',
  tag: 'chat-admin-account',
  load: async () => (await import('./chat-admin-account.component.js')).ChatAdminAccount,
};
