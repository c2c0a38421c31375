import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'messaging-channels',
  group: 'channels',
  rank: 55,
  label: 'messagingChannels',
  tag: 'chat-admin-messaging-channels',
  load: async () => (await import('./chat-admin-messaging-channels.component.js')).ChatAdminMessagingChannels,
  roles: ADMINS,
  permission: 'webhooks.manage',
};
