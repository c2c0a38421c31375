import type { StaffMe } from '../admin-types.js';
import { ME_PATH, RECENT_CACHE, RECENT_CHANGED, RECENT_OWNER, SESSION_PATH, keptSession } from './recent-cache.js';

/** Where the browser keeps who chose to keep their conversations (one key per member and site). */
const WANTED_KEY = 'parley-admin:offline-recent:';

/** Whose the cache is: a member of a site. */
function owner(me: StaffMe): string {
  return `${me.site.id}:${me.id}`;
}

/** Whether this browser can keep conversations for offline (the Cache API and a service worker). */
export function offlineSupported(): boolean {
  return 'caches' in globalThis && 'serviceWorker' in navigator;
}

/** Whether `me` chose, on this browser, to keep their last conversations for offline (off unless they did). */
export function keepsRecent(me: StaffMe): boolean {
  try {
    return localStorage.getItem(WANTED_KEY + owner(me)) === '1';
  } catch {
    return false;
  }
}

/** How long the page waits for the worker to say it read the cache's state again (a busy or stuck worker). */
const WORKER_ANSWER_MS = 2000;

/**
 * The worker reads again whether the cache exists (it keeps answers only while it does). Resolves once it says it
 * has (or after {@link WORKER_ANSWER_MS}, or at once without a worker): a conversation opened once the option is on
 * is kept, however soon after.
 */
function tellWorker(): Promise<void> {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const done = (): void => {
      clearTimeout(timer);
      channel.port1.close();
      resolve();
    };
    const timer = setTimeout(done, WORKER_ANSWER_MS);
    channel.port1.onmessage = done;
    worker.postMessage({ type: RECENT_CHANGED }, [channel.port2]);
  });
}

/**
 * Makes the member's cache, with its owner and what opening the inbox offline asks first: who is signed in, and the
 * account's session when it is one, without its CSRF token (the worker keeps both up to date from then on).
 */
async function start(me: StaffMe): Promise<void> {
  const cache = await caches.open(RECENT_CACHE);
  await cache.put(RECENT_OWNER, new Response(owner(me)));
  await cache.put(ME_PATH, new Response(JSON.stringify(me), { headers: { 'content-type': 'application/json' } }));
  const session = await fetch(SESSION_PATH, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { accept: 'application/json' },
  }).catch(() => undefined);
  // Signed in with a token there is no session: its refusal is read to its end, as any answer is.
  if (session?.ok) await cache.put(SESSION_PATH, await keptSession(session));
  else await session?.arrayBuffer().catch(() => undefined);
  await tellWorker();
}

/** Deletes the kept conversations, and everything else of the member's cache. */
export async function forgetRecent(): Promise<void> {
  if (!offlineSupported()) return;
  await caches.delete(RECENT_CACHE);
  await tellWorker();
}

/** Turns keeping `me`'s last conversations for offline on or off (off deletes what was kept). */
export async function keepRecent(me: StaffMe, on: boolean): Promise<void> {
  try {
    if (on) localStorage.setItem(WANTED_KEY + owner(me), '1');
    else localStorage.removeItem(WANTED_KEY + owner(me));
  } catch {
    // Storage blocked: the choice lasts as long as the cache.
  }
  await (on ? start(me) : forgetRecent());
}

/**
 * Signed in (or to another site): the cache is `me`'s, if they keep their conversations, and nobody's otherwise. A
 * cache left by someone else (a session that ended without signing out) goes.
 */
export async function signedIn(me: StaffMe): Promise<void> {
  if (!offlineSupported()) return;
  const kept = await caches.match(RECENT_OWNER, { cacheName: RECENT_CACHE });
  if (kept && (await kept.text()) !== owner(me)) await forgetRecent();
  if (keepsRecent(me)) await start(me);
  else if (await caches.has(RECENT_CACHE)) await forgetRecent();
}
