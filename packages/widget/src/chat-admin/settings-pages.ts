import type { SettingsStrings } from './settings-strings.js';

/**
 * A sub-page of the settings area: a link in its side navigation and the element shown beside it, fetched the first
 * time it is shown. The element gets the same properties as every page (`api`, `strings`, `inbox`, `theme`).
 */
export interface SettingsPage {
  /** Its id: the state's `page` is `settings/<id>` while it is shown (and the address's `#settings/<id>`). */
  id: string;
  label: (strings: SettingsStrings) => string;
  tag: string;
  load: () => Promise<CustomElementConstructor>;
  /** Hidden from agents (its API answers them 403). */
  adminOnly?: true;
}

/**
 * The settings area's sub-pages, in the side navigation's order; the first is shown for `settings` alone. A new
 * sub-page is one entry here.
 */
export const SETTINGS_PAGES: readonly SettingsPage[] = [
  {
    id: 'account',
    label: (s) => s.account,
    tag: 'chat-admin-account',
    load: async () => (await import('./chat-admin-account.component.js')).ChatAdminAccount,
  },
  {
    id: 'team',
    label: (s) => s.team,
    tag: 'chat-admin-team',
    load: async () => (await import('./chat-admin-team.component.js')).ChatAdminTeam,
  },
  {
    id: 'tokens',
    label: (s) => s.tokens,
    tag: 'chat-admin-tokens',
    load: async () => (await import('./chat-admin-tokens.component.js')).ChatAdminTokens,
    adminOnly: true,
  },
  {
    id: 'sites',
    label: (s) => s.sites,
    tag: 'chat-admin-sites',
    load: async () => (await import('./chat-admin-sites.component.js')).ChatAdminSites,
  },
  {
    id: 'site',
    label: (s) => s.site,
    tag: 'chat-admin-site',
    load: async () => (await import('./chat-admin-site.component.js')).ChatAdminSite,
    adminOnly: true,
  },
  {
    id: 'replies',
    label: (s) => s.replies,
    tag: 'chat-admin-replies',
    load: async () => (await import('./chat-admin-replies.component.js')).ChatAdminReplies,
  },
  {
    id: 'notifications',
    label: (s) => s.notifications,
    tag: 'chat-admin-notifications',
    load: async () => (await import('./chat-admin-notifications.component.js')).ChatAdminNotifications,
  },
  {
    id: 'automations',
    label: (s) => s.automations,
    tag: 'chat-admin-automations',
    load: async () => (await import('./chat-admin-automations.component.js')).ChatAdminAutomations,
    adminOnly: true,
  },
  {
    id: 'routing',
    label: (s) => s.routing,
    tag: 'chat-admin-routing',
    load: async () => (await import('./chat-admin-routing.component.js')).ChatAdminRouting,
    adminOnly: true,
  },
  {
    id: 'faq',
    label: (s) => s.faq,
    tag: 'chat-admin-faq',
    load: async () => (await import('./chat-admin-faq.component.js')).ChatAdminFaq,
    adminOnly: true,
  },
  {
    id: 'attachments',
    label: (s) => s.attachments,
    tag: 'chat-admin-attachments',
    load: async () => (await import('./chat-admin-attachments.component.js')).ChatAdminAttachments,
    adminOnly: true,
  },
  {
    id: 'webhooks',
    label: (s) => s.webhooks,
    tag: 'chat-admin-webhooks',
    load: async () => (await import('./chat-admin-webhooks.component.js')).ChatAdminWebhooks,
    adminOnly: true,
  },
  {
    id: 'deliveries',
    label: (s) => s.deliveries,
    tag: 'chat-admin-deliveries',
    load: async () => (await import('./chat-admin-deliveries.component.js')).ChatAdminDeliveries,
    adminOnly: true,
  },
  {
    id: 'audit',
    label: (s) => s.audit,
    tag: 'chat-admin-audit',
    load: async () => (await import('./chat-admin-audit.component.js')).ChatAdminAudit,
    adminOnly: true,
  },
];

/** The sub-pages a member with `role` sees. */
export function settingsPagesFor(role: string): SettingsPage[] {
  return SETTINGS_PAGES.filter((page) => !page.adminOnly || role !== 'agent');
}
