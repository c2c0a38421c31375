import type { Permission } from '@parley/protocol/admin';

/** The strings of the inbox's Roles page and of the team page's role picker, kept out of the shell. */
export interface RolesStrings {
  title: string;
  intro: string;
  builtIn: string;
  custom: string;
  none: string;
  members: (count: number) => string;
  grants: string;
  grantsNothing: string;
  add: string;
  editing: (name: string) => string;
  name: string;
  permissions: string;
  permissionNames: Record<Permission, string>;
  permissionHelp: Record<Permission, string>;
  save: string;
  cancel: string;
  edit: string;
  delete: string;
  confirmDelete: (name: string) => string;
  saved: string;
  deleted: string;
  /** The team page's picker: the group of the site's own roles. */
  siteRoles: string;
}

/** English strings of the Roles page. */
export const rolesEn: RolesStrings = {
  title: 'Roles',
  intro:
    'A role is a set of permissions. Owners and admins hold every one; agents may view reports and reveal emails. Make roles of your own here, then give them to members on the Team page.',
  builtIn: 'Built-in roles',
  custom: 'This site’s roles',
  none: 'No roles of this site yet.',
  members: (count) => `${count} ${count === 1 ? 'member' : 'members'}`,
  grants: 'Grants',
  grantsNothing: 'Nothing beyond answering conversations',
  add: 'Add a role',
  editing: (name) => `Editing ${name}`,
  name: 'Name',
  permissions: 'Permissions',
  permissionNames: {
    'conversations.all': 'See all conversations',
    'team.manage': 'Manage the team',
    'settings.manage': 'Manage settings',
    'contacts.manage': 'Export, erase and merge contacts',
    'reports.view': 'View reports',
    'audit.view': 'View the audit log',
    'automations.manage': 'Manage automations and rules',
    'webhooks.manage': 'Manage webhooks and tokens',
    'emails.reveal': 'Reveal emails',
  },
  permissionHelp: {
    'conversations.all': 'Every conversation, whatever Who sees what says for agents.',
    'team.manage': 'Invite, change and deactivate members, teams and roles (never beyond what you hold).',
    'settings.manage': 'The site, widget, safety, routing, visibility, FAQ, attributes and email settings.',
    'contacts.manage': 'Access and erasure requests, merging contacts.',
    'reports.view': 'Reports and their CSV.',
    'audit.view': 'Who changed what.',
    'automations.manage': 'Automations, rules, shared macros and views, broadcasts.',
    'webhooks.manage': 'Webhooks and deliveries, API tokens and channels.',
    'emails.reveal': 'A contact’s email address in clear.',
  },
  save: 'Save',
  cancel: 'Cancel',
  edit: 'Edit',
  delete: 'Delete',
  confirmDelete: (name) => `Delete the role ${name}?`,
  saved: 'Saved.',
  deleted: 'Deleted.',
  siteRoles: 'This site’s roles',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Roles page's own strings, and the team page's picker's (the page's chunk brings the English ones). */
    rolesPage?: RolesStrings;
  }
}
