import { ChatAdminComposer } from './chat-admin-composer.component.js';
import { ChatAdminInbox } from './chat-admin-inbox.component.js';
import { ChatAdminList } from './chat-admin-list.component.js';
import { ChatAdminSignIn } from './chat-admin-sign-in.component.js';
import { ChatAdminThread } from './chat-admin-thread.component.js';
import { ChatAdminVisitor } from './chat-admin-visitor.component.js';
import { ChatAdmin } from './chat-admin.component.js';
import type { ChatAdminBroadcasts } from './chat-admin-broadcasts.component.js';
import type { ChatAdminDeliveries } from './chat-admin-deliveries.component.js';
import type { ChatAdminRouting } from './chat-admin-routing.component.js';
import type { ChatAdminFaq } from './chat-admin-faq.component.js';
import type { ChatAdminStats } from './chat-admin-stats.component.js';
import type { ChatAdminWebhooks } from './chat-admin-webhooks.component.js';
import { ADMIN_PAGES } from './pages.js';

export {
  ChatAdmin,
  ChatAdminComposer,
  ChatAdminInbox,
  ChatAdminList,
  ChatAdminSignIn,
  ChatAdminThread,
  ChatAdminVisitor,
};
// The other pages' classes are loaded the first time each is shown (pages.ts): as types here, so that importing
// this module does not bundle them.
export type {
  ChatAdminBroadcasts,
  ChatAdminDeliveries,
  ChatAdminFaq,
  ChatAdminRouting,
  ChatAdminStats,
  ChatAdminWebhooks,
};
export { AdminApiError, HttpAdminApi, type AdminApi } from './admin-api.js';
export type { AdminClient } from './admin-client.js';
export { chatAdminEvent, type ChatAdminEvent, type ChatAdminEventDetails } from './admin-events.js';
export { adminEn, type AdminStrings } from './admin-strings.js';
export type { RoutingStrings } from './routing-strings.js';
export type * from './admin-types.js';
export { ConversationController } from './conversation-controller.js';
export { InboxController, type InboxHost } from './inbox-controller.js';
export type { Dialog, InboxState, Notice } from './inbox-state.js';
export {
  Notifier,
  type NotifierEnvironment,
  type NotifyChannel,
  type NotifyKind,
  type NotifyPrefs,
} from './notifier.js';
export { ADMIN_PAGES, definePage, type AdminPage } from './pages.js';

const elements: [string, CustomElementConstructor][] = [
  ['chat-admin-sign-in', ChatAdminSignIn],
  ['chat-admin-list', ChatAdminList],
  ['chat-admin-thread', ChatAdminThread],
  ['chat-admin-composer', ChatAdminComposer],
  ['chat-admin-visitor', ChatAdminVisitor],
  // The pages bundled with the shell; the others are registered when first shown (`definePage`).
  ...ADMIN_PAGES.flatMap(({ tag, element }): [string, CustomElementConstructor][] => (element ? [[tag, element]] : [])),
  ['chat-admin', ChatAdmin],
];
// A second copy of the bundle must not throw on a second define.
for (const [tag, element] of elements) if (!customElements.get(tag)) customElements.define(tag, element);

declare global {
  interface HTMLElementTagNameMap {
    'chat-admin': ChatAdmin;
    'chat-admin-broadcasts': ChatAdminBroadcasts;
    'chat-admin-composer': ChatAdminComposer;
    'chat-admin-deliveries': ChatAdminDeliveries;
    'chat-admin-inbox': ChatAdminInbox;
    'chat-admin-list': ChatAdminList;
    'chat-admin-routing': ChatAdminRouting;
    'chat-admin-sign-in': ChatAdminSignIn;
    'chat-admin-stats': ChatAdminStats;
    'chat-admin-thread': ChatAdminThread;
    'chat-admin-visitor': ChatAdminVisitor;
    'chat-admin-webhooks': ChatAdminWebhooks;
  }
}
