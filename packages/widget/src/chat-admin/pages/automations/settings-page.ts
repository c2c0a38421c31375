import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'automations',
  group: 'conversations',
  rank: 30,
  label: 'automations',
  tag: 'chat-admin-automations',
  load: async () => (await import('./chat-admin-automations.component.js')).ChatAdminAutomations,
  roles: ADMINS,
  permission: 'automations.manage',
};
