import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'replies',
  group: 'conversations',
  rank: 10,
  label: 'replies',
  tag: 'chat-admin-replies',
  load: async () => (await import('./chat-admin-replies.component.js')).ChatAdminReplies,
};
