import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'campaigns',
  group: 'channels',
  rank: 30,
  label: 'campaigns',
  tag: 'chat-admin-campaigns',
  load: async () => (await import('./chat-admin-campaigns.component.js')).ChatAdminCampaigns,
  roles: ADMINS,
  permission: 'settings.manage',
};
