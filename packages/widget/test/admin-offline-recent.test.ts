import { expect } from '@open-wc/testing';
import { waitUntil } from './helpers.js';
import { RECENT_CACHE, RECENT_MAX, RECENT_OWNER, SESSION_PATH } from '../src/chat-admin/offline/recent-cache.js';
import { keepRecent } from '../src/chat-admin/offline/recent-offline.js';
import { HttpAdminApi } from '../src/chat-admin/admin-api.js';
import { RecentConversations } from '../src/chat-admin/offline/recent-worker.js';
import { conversation } from './admin-fixture.js';

// The service worker's side of the conversations kept for offline (issue #43, docs/agent-app.md), against the
// page's real Cache API and a stand-in for the relay: nothing kept while the member's cache does not exist, the
// last ten opened kept, the relay's answer always first, and the list made from what is kept when it is out of reach.

const realFetch = globalThis.fetch;
/** The relay as the stand-in answers it; `undefined`: out of reach. */
let relay: ((url: URL) => Response) | undefined;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** The account's session as the relay answers it: with its CSRF token, a secret. */
const SESSION = {
  account: { id: 'acc_1', email: 'ada@example.com', name: 'Ada', totpEnabled: false },
  site: { id: 's1', name: 'Shop' },
  role: 'agent',
  sites: [{ id: 's1', name: 'Shop', role: 'agent' }],
  csrfToken: 'csrf-secret-0123456789',
  require2faSetup: false,
};

function answerOf(url: URL): Response {
  const messages = /^\/v1\/admin\/conversations\/([^/]+)\/messages$/.exec(url.pathname);
  if (messages) return json({ items: [{ seq: 1, text: `hello ${messages[1]}` }], hasMore: false });
  const id = /^\/v1\/admin\/conversations\/([^/]+)$/.exec(url.pathname)?.[1];
  if (id) return json(conversation(id, { updatedAt: Number(id.slice(1)), lastMessage: undefined }));
  if (url.pathname === '/v1/admin/conversations') return json({ items: [], counts: {} });
  if (url.pathname === SESSION_PATH) return json(SESSION);
  return json({ id: 'staff_1', name: 'Ada' });
}

/** Asks `recent` as the page would, and waits for what it keeps. */
async function ask(recent: RecentConversations, path: string): Promise<Response> {
  const work: Promise<unknown>[] = [];
  const response = await recent.answer(new Request(path), (each) => work.push(each));
  await Promise.all(work);
  return response;
}

async function keptPaths(): Promise<string[]> {
  if (!(await caches.has(RECENT_CACHE))) return [];
  return (await (await caches.open(RECENT_CACHE)).keys()).map((request) => new URL(request.url).pathname);
}

describe('the conversations kept for offline (the worker’s side)', () => {
  beforeEach(async () => {
    await caches.delete(RECENT_CACHE);
    relay = answerOf;
    globalThis.fetch = async (input: RequestInfo | URL) => {
      if (!relay) throw new TypeError('Failed to fetch');
      return relay(new URL(input instanceof Request ? input.url : String(input), location.href));
    };
  });
  afterEach(async () => {
    globalThis.fetch = realFetch;
    await caches.delete(RECENT_CACHE);
  });

  it('leaves every request alone, and keeps nothing, while the member has no cache', async () => {
    const recent = new RecentConversations();
    await recent.refresh();
    expect(recent.handles(new Request('/v1/admin/conversations/c1/messages?limit=30'))).to.equal(false);
    expect(await caches.has(RECENT_CACHE)).to.equal(false);
  });

  it('keeps the last ten conversations opened, and answers from them only when the relay is out of reach', async () => {
    const cache = await caches.open(RECENT_CACHE);
    await cache.put(RECENT_OWNER, new Response('s1:staff_1'));
    const recent = new RecentConversations();
    await recent.refresh();
    expect(recent.handles(new Request('/v1/admin/conversations/c1/messages?limit=30'))).to.equal(true);
    expect(recent.handles(new Request('/v1/admin/conversations/c1/messages?before=5')), 'an older page').to.equal(
      false,
    );
    expect(recent.handles(new Request('/v1/admin/team')), 'another route').to.equal(false);
    expect(recent.handles(new Request('/v1/admin/conversations/c1', { method: 'PATCH' }))).to.equal(false);

    await ask(recent, '/v1/admin/me');
    for (let index = 1; index <= RECENT_MAX + 2; index++)
      await ask(recent, `/v1/admin/conversations/c${index}/messages?limit=30`);
    // The first opened again: the newest now.
    await ask(recent, '/v1/admin/conversations/c3/messages?limit=30');
    const kept = await keptPaths();
    const ids = kept.flatMap((path) => /^\/v1\/admin\/conversations\/(c\d+)\/messages$/.exec(path)?.[1] ?? []);
    expect(ids).to.deep.equal(['c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12', 'c3']);
    for (const gone of ['c1', 'c2'])
      expect(
        kept.filter((path) => path.split('/')[4] === gone),
        `${gone} sent out`,
      ).to.deep.equal([]);
    expect(kept).to.include('/v1/admin/conversations/c4');
    expect(kept).to.include('/v1/admin/me');

    // The relay answers: its answer, not what is kept.
    relay = (url) => (url.pathname.endsWith('/messages') ? json({ items: [], hasMore: false }) : answerOf(url));
    expect(await (await ask(recent, '/v1/admin/conversations/c4/messages?limit=30')).json()).to.deep.equal({
      items: [],
      hasMore: false,
    });

    // Out of reach: what is kept, and the list made from it (by the status asked for).
    relay = undefined;
    const messages = await (await ask(recent, '/v1/admin/conversations/c5/messages?limit=30')).json();
    expect(messages.items[0].text).to.equal('hello c5');
    const list = await (await ask(recent, '/v1/admin/conversations?view=all&status=open&limit=50')).json();
    expect(list.items.map((item: { id: string }) => item.id)).to.deep.equal([
      'c12',
      'c11',
      'c10',
      'c9',
      'c8',
      'c7',
      'c6',
      'c5',
      'c4',
      'c3',
    ]);
    expect(list.counts).to.include({ all: 10, open: 10, resolved: 0, mine: 0, unassigned: 10 });
    expect((await (await ask(recent, '/v1/admin/conversations?status=resolved')).json()).items).to.deep.equal([]);
    // A proxy's 502 is the relay out of reach too.
    relay = () => new Response('', { status: 502 });
    expect((await (await ask(recent, '/v1/admin/me')).json()).name).to.equal('Ada');
  });

  it('leaves no cache behind when the page deleted it while the relay answered', async () => {
    const cache = await caches.open(RECENT_CACHE);
    await cache.put(RECENT_OWNER, new Response('s1:staff_1'));
    const recent = new RecentConversations();
    await recent.refresh();
    // Deleted (signed out) while the relay answers: the worker's write must not leave a cache behind.
    relay = (url) => {
      void caches.delete(RECENT_CACHE);
      return answerOf(url);
    };
    await ask(recent, '/v1/admin/conversations/c1/messages?limit=30');
    expect(await caches.has(RECENT_CACHE)).to.equal(false);
  });

  it('turning the option on or off settles only once the worker says it read the cache again', async () => {
    const me = { id: 'staff_1', name: 'Ada', role: 'agent' as const, site: { id: 's1', name: 'Shop' } };
    // A stand-in for the page's worker: it holds each message's port until told to answer.
    const told: MessagePort[] = [];
    const container = navigator.serviceWorker;
    const own = Object.getOwnPropertyDescriptor(container, 'controller');
    Object.defineProperty(container, 'controller', {
      configurable: true,
      get: () => ({ postMessage: (_message: unknown, ports: MessagePort[]) => told.push(...ports) }),
    });
    try {
      let settled = false;
      const on = keepRecent(me, true).then(() => (settled = true));
      await waitUntil(() => told.length === 1, 'the worker told');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled, 'waits for the worker').to.equal(false);
      expect(await caches.has(RECENT_CACHE)).to.equal(true);
      told[0]!.postMessage(true);
      await on;
      const off = keepRecent(me, false);
      await waitUntil(() => told.length === 2, 'the worker told again');
      told[1]!.postMessage(true);
      await off;
      expect(await caches.has(RECENT_CACHE)).to.equal(false);
    } finally {
      if (own) Object.defineProperty(container, 'controller', own);
      else delete (container as unknown as Record<string, unknown>).controller;
    }
  });

  it('never keeps the session’s CSRF token: not when the member opts in, not when the worker keeps it up to date', async () => {
    const me = { id: 'staff_1', name: 'Ada', role: 'agent' as const, site: { id: 's1', name: 'Shop' } };
    const keptText = async () =>
      (await caches.match(SESSION_PATH, { cacheName: RECENT_CACHE }))?.text() ?? Promise.resolve('(nothing)');
    // The page, turning the option on, keeps the session as the relay answered it, but the token.
    await keepRecent(me, true);
    expect(await keptText()).to.not.include(SESSION.csrfToken);
    const opted = JSON.parse(await keptText());
    expect(opted).to.deep.equal({ ...SESSION, csrfToken: '' });

    // The worker, asked for the session while the relay answers: the page gets the token, the cache does not.
    await caches.delete(RECENT_CACHE);
    const cache = await caches.open(RECENT_CACHE);
    await cache.put(RECENT_OWNER, new Response('s1:staff_1'));
    const recent = new RecentConversations();
    await recent.refresh();
    expect((await (await ask(recent, SESSION_PATH)).json()).csrfToken).to.equal(SESSION.csrfToken);
    expect(await keptText()).to.not.include(SESSION.csrfToken);
    // Out of reach: the kept session opens the app, without a token.
    relay = undefined;
    expect(await (await ask(recent, SESSION_PATH)).json()).to.deep.equal({ ...SESSION, csrfToken: '' });
    await keepRecent(me, false);
  });

  it('a change from a session opened offline asks the relay for a fresh CSRF token first', async () => {
    const sent: Array<{ path: string; csrf: string | null }> = [];
    const api = new HttpAdminApi('/v1/admin', { csrf: '' }, async (input, init) => {
      const path = new URL(input, location.href).pathname;
      sent.push({ path, csrf: new Headers(init?.headers).get('x-parley-csrf') });
      return path === SESSION_PATH ? json(SESSION) : json({ read: 0 });
    });
    await api.readMentions('c1');
    await api.readMentions('c2');
    expect(sent).to.deep.equal([
      { path: SESSION_PATH, csrf: null },
      { path: '/v1/admin/me/mentions/read', csrf: SESSION.csrfToken },
      // Asked once: kept for the next change.
      { path: '/v1/admin/me/mentions/read', csrf: SESSION.csrfToken },
    ]);
  });
});
