import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'attachments',
  group: 'conversations',
  rank: 60,
  label: 'attachments',
  tag: 'chat-admin-attachments',
  load: async () => (await import('./chat-admin-attachments.component.js')).ChatAdminAttachments,
  roles: ADMINS,
  permission: 'settings.manage',
};
