import type { AdminStrings } from './admin-strings.js';
import { ChatAdminInbox } from './chat-admin-inbox.component.js';

/**
 * A page of `<chat-admin>`: a tab in the top bar and the element shown under it. The element is created with
 * three properties: `api` (the `AdminApi`), `strings` (`AdminStrings`) and `inbox` (the
 * `InboxController`, for pages that need the signed-in staff member or the conversations).
 */
export interface AdminPage {
  /**
   * The page's id: the state's `page` while it is shown. A page may have sub-pages, `id/sub` (the settings
   * area's `settings/team`), which it reads from the state itself.
   */
  id: string;
  /** Its tab's label. */
  label: (strings: AdminStrings) => string;
  /** The element's tag, registered by `chat-admin.ts` (`element`) or the first time the page is shown (`load`). */
  tag: string;
  /** The element, bundled with the shell: the inbox, shown after sign-in. */
  element?: CustomElementConstructor;
  /**
   * Or how to fetch it: every other page comes in a chunk of its own, the first time it is shown, so the inbox's
   * first load carries only the shell (see the widget's size budgets).
   */
  load?: () => Promise<CustomElementConstructor>;
  /** `false` when the element has its own landmarks (the inbox); otherwise it is shown in a `<main>`. */
  main?: false;
  /** Shown to admins only (its API answers agents 403). */
  adminOnly?: true;
}

/** The pages, in the top bar's order; the first is shown after sign-in. A new page is one line here. */
export const ADMIN_PAGES: readonly AdminPage[] = [
  { id: 'inbox', label: (s) => s.inbox, tag: 'chat-admin-inbox', element: ChatAdminInbox, main: false },
  {
    id: 'contacts',
    label: (s) => s.contacts,
    tag: 'chat-admin-contacts',
    load: async () => (await import('./chat-admin-contacts.component.js')).ChatAdminContacts,
  },
  {
    id: 'broadcasts',
    label: (s) => s.broadcasts,
    tag: 'chat-admin-broadcasts',
    load: async () => (await import('./chat-admin-broadcasts.component.js')).ChatAdminBroadcasts,
    // Agents may read past broadcasts but not send one (the relay answers 403): the page is an admin's.
    adminOnly: true,
  },
  {
    id: 'reports',
    label: (s) => s.reports,
    tag: 'chat-admin-reports',
    load: async () => (await import('./chat-admin-reports.component.js')).ChatAdminReports,
  },
  {
    id: 'stats',
    label: (s) => s.stats,
    tag: 'chat-admin-stats',
    load: async () => (await import('./chat-admin-stats.component.js')).ChatAdminStats,
  },
  // The settings area: its side navigation and its sub-pages are listed in its own chunk (settings-pages.ts).
  {
    id: 'settings',
    label: (s) => s.settings,
    tag: 'chat-admin-settings',
    load: async () => (await import('./chat-admin-settings.component.js')).ChatAdminSettings,
    main: false,
  },
];

/** The sign-in page (and one-time links, and a required two-factor setup), fetched only while signed out. */
export const SIGN_IN: AdminPage = {
  id: 'sign-in',
  label: (s) => s.title,
  tag: 'chat-admin-sign-in',
  load: async () => (await import('./chat-admin-sign-in.component.js')).ChatAdminSignIn,
  main: false,
};

/**
 * Parts of the inbox fetched when first needed, like the pages: a message's files (once one is shown), the
 * Notifications dialog (once opened).
 */
export const ADMIN_PARTS = {
  prefs: {
    tag: 'chat-admin-prefs',
    load: async () => (await import('./chat-admin-prefs.component.js')).ChatAdminPrefs,
  },
  files: {
    tag: 'chat-admin-files',
    load: async () => (await import('./chat-admin-files.component.js')).ChatAdminFiles,
  },
} satisfies Record<string, Pick<AdminPage, 'tag' | 'load'>>;

export { definePage } from './define-page.js';
