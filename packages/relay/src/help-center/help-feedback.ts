import { createHmac, randomBytes } from 'node:crypto';
import type { HttpResponse } from 'uWebSockets.js';
import type { SqlDb } from '../store/sql/sql-db.js';

const DAY_MS = 86_400_000;
/** How long a visitor's vote on an article is remembered: a second one in that time is not counted. */
export const VOTE_WINDOW_MS = 24 * 3_600_000;
/** Most votes remembered at once (the oldest are forgotten first): about 40 bytes each. */
const MAX_REMEMBERED = 100_000;

/** Helpful and not-helpful votes. */
export interface FeedbackCounts {
  readonly helpful: number;
  readonly notHelpful: number;
}

/**
 * "Did this help?" (docs/help-center.md, "Article feedback"): the votes per article and UTC day in the store, and
 * the dedupe of votes in memory. A visitor is a keyed hash of their address and user agent with the article: the
 * key is random per process, so the hashes name nobody, are kept only {@link VOTE_WINDOW_MS}, and no cookie is set.
 */
export class HelpFeedback {
  readonly #db: SqlDb;
  readonly #now: () => number;
  readonly #key = randomBytes(32);
  /** When each visitor-and-article hash voted, oldest first. */
  readonly #seen = new Map<string, number>();

  constructor(db: SqlDb, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Counts a vote unless the same visitor voted on the same article within {@link VOTE_WINDOW_MS}; whether it
   * counted.
   */
  async vote(siteId: string, articleId: string, visitor: string, helpful: boolean): Promise<boolean> {
    const now = this.#now();
    const hash = createHmac('sha256', this.#key).update(`${articleId}\n${visitor}`).digest('base64url').slice(0, 22);
    for (const [key, at] of this.#seen) {
      if (now - at < VOTE_WINDOW_MS && this.#seen.size < MAX_REMEMBERED) break;
      this.#seen.delete(key);
    }
    if (this.#seen.has(hash)) return false;
    this.#seen.set(hash, now);
    const day = Math.floor(now / DAY_MS) * DAY_MS;
    await this.#db.run(
      `INSERT INTO help_article_feedback (article_id, day, site_id, helpful, not_helpful) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (article_id, day) DO UPDATE SET helpful = help_article_feedback.helpful + excluded.helpful,
         not_helpful = help_article_feedback.not_helpful + excluded.not_helpful`,
      [articleId, day, siteId, helpful ? 1 : 0, helpful ? 0 : 1],
    );
    return true;
  }

  /**
   * The votes on the site's articles by article id (those without any are absent): all of them, or those of the
   * UTC days that overlap `[from, to)`.
   */
  async counts(siteId: string, range?: { from: number; to: number }): Promise<Map<string, FeedbackCounts>> {
    const rows = await this.#db.all<{ article_id: string; helpful: number | string; not_helpful: number | string }>(
      `SELECT article_id, SUM(helpful) AS helpful, SUM(not_helpful) AS not_helpful FROM help_article_feedback
       WHERE site_id = ?${range ? ' AND day >= ? AND day < ?' : ''} GROUP BY article_id`,
      range ? [siteId, Math.floor(range.from / DAY_MS) * DAY_MS, range.to] : [siteId],
    );
    return new Map(
      rows.map((row) => [row.article_id, { helpful: Number(row.helpful), notHelpful: Number(row.not_helpful) }]),
    );
  }
}

/** Most bytes a vote's form body may have (`helpful=yes`). */
const MAX_VOTE_BODY = 256;

/**
 * A vote's form body (`application/x-www-form-urlencoded`, `helpful=yes` or `helpful=no`): `true`, `false`, or
 * `undefined` when it is anything else (too long, another type, another value). Attach it synchronously in the
 * handler (uWS delivers the body only to a handler registered before the first await).
 */
export function readVote(
  res: HttpResponse,
  contentType: string,
  aborted: { readonly value: boolean },
): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    res.onData((chunk, last) => {
      if (done || aborted.value) return;
      size += chunk.byteLength;
      if (size > MAX_VOTE_BODY) {
        done = true;
        resolve(undefined);
        return;
      }
      chunks.push(Buffer.from(chunk.slice(0)));
      if (!last) return;
      done = true;
      if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) return resolve(undefined);
      const helpful = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('helpful');
      resolve(helpful === 'yes' ? true : helpful === 'no' ? false : undefined);
    });
  });
}

/**
 * Whether a portal form's vote comes from a page of the portal itself: its `Origin` is the relay's public origin or
 * the origin of the host it was sent to (a browser always sends `Origin` with a form's POST); without one, only a
 * browser's `Sec-Fetch-Site: same-origin`. No cookie or session rides on a vote, so this is not about a visitor's
 * credentials: it keeps other sites' pages from casting votes through their visitors' browsers.
 */
export function fromPortal(
  headers: { readonly origin: string; readonly host: string; readonly fetchSite: string },
  publicOrigin: string,
): boolean {
  if (headers.origin === '') return headers.fetchSite === 'same-origin';
  if (headers.origin === publicOrigin) return true;
  try {
    const origin = new URL(headers.origin);
    return origin.host === headers.host.toLowerCase() && (origin.protocol === 'https:' || origin.protocol === 'http:');
  } catch {
    return false;
  }
}
