import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'faq',
  group: 'channels',
  rank: 40,
  label: 'faq',
  tag: 'chat-admin-faq',
  load: async () => (await import('./chat-admin-faq.component.js')).ChatAdminFaq,
  roles: ADMINS,
  permission: 'settings.manage',
};
