import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'notifications',
  group: 'you',
  rank: 20,
  label: 'notifications',
  tag: 'chat-admin-notifications',
  load: async () => (await import('./chat-admin-notifications.component.js')).ChatAdminNotifications,
};
