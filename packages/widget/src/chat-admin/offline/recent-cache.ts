/**
 * The recent conversations a member keeps for offline (issue #43, docs/agent-app.md): the names the inbox's page and
 * its service worker share. The cache is apart from the shell's (`parley-inbox-<build>`, a prefix its name does not
 * begin with: the worker deletes old builds' caches by it), and exists only while the member signed in on this
 * browser has turned the option on: its owner entry says whose it is.
 */
export const RECENT_CACHE = 'parley-offline-conversations';

/** The entry that says whose the cache is (`<site id>:<member id>`); the worker writes into no cache without it. */
export const RECENT_OWNER = '/admin/offline-owner';

/** How many conversations are kept: those opened last. */
export const RECENT_MAX = 10;

/** What the page tells the worker after creating or deleting the cache, so it reads again whether to keep. */
export const RECENT_CHANGED = 'parley-recent-changed';

/** The member's own routes: who is signed in, and the account's session (a sign-in with the cookie). */
export const ME_PATH = '/v1/admin/me';
export const SESSION_PATH = '/v1/auth/session';

/**
 * The account's session answer as it may be kept (Cache Storage is no place for a secret): its CSRF token emptied.
 * The inbox opened offline from it asks the relay for a fresh token before its first change, once it is reachable.
 */
export async function keptSession(response: Response): Promise<Response> {
  const session = (await response.json()) as Record<string, unknown>;
  return new Response(JSON.stringify({ ...session, csrfToken: '' }), {
    headers: { 'content-type': 'application/json' },
  });
}
