import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  // Every member reads the rules and writes their own macros; only admins change rules and shared macros.
  id: 'rules',
  group: 'conversations',
  rank: 20,
  label: 'rules',
  tag: 'chat-admin-rules',
  load: async () => (await import('./chat-admin-rules.component.js')).ChatAdminRules,
};
