import { createHash, randomBytes } from 'node:crypto';
import type { Repositories } from '../store/repositories.js';

/**
 * One-time links that bring a visitor back to their conversation from an email (issue #16). The token travels in
 * the URL's fragment (`#parley-link=<token>`): browsers send a fragment neither to servers nor in `Referer`, so it
 * stays out of access logs and third-party requests. The relay keeps only the token's SHA-256, with the
 * conversation, visitor and site it stands for, its expiry, and when it was used: a link works once.
 */

/** How long a link works (ms): 7 days. */
export const LINK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** The fragment parameter the widget looks for. */
export const LINK_FRAGMENT = 'parley-link';

/** The stored form of a token: SHA-256, hex. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * `url` with its fragment replaced by the link's token. `url` should be the visitor's last page (an http(s) page
 * of the site, where the widget is); anything else gives `fallback`.
 */
export function linkUrl(url: string | undefined, fallback: string, token: string): string {
  let target: URL;
  try {
    target = new URL(url ?? fallback);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') target = new URL(fallback);
  } catch {
    target = new URL(fallback);
  }
  target.hash = `${LINK_FRAGMENT}=${token}`;
  return target.toString();
}

/** Makes and stores a link to `conversationId` for its visitor; resolves with the token (shown once, in the email). */
export async function createVisitorLink(
  repos: Pick<Repositories, 'email'>,
  link: { siteId: string; conversationId: string; visitorId: string },
  now: number,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await repos.email.createEmailLink({
    ...link,
    tokenHash: hashLinkToken(token),
    createdAt: now,
    expiresAt: now + LINK_LIFETIME_MS,
  });
  return token;
}
