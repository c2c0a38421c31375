/**
 * Links from emails (issue #16): the relay emails a visitor `https://site/page#parley-link=<token>`, a one-time
 * token in the fragment (never sent to servers or in `Referer`). The widget takes it out of the address bar at
 * once (`link-token.ts`) and exchanges it at `POST /v1/visitor/link` for the visitor's session: this file, a chunk
 * fetched only on a page opened from such a link.
 */

import type { Strings } from '../i18n/i18n.js';

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

/**
 * What the visitor is told when a link gave no session: which of used or expired it is, and to reply to the email
 * instead. English here rather than in the element's strings, which every visit downloads: a locale may carry its
 * own (`linkUsed`, `linkExpired`, `linkFailed`).
 */
export function linkNotice(refusal: LinkRefusal, strings: Strings): string {
  const reply = 'Reply to the email instead: your answer reaches the same conversation.';
  if (refusal === 'link_used')
    return (
      strings.linkUsed ??
      `This link works once, and it was used already. If you opened it on this device, your conversation is below; otherwise ${reply[0]!.toLowerCase()}${reply.slice(1)}`
    );
  if (refusal === 'link_expired')
    return strings.linkExpired ?? `This link has expired (links work for 7 days). ${reply}`;
  return strings.linkFailed ?? `This link could not be opened. ${reply}`;
}
