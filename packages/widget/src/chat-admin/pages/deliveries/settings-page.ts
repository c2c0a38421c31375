import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'deliveries',
  group: 'developers',
  rank: 30,
  label: 'deliveries',
  tag: 'chat-admin-deliveries',
  load: async () => (await import('./chat-admin-deliveries.component.js')).ChatAdminDeliveries,
  roles: ADMINS,
  permission: 'webhooks.manage',
};
