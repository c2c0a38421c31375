import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'team',
  group: 'team',
  rank: 10,
  label: 'team',
  tag: 'chat-admin-team',
  load: async () => (await import('./chat-admin-team.component.js')).ChatAdminTeam,
};
