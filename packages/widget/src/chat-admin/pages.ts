import type { AdminStrings } from './admin-strings.js';
import { ChatAdminAutomations } from './chat-admin-automations.component.js';
import { ChatAdminBroadcasts } from './chat-admin-broadcasts.component.js';
import { ChatAdminDeliveries } from './chat-admin-deliveries.component.js';
import { ChatAdminInbox } from './chat-admin-inbox.component.js';
import { ChatAdminStats } from './chat-admin-stats.component.js';

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
  /** The element's tag; `chat-admin.ts` registers `element` under it. */
  tag: string;
  element: CustomElementConstructor;
  /** `false` when the element has its own landmarks (the inbox); otherwise it is shown in a `<main>`. */
  main?: false;
  /** Shown to admins only (its API answers agents 403). */
  adminOnly?: true;
}

/** The pages, in the top bar's order; the first is shown after sign-in. A new page is one line here. */
export const ADMIN_PAGES: readonly AdminPage[] = [
  { id: 'inbox', label: (s) => s.inbox, tag: 'chat-admin-inbox', element: ChatAdminInbox, main: false },
  { id: 'broadcasts', label: (s) => s.broadcasts, tag: 'chat-admin-broadcasts', element: ChatAdminBroadcasts },
  { id: 'stats', label: (s) => s.stats, tag: 'chat-admin-stats', element: ChatAdminStats },
  {
    id: 'deliveries',
    label: (s) => s.deliveries,
    tag: 'chat-admin-deliveries',
    element: ChatAdminDeliveries,
    adminOnly: true,
  },
  {
    id: 'automations',
    label: (s) => s.automations,
    tag: 'chat-admin-automations',
    element: ChatAdminAutomations,
    adminOnly: true,
  },
];
