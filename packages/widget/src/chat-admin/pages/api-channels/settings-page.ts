import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'api-channels',
  group: 'channels',
  rank: 60,
  label: 'apiChannels',
  tag: 'chat-admin-api-channels',
  load: async () => (await import('./chat-admin-api-channels.component.js')).ChatAdminApiChannels,
  roles: ADMINS,
  permission: 'webhooks.manage',
};
