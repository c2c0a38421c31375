import { ADMINS } from '../../page-entry.js';
import type { SettingsPage } from '../settings/settings-entry.js';

/** Its page in the settings area (the side navigation's group and place in it, who sees it, its chunk). */
export const settingsPage: SettingsPage = {
  id: 'audit',
  group: 'developers',
  rank: 40,
  label: 'audit',
  tag: 'chat-admin-audit',
  load: async () => (await import('./chat-admin-audit.component.js')).ChatAdminAudit,
  roles: ADMINS,
  permission: 'audit.view',
};
