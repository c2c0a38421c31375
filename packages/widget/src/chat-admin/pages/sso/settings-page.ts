import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'sso',
  group: 'team',
  rank: 50,
  label: 'sso',
  tag: 'chat-admin-sso',
  load: async () => (await import('./chat-admin-sso-settings.component.js')).ChatAdminSsoSettings,
  roles: ADMINS,
  permission: 'team.manage',
};
