import type { AdminStrings } from './admin-strings.js';
import { ChatAdminInbox } from './chat-admin-inbox.component.js';
import { ADMINS, type PageEntry } from './page-entry.js';
import { MACROS_PART } from './rules/macros-part.js';
import { CONTACT_PART } from './contact/contact-part.js';

/**
 * A page of `<chat-admin>`: a tab in the top bar and the element shown under it (see {@link PageEntry}). The inbox
 * comes with the shell (`element`); every other page is a folder of `pages/` fetched in a chunk of its own, so the
 * inbox's first load carries only the shell (see the widget's size budgets).
 */
export interface AdminPage extends Omit<PageEntry<AdminStrings>, 'load'> {
  /** The element, bundled with the shell: the inbox, shown after sign-in. */
  element?: CustomElementConstructor;
  load?: () => Promise<CustomElementConstructor>;
  /** `false` when the element has its own landmarks (the inbox, the settings area); otherwise it is in a `<main>`. */
  main?: false;
}

/** The pages, in the top bar's order; the first is shown after sign-in. A new page is one line here. */
export const ADMIN_PAGES: readonly AdminPage[] = [
  { id: 'inbox', label: 'inbox', tag: 'chat-admin-inbox', element: ChatAdminInbox, main: false },
  {
    id: 'contacts',
    label: 'contacts',
    tag: 'chat-admin-contacts',
    load: async () => (await import('./pages/contacts/chat-admin-contacts.component.js')).ChatAdminContacts,
  },
  {
    id: 'companies',
    label: 'companies',
    tag: 'chat-admin-companies',
    load: async () => (await import('./pages/companies/chat-admin-companies.component.js')).ChatAdminCompanies,
  },
  {
    id: 'broadcasts',
    label: 'broadcasts',
    tag: 'chat-admin-broadcasts',
    load: async () => (await import('./pages/broadcasts/chat-admin-broadcasts.component.js')).ChatAdminBroadcasts,
    // Agents may read past broadcasts but not send one (the relay answers 403): the page is for who may send.
    roles: ADMINS,
    permission: 'automations.manage',
  },
  {
    id: 'reports',
    label: 'reports',
    tag: 'chat-admin-reports',
    load: async () => (await import('./pages/reports/chat-admin-reports.component.js')).ChatAdminReports,
    permission: 'reports.view',
  },
  {
    id: 'stats',
    label: 'stats',
    tag: 'chat-admin-stats',
    load: async () => (await import('./pages/stats/chat-admin-stats.component.js')).ChatAdminStats,
  },
  // The settings area: its side navigation and its sub-pages are listed in its own chunk (settings-pages.ts).
  {
    id: 'settings',
    label: 'settings',
    tag: 'chat-admin-settings',
    load: async () => (await import('./pages/settings/chat-admin-settings.component.js')).ChatAdminSettings,
    main: false,
  },
];

/** The sign-in page (and one-time links, and a required two-factor setup), fetched only while signed out. */
export const SIGN_IN: AdminPage = {
  id: 'sign-in',
  label: 'title',
  tag: 'chat-admin-sign-in',
  load: async () => (await import('./chat-admin-sign-in.component.js')).ChatAdminSignIn,
  main: false,
};

/**
 * Parts of the inbox fetched when first needed, like the pages: the composer (once a conversation is open: the
 * sign-in page and the list never need it), a message's files (once one is shown), the Notifications dialog (once
 * opened), the composer's Macros (once opened). A feature's part of a message (Edit and Delete, a redacted message's
 * marks, an email's original) is a message decoration of its folder instead (message-decorations.ts).
 */
export const ADMIN_PARTS = {
  composer: {
    tag: 'chat-admin-composer',
    load: async () => (await import('./chat-admin-composer.component.js')).ChatAdminComposer,
  },
  prefs: {
    tag: 'chat-admin-prefs',
    load: async () => (await import('./chat-admin-prefs.component.js')).ChatAdminPrefs,
  },
  files: {
    tag: 'chat-admin-files',
    load: async () => (await import('./chat-admin-files.component.js')).ChatAdminFiles,
  },
  firstRun: {
    tag: 'chat-admin-first-run',
    load: async () => (await import('./first-run/chat-admin-first-run.component.js')).ChatAdminFirstRun,
  },
  flags: {
    tag: 'chat-admin-flags',
    load: async () => (await import('./moderation/chat-admin-flags.component.js')).ChatAdminFlags,
  },
  macros: MACROS_PART,
  visitor: {
    tag: 'chat-admin-visitor',
    load: async () => (await import('./chat-admin-visitor.component.js')).ChatAdminVisitor,
  },
  contact: CONTACT_PART,
} satisfies Record<string, Pick<AdminPage, 'tag' | 'load'>>;

export { definePage } from './define-page.js';
