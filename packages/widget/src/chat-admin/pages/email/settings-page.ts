import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'email',
  group: 'channels',
  rank: 20,
  label: 'email',
  tag: 'chat-admin-email',
  load: async () => (await import('./chat-admin-email.component.js')).ChatAdminEmail,
  roles: ADMINS,
  permission: 'settings.manage',
};
