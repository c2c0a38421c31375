import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { AdminServices } from '../admin/admin-services.js';
import type { EmailFeature } from '../email/email-feature.js';
import { hashToken } from '../auth/tokens.js';
import { TokenBucket } from '../limits/token-bucket.js';
import {
  ApiError,
  bearerToken,
  readAdminRequest,
  sameOrigin,
  sendApiError,
  sendReply,
  type AdminRequest,
} from './admin-http.js';
import { type AdminRoute } from './admin-routes/admin-route.js';
import { attachmentSettingsRoutes } from './admin-routes/attachments.js';
import { automationRoutes } from './admin-routes/automations.js';
import { routingRoutes } from './admin-routes/routing.js';
import type { Routing } from '../routing/routing.js';
import { broadcastRoutes } from './admin-routes/broadcasts.js';
import { cannedResponseRoutes } from './admin-routes/canned-responses.js';
import { contactRoutes } from './admin-routes/contacts.js';
import { conversationRoutes } from './admin-routes/conversations.js';
import { faqRoutes } from './admin-routes/faq.js';
import { insightRoutes } from './admin-routes/insights.js';
import { notificationRoutes } from './admin-routes/notifications.js';
import { outboxRoutes } from './admin-routes/outbox.js';
import { settingsRoutes } from './admin-routes/settings.js';
import { siteRoutes } from './admin-routes/sites.js';
import { teamRoutes } from './admin-routes/team.js';
import { webhookRoutes } from './admin-routes/webhooks.js';

export type { AdminRoute };

/** Rate limits of the admin API, per staff token. */
export interface AdminLimits {
  /** Requests in a burst, and refilled per second. 0 disables. */
  readonly burst: number;
  readonly perSecond: number;
  /** Contact exports in a burst, and refilled per hour (on top of the general limit). */
  readonly exportBurst: number;
  readonly exportsPerHour: number;
}

/** What {@link registerAdminApi} needs besides the admin feature. */
export interface AdminApiOptions {
  /**
   * Origins whose pages may call the admin API from a browser, besides the relay's own (the inbox it serves at
   * `/admin`). Apart from the widget's origins: a site that embeds the chat does not get to drive the inbox.
   * `null` (sandboxed frames, `file:` pages) is never allowed, even with `*`.
   */
  readonly allowedOrigins: readonly string[];
  /** Behind a trusted proxy, the client address is the proxy's last `X-Forwarded-For` entry. */
  readonly trustProxy: boolean;
  readonly limits: AdminLimits;
  /** The email feature, for staff members' notification settings. */
  readonly email?: EmailFeature | undefined;
  /** Routing and SLA, for their settings and the jobs a change writes. */
  readonly routing?: Routing | undefined;
}

/** What a route handler works with: the authenticated staff member, their site, the request. */
/** Every route of the admin API, one file per area. `docs/api/openapi.json` describes exactly these (a test checks both ways). */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...conversationRoutes,
  ...contactRoutes,
  ...broadcastRoutes,
  ...teamRoutes,
  ...siteRoutes,
  ...cannedResponseRoutes,
  ...insightRoutes,
  ...settingsRoutes,
  ...outboxRoutes,
  ...webhookRoutes,
  ...notificationRoutes,
  ...automationRoutes,
  ...routingRoutes,
  ...attachmentSettingsRoutes,
  ...faqRoutes,
];
// ---- dispatch --------------------------------------------------------------------------------------------

interface CompiledRoute {
  readonly route: AdminRoute;
  readonly segments: readonly string[];
}

const compiled: CompiledRoute[] = ADMIN_ROUTES.map((route) => ({ route, segments: route.path.split('/').slice(1) }));
const paramPattern = /^[A-Za-z0-9_-]{1,128}$/;

function match(
  method: string,
  path: string,
): { route: AdminRoute; params: Record<string, string> } | 'method' | undefined {
  const parts = path.split('/').slice(1);
  let pathMatched = false;
  for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const segment = segments[i]!;
      const part = parts[i]!;
      if (segment.startsWith('{')) {
        let value: string;
        try {
          value = decodeURIComponent(part);
        } catch {
          value = '';
        }
        if (paramPattern.test(value)) params[segment.slice(1, -1)] = value;
        else ok = false;
      } else if (segment !== part) ok = false;
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? 'method' : undefined;
}

const allowMethods = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const allowHeaders = 'authorization, content-type';

function originAllowed(allowed: readonly string[], origin: string, host: string | undefined): boolean {
  if (origin === '') return true; // not a browser: CORS protects pages, and a token is needed anyway
  if (origin === 'null') return false;
  return sameOrigin(origin, host) || allowed.includes('*') || allowed.includes(origin);
}

function corsHeaders(origin: string): Record<string, string> {
  return origin === '' ? {} : { 'access-control-allow-origin': origin, vary: 'origin' };
}

/**
 * Serves the admin HTTP API under `/v1/admin/` on `app`: bearer staff tokens bound to one site, roles, CORS for
 * the admin origins (same-origin by default), per-token rate limits (stricter for exports), JSON errors from
 * the protocol's catalog, and an audit entry for every change. Register it before any catch-all route.
 *
 * Requests without a valid token are limited per client address, in buckets of their own: a flood of them
 * (from anyone, or from many clients behind one proxy) never spends what a signed-in staff member's token has.
 */
export function registerAdminApi(app: TemplatedApp, admin: AdminServices, options: AdminApiOptions): void {
  const { core } = admin;
  const { limits, allowedOrigins, trustProxy } = options;
  const buckets = new Map<string, TokenBucket>();
  const unauthenticated = new Map<string, TokenBucket>();
  const exportBuckets = new Map<string, TokenBucket>();
  const take = (map: Map<string, TokenBucket>, key: string, burst: number, perSecond: number, now: number): number => {
    let bucket = map.get(key);
    if (!bucket) {
      if (map.size > 10_000) for (const [k, b] of map) if (b.isFull(now)) map.delete(k);
      bucket = new TokenBucket(burst, perSecond, now);
      map.set(key, bucket);
    }
    return bucket.take(now);
  };

  const handle = (res: HttpResponse, request: AdminRequest): Promise<void> => {
    const origin = request.headers.origin ?? '';
    const host = request.headers.host;
    let headers: Record<string, string> = {};
    const fail = (error: unknown): void => {
      if (error instanceof ApiError) {
        if (error.code !== 'payload_too_large' || !request.aborted.value)
          sendApiError(res, error, request.aborted, headers);
        return;
      }
      core.log.error('admin API request failed', { error: String(error), path: request.path, method: request.method });
      sendApiError(res, new ApiError('internal'), request.aborted, headers);
    };
    const run = async (): Promise<void> => {
      const now = Date.now();
      if (request.method === 'OPTIONS') {
        // Preflights carry no token; allow what any request from this origin could be allowed.
        const ok = originAllowed(allowedOrigins, origin, host);
        sendReply(
          res,
          { status: 204 },
          request,
          ok
            ? {
                ...corsHeaders(origin),
                'access-control-allow-methods': allowMethods,
                'access-control-allow-headers': allowHeaders,
                'access-control-max-age': '600',
              }
            : {},
        );
        return;
      }
      // Refused before anything else is looked at: the origin is not one whose pages may use the admin API.
      if (!originAllowed(allowedOrigins, origin, host)) throw new ApiError('origin_refused');
      headers = corsHeaders(origin);
      /** Charges the client's address for a request that is not (yet) a signed-in staff member's. */
      const refuse = (error: ApiError): never => {
        if (limits.perSecond > 0) {
          const limited = take(unauthenticated, request.ip, limits.burst, limits.perSecond, now);
          if (limited > 0)
            throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(limited / 1000)) });
        }
        throw error;
      };
      const found = match(request.method, request.path);
      if (found === undefined || found === 'method')
        return refuse(
          new ApiError(
            'not_found',
            found === 'method' ? `${request.method} is not allowed on ${request.path}.` : 'No such route.',
          ),
        );
      const token = bearerToken(request.headers);
      if (token === undefined)
        return refuse(new ApiError('unauthorized', 'Send a staff token: Authorization: Bearer <token>.'));
      const staff = await core.store.findStaffByTokenHash(hashToken(token));
      if (!staff) return refuse(new ApiError('unauthorized', 'Unknown staff token.'));
      if (staff.revokedAt !== null) return refuse(new ApiError('unauthorized', 'This staff token has been revoked.'));
      const site = await core.store.getSite(staff.siteId);
      if (!site) return refuse(new ApiError('unauthorized', 'Unknown staff token.'));
      if (limits.perSecond > 0) {
        const limited = take(buckets, staff.id, limits.burst, limits.perSecond, now);
        if (limited > 0)
          throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(limited / 1000)) });
      }
      const { route, params } = found;
      if (route.adminOnly && staff.role !== 'admin') throw new ApiError('forbidden', 'Only admins may do this.');
      if (route.exportLimit && limits.exportsPerHour > 0) {
        const limited = take(exportBuckets, staff.id, limits.exportBurst, limits.exportsPerHour / 3600, now);
        if (limited > 0)
          throw new ApiError('rate_limited', 'Too many exports; wait before the next one.', {
            'retry-after': String(Math.ceil(limited / 1000)),
          });
      }
      const reply = await route.run({
        core,
        admin,
        email: options.email,
        routing: options.routing,
        staff,
        site,
        request,
        params,
        now,
      });
      sendReply(res, reply, request, headers);
    };
    return run().catch(fail);
  };

  app.any('/v1/admin/*', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    void handle(res, request);
  });
}
