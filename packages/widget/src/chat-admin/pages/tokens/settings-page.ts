import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'tokens',
  group: 'developers',
  rank: 10,
  label: 'tokens',
  tag: 'chat-admin-tokens',
  load: async () => (await import('./chat-admin-tokens.component.js')).ChatAdminTokens,
  roles: ADMINS,
  permission: 'webhooks.manage',
};
