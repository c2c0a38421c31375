import { ME_PATH, RECENT_CACHE, RECENT_MAX, RECENT_OWNER, SESSION_PATH, keptSession } from './recent-cache.js';

/** What the worker keeps, or answers from what it keeps. */
type Kind = 'me' | 'session' | 'conversation' | 'messages' | 'list';

const LIST_PATH = '/v1/admin/conversations';
const CONVERSATION = /^\/v1\/admin\/conversations\/([^/]+)$/;
const MESSAGES = /^\/v1\/admin\/conversations\/([^/]+)\/messages$/;
/** What a proxy in front of a relay that is down answers: the relay is out of reach, as when the network is. */
const UNREACHABLE = new Set([502, 503, 504]);

/** A conversation as far as the list made offline reads it. */
interface Kept {
  status: 'open' | 'pending' | 'snoozed' | 'resolved';
  assigneeId: string | null;
  updatedAt: number;
  lastMessage?: { ts: number };
}

function kindOf(url: URL): Kind | undefined {
  const path = url.pathname;
  if (path === ME_PATH) return 'me';
  if (path === SESSION_PATH) return 'session';
  if (path === LIST_PATH) return 'list';
  // Only the newest page of a conversation's messages: the one opening it asks for.
  if (MESSAGES.test(path)) return url.searchParams.has('before') ? undefined : 'messages';
  if (CONVERSATION.test(path)) return 'conversation';
  return undefined;
}

const conversationPath = (id: string): string => `${LIST_PATH}/${id}`;
const messagesPath = (id: string): string => `${LIST_PATH}/${id}/messages`;

/**
 * The service worker's side of the recent conversations kept for offline: while the member's cache exists (they
 * turned the option on; the page creates and deletes it), the answers to opening a conversation (its messages' newest
 * page, and the conversation, which the worker asks for beside it) are kept for the last {@link RECENT_MAX} opened,
 * with who is signed in. The relay is always asked first: what is kept answers only when the relay is out of reach
 * (no answer, or a proxy's 502, 503 or 504), and then the list is made from the kept conversations. While the cache
 * does not exist, the worker leaves every API request alone.
 */
export class RecentConversations {
  /** Whether the cache existed when last looked at (read again at each request, and when the page says so). */
  #on = false;

  constructor() {
    void this.refresh();
  }

  /** Reads again whether the member's cache exists. */
  refresh(): Promise<void> {
    return caches.has(RECENT_CACHE).then((on) => void (this.#on = on));
  }

  /** Whether to answer `request` (then with {@link RecentConversations.answer}); otherwise it is left alone. */
  handles(request: Request): boolean {
    void this.refresh();
    if (!this.#on || request.method !== 'GET') return false;
    const url = new URL(request.url);
    return url.origin === location.origin && kindOf(url) !== undefined;
  }

  /** The relay's answer (kept when it is one to keep), or, when the relay is out of reach, what is kept. */
  async answer(request: Request, waitUntil: (work: Promise<unknown>) => void): Promise<Response> {
    const url = new URL(request.url);
    const kind = kindOf(url)!;
    let response: Response | undefined;
    try {
      response = await fetch(request);
    } catch {
      // Out of reach: what is kept answers.
    }
    if (response && !UNREACHABLE.has(response.status)) {
      if (response.ok && kind !== 'list') waitUntil(this.#keep(request, url, kind, response.clone()));
      return response;
    }
    const cache = await this.#cache();
    const kept = cache && (kind === 'list' ? await this.#list(cache, url) : await cache.match(url.pathname));
    return kept ?? response ?? Response.error();
  }

  /** The member's cache, if it exists (never made here: only the page makes it, when the member opts in). */
  async #cache(): Promise<Cache | undefined> {
    return (await caches.has(RECENT_CACHE)) ? caches.open(RECENT_CACHE) : undefined;
  }

  async #keep(request: Request, url: URL, kind: Kind, response: Response): Promise<void> {
    const cache = await this.#cache();
    if (!cache) return;
    const id = (MESSAGES.exec(url.pathname) ?? CONVERSATION.exec(url.pathname))?.[1];
    if (kind === 'me') await cache.put(url.pathname, response);
    // Never its CSRF token: an answer kept on the device holds no secret.
    else if (kind === 'session') await cache.put(url.pathname, await keptSession(response));
    else if (kind === 'conversation' && id) {
      // Only a conversation kept already (opened) is brought up to date.
      if (await cache.match(messagesPath(id))) await cache.put(url.pathname, response);
    } else if (kind === 'messages' && id) {
      // Opened: the conversation too, asked for as the page asked for its messages (its credentials).
      const conversation = await fetch(
        new Request(new URL(conversationPath(id), url), { headers: request.headers, credentials: 'same-origin' }),
      ).catch(() => undefined);
      if (!conversation?.ok) return;
      // Deleted first, so the entry goes to the end of the cache's order: the newest opened last.
      await cache.delete(url.pathname);
      await cache.put(url.pathname, response);
      await cache.put(conversationPath(id), conversation);
      await this.#trim(cache);
    }
    // The page deleted the cache meanwhile (signed out, or the option turned off) and the write made a new one: it goes.
    if (!(await cache.match(RECENT_OWNER))) await caches.delete(RECENT_CACHE);
  }

  /** The ids of the kept conversations, the one opened last first. */
  async #ids(cache: Cache): Promise<string[]> {
    const ids: string[] = [];
    for (const request of await cache.keys()) {
      const id = MESSAGES.exec(new URL(request.url).pathname)?.[1];
      if (id) ids.unshift(id);
    }
    return ids;
  }

  /** Keeps the last {@link RECENT_MAX} opened; the others go. */
  async #trim(cache: Cache): Promise<void> {
    for (const id of (await this.#ids(cache)).slice(RECENT_MAX)) {
      await cache.delete(messagesPath(id));
      await cache.delete(conversationPath(id));
    }
  }

  /**
   * The list, as the relay would answer it, from the kept conversations (by the view and status asked for; a search
   * or a saved view shows them all), newest activity first, with counts of them.
   */
  async #list(cache: Cache, url: URL): Promise<Response> {
    const read = async <T>(path: string): Promise<T | undefined> =>
      (await cache.match(path))?.json().catch(() => undefined) as Promise<T | undefined>;
    const me = await read<{ id: string }>(ME_PATH);
    const kept = (await Promise.all((await this.#ids(cache)).map((id) => read<Kept>(conversationPath(id))))).filter(
      (item): item is Kept => item !== undefined,
    );
    const view = url.searchParams.get('view');
    const status = url.searchParams.get('status');
    const mine = (item: Kept): boolean => item.assigneeId !== null && item.assigneeId === me?.id;
    const inView = kept.filter((item) =>
      view === 'mine' ? mine(item) : view === 'unassigned' ? item.assigneeId === null : true,
    );
    const count = (status: Kept['status']): number => inView.filter((item) => item.status === status).length;
    const items = inView
      .filter((item) => !status || item.status === status)
      .sort((a, b) => (b.lastMessage?.ts ?? b.updatedAt) - (a.lastMessage?.ts ?? a.updatedAt));
    const counts = {
      mine: kept.filter(mine).length,
      unassigned: kept.filter((item) => item.assigneeId === null).length,
      all: kept.length,
      overdue: 0,
      mentions: 0,
      open: count('open'),
      pending: count('pending'),
      snoozed: count('snoozed'),
      resolved: count('resolved'),
    };
    return new Response(JSON.stringify({ items, counts }), { headers: { 'content-type': 'application/json' } });
  }
}
