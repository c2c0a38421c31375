import type { AdminStrings } from './admin-strings.js';
import { ChatAdminInbox } from './chat-admin-inbox.component.js';

/**
 * A page of `<chat-admin>`: a tab in the top bar and the element shown under it. The element is created with
 * three properties: `api` (the `AdminApi`), `strings` (`AdminStrings`) and `inbox` (the
 * `InboxController`, for pages that need the signed-in staff member or the conversations).
 */
export interface AdminPage {
  /** The page's id: the state's `page` while it is shown. */
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
    id: 'broadcasts',
    label: (s) => s.broadcasts,
    tag: 'chat-admin-broadcasts',
    load: async () => (await import('./chat-admin-broadcasts.component.js')).ChatAdminBroadcasts,
  },
  {
    id: 'stats',
    label: (s) => s.stats,
    tag: 'chat-admin-stats',
    load: async () => (await import('./chat-admin-stats.component.js')).ChatAdminStats,
  },
  {
    id: 'deliveries',
    label: (s) => s.deliveries,
    tag: 'chat-admin-deliveries',
    load: async () => (await import('./chat-admin-deliveries.component.js')).ChatAdminDeliveries,
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
    id: 'notifications',
    label: (s) => s.emailNotifications,
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
];

const loading = new Map<string, Promise<void>>();

/**
 * Registers a page's element if it is not yet: at once for one bundled with the shell, after fetching its chunk
 * for the others. Resolves when the tag is defined; one fetch per page however often it is asked for.
 */
export function definePage(page: AdminPage): Promise<void> {
  if (customElements.get(page.tag)) return Promise.resolve();
  let defined = loading.get(page.tag);
  if (!defined) {
    defined = (async () => {
      const element = page.element ?? (await page.load!());
      // Another copy of the bundle may have defined it meanwhile.
      if (!customElements.get(page.tag)) customElements.define(page.tag, element);
    })();
    // A failed fetch (offline, a deploy replaced the chunk) may be tried again on the next visit to the page.
    defined.catch(() => loading.delete(page.tag));
    loading.set(page.tag, defined);
  }
  return defined;
}
