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

/** A session a link grants: what `ParleyClient.resumeSession` takes. */
export interface LinkSession {
  visitorToken: string;
  conversationId: string;
}

/**
 * Exchanges a link's token with the relay of `relay` (the widget's `wss://…/v1/ws`): the session, or `undefined`
 * when the link is used, expired or unknown (or the relay cannot be reached).
 */
export async function exchangeLink(relay: string, token: string): Promise<LinkSession | undefined> {
  const url = new URL('/v1/visitor/link', relay);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  try {
    // Cross-origin, so without cookies; the page's address no longer holds the token.
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    return response.ok ? ((await response.json()) as LinkSession) : undefined;
  } catch {
    return undefined;
  }
}
