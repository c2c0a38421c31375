import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'sla',
  group: 'conversations',
  rank: 35,
  label: 'sla',
  tag: 'chat-admin-sla',
  load: async () => (await import('./chat-admin-sla.component.js')).ChatAdminSla,
  roles: ADMINS,
  permission: 'settings.manage',
};
