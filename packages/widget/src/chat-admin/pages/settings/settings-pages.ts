import type { Permission } from '@parley/protocol/admin';
import type { SettingsStrings } from '../../settings-strings.js';
import { ADMINS, canSee, type PageEntry, type StaffRole } from '../../page-entry.js';

/**
 * The groups of the side navigation, in its order, as a team looks for a setting (issue #81: 24 links in one list,
 * "Sites" beside "Site"): what is the member's own, the team and who sees what, how conversations are handled, where
 * visitors reach the site, and what developers connect.
 */
export const SETTINGS_GROUPS = ['you', 'team', 'conversations', 'channels', 'developers'] as const;
export type SettingsGroup = (typeof SETTINGS_GROUPS)[number];

/**
 * A sub-page of the settings area: a link in its side navigation, under its group, and the element shown beside
 * it, fetched the first time it is shown; its id is the state's `page` as `settings/<id>` (and the address's
 * `#settings/<id>`).
 */
export type SettingsPage = PageEntry<SettingsStrings> & { readonly group: SettingsGroup };

/**
 * The settings area's sub-pages, in the side navigation's order (group by group, as {@link SETTINGS_GROUPS}); the
 * first is shown for `settings` alone. A new sub-page is one entry here.
 */
export const SETTINGS_PAGES: readonly SettingsPage[] = [
  {
    id: 'account',
    group: 'you',
    label: 'account',
    tag: 'chat-admin-account',
    load: async () => (await import('../account/chat-admin-account.component.js')).ChatAdminAccount,
  },
  {
    id: 'notifications',
    group: 'you',
    label: 'notifications',
    tag: 'chat-admin-notifications',
    load: async () => (await import('../notifications/chat-admin-notifications.component.js')).ChatAdminNotifications,
  },
  {
    id: 'sites',
    group: 'you',
    label: 'sites',
    tag: 'chat-admin-sites',
    load: async () => (await import('../sites/chat-admin-sites.component.js')).ChatAdminSites,
  },
  {
    id: 'team',
    group: 'team',
    label: 'team',
    tag: 'chat-admin-team',
    load: async () => (await import('../team/chat-admin-team.component.js')).ChatAdminTeam,
  },
  {
    id: 'roles',
    group: 'team',
    label: 'roles',
    tag: 'chat-admin-roles',
    load: async () => (await import('../roles/chat-admin-roles.component.js')).ChatAdminRoles,
    roles: ADMINS,
    permission: 'team.manage',
  },
  {
    id: 'visibility',
    group: 'team',
    label: 'visibility',
    tag: 'chat-admin-visibility',
    load: async () => (await import('../visibility/chat-admin-visibility.component.js')).ChatAdminVisibility,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'routing',
    group: 'team',
    label: 'routing',
    tag: 'chat-admin-routing',
    load: async () => (await import('../routing/chat-admin-routing.component.js')).ChatAdminRouting,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'sso',
    group: 'team',
    label: 'sso',
    tag: 'chat-admin-sso',
    load: async () => (await import('../sso/chat-admin-sso-settings.component.js')).ChatAdminSsoSettings,
    roles: ADMINS,
    permission: 'team.manage',
  },
  {
    id: 'replies',
    group: 'conversations',
    label: 'replies',
    tag: 'chat-admin-replies',
    load: async () => (await import('../replies/chat-admin-replies.component.js')).ChatAdminReplies,
  },
  {
    // Every member reads the rules and writes their own macros; only admins change rules and shared macros.
    id: 'rules',
    group: 'conversations',
    label: 'rules',
    tag: 'chat-admin-rules',
    load: async () => (await import('../rules/chat-admin-rules.component.js')).ChatAdminRules,
  },
  {
    id: 'automations',
    group: 'conversations',
    label: 'automations',
    tag: 'chat-admin-automations',
    load: async () => (await import('../automations/chat-admin-automations.component.js')).ChatAdminAutomations,
    roles: ADMINS,
    permission: 'automations.manage',
  },
  {
    id: 'attributes',
    group: 'conversations',
    label: 'attributes',
    tag: 'chat-admin-attributes',
    load: async () => (await import('../attributes/chat-admin-attributes.component.js')).ChatAdminAttributes,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    // Every member reads it; only admins change it (the page says so to agents).
    id: 'safety',
    group: 'conversations',
    label: 'safety',
    tag: 'chat-admin-safety',
    load: async () => (await import('../safety/chat-admin-safety.component.js')).ChatAdminSafety,
  },
  {
    id: 'attachments',
    group: 'conversations',
    label: 'attachments',
    tag: 'chat-admin-attachments',
    load: async () => (await import('../attachments/chat-admin-attachments.component.js')).ChatAdminAttachments,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'site',
    group: 'channels',
    label: 'site',
    tag: 'chat-admin-site',
    load: async () => (await import('../site/chat-admin-site.component.js')).ChatAdminSite,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'email',
    group: 'channels',
    label: 'email',
    tag: 'chat-admin-email',
    load: async () => (await import('../email/chat-admin-email.component.js')).ChatAdminEmail,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'campaigns',
    group: 'channels',
    label: 'campaigns',
    tag: 'chat-admin-campaigns',
    load: async () => (await import('../campaigns/chat-admin-campaigns.component.js')).ChatAdminCampaigns,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'faq',
    group: 'channels',
    label: 'faq',
    tag: 'chat-admin-faq',
    load: async () => (await import('../faq/chat-admin-faq.component.js')).ChatAdminFaq,
    roles: ADMINS,
    permission: 'settings.manage',
  },
  {
    id: 'help',
    group: 'channels',
    label: 'help',
    tag: 'chat-admin-help',
    load: async () => (await import('../help/chat-admin-help.component.js')).ChatAdminHelp,
  },
  {
    id: 'api-channels',
    group: 'channels',
    label: 'apiChannels',
    tag: 'chat-admin-api-channels',
    load: async () => (await import('../api-channels/chat-admin-api-channels.component.js')).ChatAdminApiChannels,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'tokens',
    group: 'developers',
    label: 'tokens',
    tag: 'chat-admin-tokens',
    load: async () => (await import('../tokens/chat-admin-tokens.component.js')).ChatAdminTokens,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'webhooks',
    group: 'developers',
    label: 'webhooks',
    tag: 'chat-admin-webhooks',
    load: async () => (await import('../webhooks/chat-admin-webhooks.component.js')).ChatAdminWebhooks,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'deliveries',
    group: 'developers',
    label: 'deliveries',
    tag: 'chat-admin-deliveries',
    load: async () => (await import('../deliveries/chat-admin-deliveries.component.js')).ChatAdminDeliveries,
    roles: ADMINS,
    permission: 'webhooks.manage',
  },
  {
    id: 'audit',
    group: 'developers',
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
