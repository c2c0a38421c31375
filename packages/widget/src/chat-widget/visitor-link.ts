/**
 * Links from emails (issue #16): the relay emails a visitor `https://site/page#parley-link=<token>`, a one-time
 * token in the fragment (never sent to servers or in `Referer`). The widget takes it out of the address bar at
 * once and exchanges it at `POST /v1/visitor/link` for the visitor's session.
 */

const linkPattern = /(?:^#|&)parley-link=([\w-]{16,128})/;

/**
 * The token of a link this page was opened with, if any, taken out of the address bar with the fragment (the path
 * and query kept).
 * The script-tag loader loads the element at once on such a page.
 */
export function takeLinkToken(): string | undefined {
  const token = linkPattern.exec(location.hash)?.[1];
  if (token) history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}

/** A session a link grants: the visitor token the widget's client then starts with (`visitorToken` option). */
export interface LinkSession {
  visitorToken: string;
  conversationId: string;
}

/** Why a link gave no session: used already, past its time, or anything else (unknown, the relay out of reach). */
export type LinkRefusal = 'link_used' | 'link_expired' | 'failed';

/**
 * Exchanges a link's token with the relay of `relay` (the widget's `wss://…/v1/ws`): the session, or why not, so
 * the visitor is told what happened to a link used twice or too late.
 */
export async function exchangeLink(relay: string, token: string): Promise<LinkSession | LinkRefusal> {
  const url = new URL('/v1/visitor/link', relay);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  try {
    // Cross-origin, so without cookies; the page's address no longer holds the token.
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (response.ok) return (await response.json()) as LinkSession;
    const code = ((await response.json()) as { error?: { code?: string } }).error?.code;
    return code === 'link_used' || code === 'link_expired' ? code : 'failed';
  } catch {
    return 'failed';
  }
}
