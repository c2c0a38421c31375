import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'site',
  group: 'channels',
  rank: 10,
  label: 'site',
  tag: 'chat-admin-site',
  load: async () => (await import('./chat-admin-site.component.js')).ChatAdminSite,
  roles: ADMINS,
  permission: 'settings.manage',
};
