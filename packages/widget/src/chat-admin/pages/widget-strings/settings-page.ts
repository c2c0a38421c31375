import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  // For who may change the site's settings, as the Site page (the widget's look) is; the relay lets every member read
  // the words (GET), and the page shows them read-only to a custom role without the permission.
  id: 'widget-strings',
  group: 'channels',
  rank: 15,
  label: 'widgetStrings',
  tag: 'chat-admin-widget-strings',
  load: async () => (await import('./chat-admin-widget-strings.component.js')).ChatAdminWidgetStrings,
  roles: ADMINS,
  permission: 'settings.manage',
};
