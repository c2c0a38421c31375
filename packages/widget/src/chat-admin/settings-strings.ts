/**
 * The strings of the inbox's settings area (its side navigation and the pages' labels), kept out of the shell:
 * the area's chunk brings the English ones. A translation goes in `AdminStrings.settingsArea`.
 */
export interface SettingsStrings {
  /** The side navigation's label. */
  nav: string;
  /** The side navigation's groups (`SETTINGS_GROUPS`). */
  groups: Record<'you' | 'team' | 'conversations' | 'channels' | 'developers', string>;
  /** An address naming no settings page (`#settings/<id>`). */
  notFound: (id: string) => string;
  /** An address naming a settings page the member's role does not show them. */
  notYours: (page: string) => string;
  account: string;
  team: string;
  tokens: string;
  sites: string;
  site: string;
  widgetStrings: string;
  prechatForm: string;
  replies: string;
  audit: string;
  notifications: string;
  automations: string;
  routing: string;
  faq: string;
  campaigns: string;
  help: string;
  attachments: string;
  visibility: string;
  sla: string;
  roles: string;
  sso: string;
  safety: string;
  rules: string;
  attributes: string;
  email: string;
  mailboxes: string;
  webhooks: string;
  apiChannels: string;
  messagingChannels: string;
  deliveries: string;
  ai: string;
}

/** English strings of the settings area. */
export const settingsEn: SettingsStrings = {
  nav: 'Settings',
  groups: {
    you: 'You',
    team: 'Team and access',
    conversations: 'Conversations',
    channels: 'Site and channels',
    developers: 'Developers',
  },
  notFound: (id) => `There is no settings page “${id}”. Pick one from the list.`,
  notYours: (page) => `${page} is for admins: your role does not show it. Pick another page from the list.`,
  account: 'Account',
  team: 'Team',
  tokens: 'API tokens',
  sites: 'Your sites',
  site: 'Site',
  widgetStrings: 'Widget words',
  prechatForm: 'Pre-chat form',
  replies: 'Saved replies',
  audit: 'Audit log',
  notifications: 'Email notifications',
  automations: 'Automations',
  routing: 'Routing',
  faq: 'FAQ',
  campaigns: 'Campaigns',
  help: 'Help center',
  attachments: 'Attachments',
  visibility: 'Who sees what',
  sla: 'SLA policies',
  roles: 'Roles',
  sso: 'Single sign-on',
  safety: 'Safety',
  rules: 'Rules and macros',
  attributes: 'Custom attributes',
  email: 'Support addresses',
  mailboxes: 'Mailboxes (IMAP)',
  webhooks: 'Webhooks',
  apiChannels: 'API channels',
  messagingChannels: 'Messaging channels',
  deliveries: 'Deliveries',
  ai: 'AI',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module './admin-strings.js' {
  interface AdminStrings {
    /** The settings area's navigation and page labels (its chunk brings the English ones when this is not set). */
    settingsArea?: SettingsStrings;
  }
}
