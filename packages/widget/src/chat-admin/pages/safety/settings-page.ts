import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  // Every member reads it; only admins change it (the page says so to agents).
  id: 'safety',
  group: 'conversations',
  rank: 50,
  label: 'safety',
  tag: 'chat-admin-safety',
  load: async () => (await import('./chat-admin-safety.component.js')).ChatAdminSafety,
};
