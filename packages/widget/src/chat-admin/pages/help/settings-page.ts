import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'help',
  group: 'channels',
  rank: 50,
  label: 'help',
  tag: 'chat-admin-help',
  load: async () => (await import('./chat-admin-help.component.js')).ChatAdminHelp,
};
