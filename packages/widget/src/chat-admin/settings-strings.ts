/**
 * The strings of the inbox's settings area (its side navigation and the pages' labels), kept out of the shell:
 * the area's chunk brings the English ones. A translation goes in `AdminStrings.settingsArea`.
 */
export interface SettingsStrings {
  /** The side navigation's label. */
  nav: string;
  account: string;
  team: string;
  tokens: string;
  sites: string;
  site: string;
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
  roles: string;
  sso: string;
  safety: string;
  rules: string;
  attributes: string;
  email: string;
  webhooks: string;
  apiChannels: string;
  deliveries: string;
}

/** English strings of the settings area. */
export const settingsEn: SettingsStrings = {
  nav: 'Settings',
  account: 'Account',
  team: 'Team',
  tokens: 'API tokens',
  sites: 'Sites',
  site: 'Site',
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
  roles: 'Roles',
  sso: 'Single sign-on',
  safety: 'Safety',
  rules: 'Rules and macros',
  attributes: 'Custom attributes',
  email: 'Support addresses',
  webhooks: 'Webhooks',
  apiChannels: 'API channels',
  deliveries: 'Deliveries',
};
