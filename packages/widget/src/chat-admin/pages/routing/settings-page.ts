import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'routing',
  group: 'team',
  rank: 40,
  label: 'routing',
  tag: 'chat-admin-routing',
  load: async () => (await import('./chat-admin-routing.component.js')).ChatAdminRouting,
  roles: ADMINS,
  permission: 'settings.manage',
};
