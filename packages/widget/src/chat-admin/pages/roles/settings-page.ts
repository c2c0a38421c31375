import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'roles',
  group: 'team',
  rank: 20,
  label: 'roles',
  tag: 'chat-admin-roles',
  load: async () => (await import('./chat-admin-roles.component.js')).ChatAdminRoles,
  roles: ADMINS,
  permission: 'team.manage',
};
