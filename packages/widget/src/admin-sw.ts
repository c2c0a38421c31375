/**
 * The inbox's service worker (`/admin/sw.js`): it only shows what the relay pushes (Web Push, issue #19) and, when a
 * notification is clicked, brings the inbox forward on the conversation it is about. It caches nothing and
 * intercepts no request.
 */
import { OPEN_CONVERSATION, openConversationHash, type OpenConversation } from './chat-admin/open-conversation.js';

interface Pushed {
  title?: string;
  body?: string;
  tag?: string;
  conversationId?: string;
  siteId?: string;
}

interface WindowClientLike {
  readonly url: string;
  focus(): Promise<unknown>;
  postMessage(message: OpenConversation): void;
}

interface WorkerScope {
  readonly registration: { showNotification(title: string, options: NotificationOptions): Promise<void> };
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(
    type: 'push',
    listener: (event: { readonly data: { json(): unknown } | null; waitUntil(work: Promise<unknown>): void }) => void,
  ): void;
  addEventListener(
    type: 'notificationclick',
    listener: (event: { readonly notification: Notification; waitUntil(work: Promise<unknown>): void }) => void,
  ): void;
}

const worker = self as unknown as WorkerScope;
const inbox = new URL('/admin', location.href).href;

worker.addEventListener('push', (event) => {
  let pushed: Pushed = {};
  try {
    pushed = (event.data?.json() ?? {}) as Pushed;
  } catch {
    // Not ours to read: still show something, as a push must.
  }
  event.waitUntil(
    worker.registration.showNotification(pushed.title ?? 'Parley', {
      body: pushed.body ?? '',
      // The same tag replaces a notification: a conversation's newer message, or a push sent twice.
      tag: pushed.tag ?? 'parley',
      data: { conversationId: pushed.conversationId, siteId: pushed.siteId },
    }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { conversationId, siteId } = (event.notification.data ?? {}) as Pushed;
  const target: OpenConversation | undefined =
    typeof conversationId === 'string'
      ? { type: OPEN_CONVERSATION, conversationId, ...(typeof siteId === 'string' && { siteId }) }
      : undefined;
  event.waitUntil(
    worker.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((each) => each.url.startsWith(inbox));
      // An open inbox is told which conversation to show (before focus, which a browser may refuse); a new one
      // reads it from its address's fragment.
      if (open) {
        if (target) open.postMessage(target);
        return open.focus();
      }
      return worker.clients.openWindow(target ? `${inbox}${openConversationHash(target)}` : inbox);
    }),
  );
});
