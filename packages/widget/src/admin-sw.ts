/**
 * The inbox's service worker (`/admin/sw.js`). It shows what the relay pushes (Web Push, issue #19) and, when a
 * notification is clicked, brings the inbox forward on the conversation it is about. Registered for the page's scope
 * (`/admin`) once a member signs in (admin.ts), it also keeps the shell (issue #43): the page and every script of this
 * build, by their hashed names, so that the installed app opens without waiting for the network, and offline. It
 * answers those requests and no other: never a socket or an attachment, and an API answer only for a member who chose
 * to keep their last conversations for offline ({@link RecentConversations}: in a cache of their own, used only
 * when the relay is out of reach).
 */
import {
  OPEN_CONVERSATION,
  READ_ELSEWHERE_TAG,
  clearRequestFrom,
  closedByRead,
  openConversationHash,
  type OpenConversation,
} from './chat-admin/open-conversation.js';
import { RECENT_CHANGED } from './chat-admin/offline/recent-cache.js';
import { RecentConversations } from './chat-admin/offline/recent-worker.js';
import { SHELL_FILES, SHELL_VERSION } from './chat-admin/shell-files.js';

interface Pushed {
  /** `read`: conversations were read elsewhere, close `tags` (issue #43); otherwise a notification to show. */
  type?: string;
  title?: string;
  body?: string;
  tag?: string;
  tags?: unknown;
  conversationId?: string;
  siteId?: string;
  /** The message it is about. */
  seq?: number;
}

interface WindowClientLike {
  readonly url: string;
  readonly visibilityState?: DocumentVisibilityState;
  focus(): Promise<unknown>;
  postMessage(message: OpenConversation): void;
}

/** The install, activate and fetch events, as far as this worker reads them. */
interface ExtendableEventLike {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

interface WorkerScope {
  readonly registration: {
    showNotification(title: string, options: NotificationOptions): Promise<void>;
    getNotifications(filter?: { tag?: string }): Promise<Notification[]>;
  };
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  addEventListener(
    type: 'message',
    listener: (event: {
      readonly data: unknown;
      readonly ports: readonly MessagePort[];
      waitUntil(work: Promise<unknown>): void;
    }) => void,
  ): void;
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

// ---- the shell ---------------------------------------------------------------------------------------------

const CACHE_PREFIX = 'parley-inbox-';
const shellCache = `${CACHE_PREFIX}${SHELL_VERSION}`;
const shellPaths = new Set(SHELL_FILES);
/** How many builds' caches are kept: this one, and the one an inbox opened before the update may still be using. */
const KEPT_BUILDS = 2;

// A new build's files, all of them or none (`addAll`), then at once the worker of the next open of the app: a page
// still running the build before keeps finding its scripts, by their hashed names, in that build's cache.
worker.addEventListener('install', (event) => {
  event.waitUntil(
    (SHELL_FILES.length > 0
      ? caches.open(shellCache).then((cache) => cache.addAll(SHELL_FILES))
      : Promise.resolve()
    ).then(() => worker.skipWaiting()),
  );
});

// The caches of builds older than the one before go (`caches.keys()` lists them oldest first).
worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => {
        const builds = names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== shellCache);
        return Promise.all(builds.slice(0, -(KEPT_BUILDS - 1)).map((name) => caches.delete(name)));
      })
      .then(() => worker.clients.claim()),
  );
});

// ---- the recent conversations, for a member who keeps them --------------------------------------------------

const recent = new RecentConversations();

// The page created or deleted the member's cache (the option, a sign-in, a sign-out); a conversation was read, so
// its notifications go; or someone asks which notifications show.
worker.addEventListener('message', (event) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  // Answered on the port the page sent, once read: the page's switch settles after the worker knows.
  if (type === RECENT_CHANGED) return event.waitUntil(recent.refresh().then(() => event.ports[0]?.postMessage(true)));
  const clear = clearRequestFrom(event.data);
  if (clear) return event.waitUntil(inTurn(() => closeWhere((each) => closedByRead(each, clear))));
  if (type === NOTIFICATIONS_SHOWN && event.ports[0]) {
    const [port] = event.ports;
    event.waitUntil(
      inTurn(async () => port.postMessage((await worker.registration.getNotifications()).map(described))),
    );
  }
});

// The page from this build's cache, a script from whichever build's cache holds its name; the network when the
// cache lacks it. The recent conversations' API requests, for a member who keeps them, through them. Every other
// request goes to the network untouched.
worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (recent.handles(request)) return event.respondWith(recent.answer(request, (work) => event.waitUntil(work)));
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  const page = request.mode === 'navigate' && url.pathname === '/admin';
  if (!page && !shellPaths.has(url.pathname)) return;
  const kept = page
    ? caches.open(shellCache).then((cache) => cache.match('/admin', { ignoreSearch: true }))
    : caches.match(url.pathname);
  event.respondWith(kept.then((response) => response ?? fetch(request)));
});

// ---- pushes ------------------------------------------------------------------------------------------------

worker.addEventListener('push', (event) => {
  let pushed: Pushed = {};
  try {
    pushed = (event.data?.json() ?? {}) as Pushed;
  } catch {
    // Not ours to read: still show something, as a push must.
  }
  if (pushed.type === 'read' && Array.isArray(pushed.tags)) {
    const tags = pushed.tags.filter((tag): tag is string => typeof tag === 'string');
    event.waitUntil(inTurn(() => closeRead(tags)));
    return;
  }
  event.waitUntil(
    inTurn(async () => {
      await worker.registration.showNotification(pushed.title ?? 'Parley', {
        body: pushed.body ?? '',
        // The same tag replaces a notification: a conversation's newer message, or a push sent twice.
        tag: pushed.tag ?? 'parley',
        data: { conversationId: pushed.conversationId, siteId: pushed.siteId, seq: pushed.seq },
      });
      // Something real shows: the stand-in for closed ones (below) is not needed any more.
      await closeWhere((each) => each.tag === READ_ELSEWHERE_TAG);
    }),
  );
});

/**
 * Notifications are shown, listed and closed one operation at a time, in the order asked. Chromium forgets a
 * notification that is being shown while its notifications are listed: no later `getNotifications` returns it, so
 * no read could close it. Two pushes close together did that, and so could a push beside a read in an open inbox;
 * so the inbox asks the worker to close them (`clearNotifications`, open-conversation.ts) instead of closing them.
 */
let notificationWork: Promise<unknown> = Promise.resolve();
function inTurn(task: () => Promise<unknown>): Promise<unknown> {
  notificationWork = notificationWork.then(task).catch(() => undefined);
  return notificationWork;
}

/**
 * The `type` of a message asking which notifications the worker shows: answered on the message's port, in turn
 * (so never while one is being shown), as their tags, titles, bodies and data. The way to read them without the
 * race above; the end-to-end tests use it.
 */
const NOTIFICATIONS_SHOWN = 'parley.notifications-shown';

function described({ tag, title, body, data }: Notification): Record<string, unknown> {
  return { tag, title, body, data: data as unknown };
}

// ---- reads elsewhere (issue #43, ADR 0038) ------------------------------------------------------------------

/** Where the worker counts the silent closes it spent (a cache of its own: the shell's are per build). */
const PUSH_STATE_CACHE = 'parley-push-state';
const SILENT_CLOSES = '/admin/push-silent-closes';
/** At most this many silent closes in {@link SILENT_WINDOW_MS}: far within what Chromium grants an app in use. */
const SILENT_CLOSES_ALLOWED = 1;
const SILENT_WINDOW_MS = 24 * 3600 * 1000;

async function closeWhere(closes: (notification: Notification) => boolean): Promise<void> {
  for (const notification of await worker.registration.getNotifications())
    if (closes(notification)) notification.close();
}

/**
 * A push that leaves no notification of this worker showing, while no window of the origin is on screen, costs
 * Chromium's silent-push budget (site engagement: 2 a push, at most 12 a day for a site used a lot); once spent,
 * Chromium shows its own "This site has been updated in the background". So the notifications a read closes go at
 * once when another of ours stays or an inbox window is on screen (both free); when they are the last, they go
 * silently at most {@link SILENT_CLOSES_ALLOWED} time(s) a day, and are otherwise replaced by one quiet notification
 * saying they were read elsewhere (the next notification shown, or the inbox opened, closes it).
 */
async function closeRead(tags: readonly string[]): Promise<void> {
  const shown = await worker.registration.getNotifications();
  const closing = shown.filter((notification) => tags.includes(notification.tag));
  const staying = shown.filter((notification) => !closing.includes(notification));
  const close = (): void => closing.forEach((notification) => notification.close());
  // Another of ours stays (a stand-in already showing counts: it stays too).
  if (staying.length > 0) return close();
  if (await onScreen()) return close();
  if (await spendSilentClose()) return close();
  await worker.registration.showNotification('Parley', {
    body: 'Read on another device.',
    tag: READ_ELSEWHERE_TAG,
    silent: true,
    data: {},
  });
  close();
}

/** Whether a window of this origin is on screen: Chromium asks for no notification then. */
async function onScreen(): Promise<boolean> {
  const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return windows.some((each) => each.visibilityState === 'visible');
}

/** Counts a silent close when one is still allowed today; false otherwise. */
async function spendSilentClose(): Promise<boolean> {
  const cache = await caches.open(PUSH_STATE_CACHE);
  const now = Date.now();
  const kept = (await (await cache.match(SILENT_CLOSES))?.json().catch(() => [])) as unknown;
  const recent = (Array.isArray(kept) ? kept : []).filter(
    (at): at is number => typeof at === 'number' && at > now - SILENT_WINDOW_MS && at <= now,
  );
  if (recent.length >= SILENT_CLOSES_ALLOWED) return false;
  await cache.put(SILENT_CLOSES, new Response(JSON.stringify([...recent, now])));
  return true;
}

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
