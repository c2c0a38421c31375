import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'visibility',
  group: 'team',
  rank: 30,
  label: 'visibility',
  tag: 'chat-admin-visibility',
  load: async () => (await import('./chat-admin-visibility.component.js')).ChatAdminVisibility,
  roles: ADMINS,
  permission: 'settings.manage',
};
