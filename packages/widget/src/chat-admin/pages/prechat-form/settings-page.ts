import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  // For who may change the site's settings, beside the widget's words; the relay lets every member read the form.
  id: 'prechat-form',
  group: 'channels',
  rank: 16,
  label: 'prechatForm',
  tag: 'chat-admin-prechat-form',
  load: async () => (await import('./chat-admin-prechat-form.component.js')).ChatAdminPrechatForm,
  roles: ADMINS,
  permission: 'settings.manage',
};
