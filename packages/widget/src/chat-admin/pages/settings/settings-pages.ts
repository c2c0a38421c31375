import type { Permission } from '@parley/protocol/admin';
import type { SettingsStrings } from '../../settings-strings.js';
import { ADMINS, canSee, type PageEntry, type StaffRole } from '../../page-entry.js';

/**
 * A sub-page of the settings area: a link in its side navigation and the element shown beside it, fetched the first
 * time it is shown; its id is the state's `page` as `settings/<id>` (and the address's `#settings/<id>`).
 */
export type SettingsPage = PageEntry<SettingsStrings>;

/**
 * The settings area's sub-pages, in the side navigation's order; the first is shown for `settings` alone. A new
 * sub-page is one entry here.
 */
export const SETTINGS_PAGES: readonly SettingsPage[] = [
  {
    id: 'account',
    label: 'account',
    tag: 'chat-admin-account',
    load: async () => (await import('../account/chat-admin-account.component.js')).ChatAdminAccount,
  },
  {
    id: 'team',
    label: 'team',
    tag: 'chat-admin-team',
    load: async () => (await import('../team/chat-admin-team.component.js')).ChatAdminTeam,
  },
  {
    id: 'roles',
    label: 'roles',
    tag: 'chat-admin-roles',
    load: async () => (await import('../roles/chat-admin-roles.component.js')).ChatAdminRoles,
    roles: ADMINS,
    permission: 'team.manage',
  },
  {
    id: 'tokens',
    label: 'tokens',
    tag: 'chat-admin-tokens',
    load: async () => (await import('../tokens/chat-admin-tokens.component.js')).ChatAdminTokens,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'sites',
    label: 'sites',
    tag: 'chat-admin-sites',
    load: async () => (await import('../sites/chat-admin-sites.component.js')).ChatAdminSites,
  },
  {
    id: 'site',
    label: 'site',
    tag: 'chat-admin-site',
    load: async () => (await import('../site/chat-admin-site.component.js')).ChatAdminSite,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'replies',
    label: 'replies',
    tag: 'chat-admin-replies',
    load: async () => (await import('../replies/chat-admin-replies.component.js')).ChatAdminReplies,
  },
  {
    id: 'notifications',
    label: 'notifications',
    tag: 'chat-admin-notifications',
    load: async () => (await import('../notifications/chat-admin-notifications.component.js')).ChatAdminNotifications,
  },
  {
    id: 'automations',
    label: 'automations',
    tag: 'chat-admin-automations',
    load: async () => (await import('../automations/chat-admin-automations.component.js')).ChatAdminAutomations,
    roles: ADMINS,
    permission: 'automations.manage',
  },
  {
    id: 'visibility',
    label: 'visibility',
    tag: 'chat-admin-visibility',
    load: async () => (await import('../visibility/chat-admin-visibility.component.js')).ChatAdminVisibility,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'sso',
    label: 'sso',
    tag: 'chat-admin-sso',
    load: async () => (await import('../sso/chat-admin-sso-settings.component.js')).ChatAdminSsoSettings,
    roles: ADMINS,
    permission: 'team.manage',
  },
  {
    id: 'routing',
    label: 'routing',
    tag: 'chat-admin-routing',
    load: async () => (await import('../routing/chat-admin-routing.component.js')).ChatAdminRouting,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'campaigns',
    label: 'campaigns',
    tag: 'chat-admin-campaigns',
    load: async () => (await import('../campaigns/chat-admin-campaigns.component.js')).ChatAdminCampaigns,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'faq',
    label: 'faq',
    tag: 'chat-admin-faq',
    load: async () => (await import('../faq/chat-admin-faq.component.js')).ChatAdminFaq,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'help',
    label: 'help',
    tag: 'chat-admin-help',
    load: async () => (await import('../help/chat-admin-help.component.js')).ChatAdminHelp,
  },
  {
    // Every member reads it; only admins change it (the page says so to agents).
    id: 'safety',
    label: 'safety',
    tag: 'chat-admin-safety',
    load: async () => (await import('../safety/chat-admin-safety.component.js')).ChatAdminSafety,
  },
  {
    // Every member reads the rules and writes their own macros; only admins change rules and shared macros.
    id: 'rules',
    label: 'rules',
    tag: 'chat-admin-rules',
    load: async () => (await import('../rules/chat-admin-rules.component.js')).ChatAdminRules,
  },
  {
    id: 'attributes',
    label: 'attributes',
    tag: 'chat-admin-attributes',
    load: async () => (await import('../attributes/chat-admin-attributes.component.js')).ChatAdminAttributes,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'attachments',
    label: 'attachments',
    tag: 'chat-admin-attachments',
    load: async () => (await import('../attachments/chat-admin-attachments.component.js')).ChatAdminAttachments,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'email',
    label: 'email',
    tag: 'chat-admin-email',
    load: async () => (await import('../email/chat-admin-email.component.js')).ChatAdminEmail,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'webhooks',
    label: 'webhooks',
    tag: 'chat-admin-webhooks',
    load: async () => (await import('../webhooks/chat-admin-webhooks.component.js')).ChatAdminWebhooks,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'api-channels',
    label: 'apiChannels',
    tag: 'chat-admin-api-channels',
    load: async () => (await import('../api-channels/chat-admin-api-channels.component.js')).ChatAdminApiChannels,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'deliveries',
    label: 'deliveries',
    tag: 'chat-admin-deliveries',
    load: async () => (await import('../deliveries/chat-admin-deliveries.component.js')).ChatAdminDeliveries,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'audit',
    label: 'audit',
    tag: 'chat-admin-audit',
    load: async () => (await import('../audit/chat-admin-audit.component.js')).ChatAdminAudit,
    roles: ADMINS,
    permission: 'audit.view',
  },
];

/**
 * The sub-pages a member with `role` sees: where the relay says what they may do (`permissions`), a page that takes
 * a permission is shown to those who hold it (a custom role, docs/accounts.md); else as their built-in role says.
 */
export function settingsPagesFor(role: StaffRole, permissions?: readonly Permission[]): SettingsPage[] {
  return SETTINGS_PAGES.filter((page) => canSee(page, role, permissions));
}
