import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'ai',
  group: 'channels',
  rank: 70,
  label: 'ai',
  tag: 'chat-admin-ai',
  load: async () => (await import('./chat-admin-ai-settings.component.js')).ChatAdminAiSettings,
  roles: ADMINS,
  permission: 'settings.manage',
};
