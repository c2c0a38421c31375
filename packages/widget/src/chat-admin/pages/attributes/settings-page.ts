import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'attributes',
  group: 'conversations',
  rank: 40,
  label: 'attributes',
  tag: 'chat-admin-attributes',
  load: async () => (await import('./chat-admin-attributes.component.js')).ChatAdminAttributes,
  roles: ADMINS,
  permission: 'settings.manage',
};
