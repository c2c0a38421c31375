import { readStored, siteStorageKey, writeStored } from './client-registry.js';

/**
 * Links from emails (issue #16): the relay emails a visitor `https://site/page#parley-link=<token>`, a one-time
 * token in the fragment (never sent to servers or in `Referer`). The widget takes it out of the address bar at
 * once and exchanges it at `POST /v1/visitor/link` for the visitor's session.
 */

const linkPattern = /(?:^#|&)parley-link=([\w-]{16,128})/;

/**
 * The token of a link this page was opened with, if any: from the address bar (then removed from it, keeping the
 * rest of the URL), or left in this tab's session storage by the script-tag loader, which removes it first.
 */
export function takeLinkToken(siteKey: string | undefined): string | undefined {
  const key = siteStorageKey(siteKey, 'link');
  let token = readStored<string>(key, 'session');
  writeStored(key, undefined, 'session');
  const found = linkPattern.exec(location.hash)?.[1];
  if (found) {
    token = found;
    const rest = location.hash.replace(linkPattern, '').replace(/^#&?/, '');
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  }
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
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    if (!response.ok) return undefined;
    const session = (await response.json()) as Partial<LinkSession>;
    return typeof session.visitorToken === 'string' && typeof session.conversationId === 'string'
      ? { visitorToken: session.visitorToken, conversationId: session.conversationId }
      : undefined;
  } catch {
    return undefined;
  }
}
