import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'webhooks',
  group: 'developers',
  rank: 20,
  label: 'webhooks',
  tag: 'chat-admin-webhooks',
  load: async () => (await import('./chat-admin-webhooks.component.js')).ChatAdminWebhooks,
  roles: ADMINS,
  permission: 'webhooks.manage',
};
