import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'mailboxes',
  group: 'channels',
  rank: 25,
  label: 'mailboxes',
  tag: 'chat-admin-mailboxes',
  load: async () => (await import('./chat-admin-mailboxes.component.js')).ChatAdminMailboxes,
  roles: ADMINS,
  permission: 'settings.manage',
};
