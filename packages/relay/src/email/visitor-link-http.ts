import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { VisitorLinkBody, type VisitorLinkSession } from '@parley/protocol/admin';
import type { EmailFeature } from './email-feature.js';
import { TokenBucket } from '../limits/token-bucket.js';
import {
  ApiError,
  parseBody,
  readAdminRequest,
  sendApiError,
  sendReply,
  type AdminRequest,
} from '../http/admin-http.js';

/** Link exchanges per client address: a burst, then one every few seconds (a real visitor makes one). */
const burst = 10;
const perSecond = 0.2;

/** What {@link registerVisitorLink} needs besides the email feature. */
export interface VisitorLinkOptions {
  /** Behind a trusted proxy, the client address is the proxy's last `X-Forwarded-For` entry. */
  readonly trustProxy: boolean;
}

/**
 * `POST /v1/visitor/link` `{ token }`: exchanges the one-time token of an email's link (`#parley-link=…`) for the
 * visitor's session — `{ visitorToken, conversationId }`, what a welcome gives — once. A used, expired or unknown
 * token is refused (410 `link_used` / `link_expired`, 404 `not_found`) and grants nothing. Called by the widget
 * from the site's pages: CORS allows the origins of the link's site (checked before the link is used up), and
 * the answer is never cached.
 */
export function registerVisitorLink(app: TemplatedApp, email: EmailFeature, options: VisitorLinkOptions): void {
  const buckets = new Map<string, TokenBucket>();
  const cors = (origin: string): Record<string, string> =>
    origin === '' ? {} : { 'access-control-allow-origin': origin, vary: 'origin' };
  const noStore = { 'cache-control': 'no-store' };

  const handle = async (res: HttpResponse, request: AdminRequest): Promise<void> => {
    const origin = request.headers.origin ?? '';
    let headers: Record<string, string> = { ...noStore };
    try {
      const now = Date.now();
      let bucket = buckets.get(request.ip);
      if (!bucket) {
        if (buckets.size > 10_000) for (const [key, b] of buckets) if (b.isFull(now)) buckets.delete(key);
        buckets.set(request.ip, (bucket = new TokenBucket(burst, perSecond, now)));
      }
      const wait = bucket.take(now);
      if (wait > 0) throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(wait / 1000)) });
      const { token } = await parseBody(request, VisitorLinkBody);
      const answer = await email.redeemLink(token, async (siteId) => {
        const site = await email.admin.core.store.getSite(siteId);
        const allowed =
          site !== undefined &&
          (origin === '' || site.allowedOrigins.includes('*') || site.allowedOrigins.includes(origin));
        if (allowed && origin !== 'null') headers = { ...headers, ...cors(origin) };
        return allowed && origin !== 'null';
      });
      if (answer === 'refused') throw new ApiError('origin_refused');
      if (!answer.ok) throw new ApiError(answer.code, linkMessages[answer.code]);
      sendReply(
        res,
        {
          status: 200,
          body: {
            visitorToken: answer.visitorToken,
            conversationId: answer.conversationId,
          } satisfies VisitorLinkSession,
        },
        request,
        headers,
      );
    } catch (error) {
      let refusal: ApiError;
      if (error instanceof ApiError) refusal = error;
      else {
        email.admin.core.log.error('visitor link failed', { error: String(error) });
        refusal = new ApiError('internal');
      }
      if (!request.aborted.value) sendApiError(res, refusal, request.aborted, headers);
    }
  };

  app.post('/v1/visitor/link', (res, req) => void handle(res, readAdminRequest(res, req, options.trustProxy)));
  app.options('/v1/visitor/link', (res, req) => {
    const origin = req.getHeader('origin');
    const request = readAdminRequest(res, req, options.trustProxy);
    // A preflight grants nothing: the POST itself is answered with CORS only for the link's site's origins.
    sendReply(
      res,
      { status: 204 },
      request,
      origin === '' || origin === 'null'
        ? {}
        : {
            ...cors(origin),
            'access-control-allow-methods': 'POST, OPTIONS',
            'access-control-allow-headers': 'content-type',
            'access-control-max-age': '600',
          },
    );
  });
}

const linkMessages: Record<'not_found' | 'link_used' | 'link_expired', string> = {
  not_found: 'This link is not known: it may have been mistyped, or its conversation erased.',
  link_used: 'This link has been used already: each link opens the conversation once. Ask for a new email.',
  link_expired: 'This link has expired: links work for 7 days.',
};
