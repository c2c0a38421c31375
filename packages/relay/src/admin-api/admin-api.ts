import { routeMatcher } from '../http/route-match.js';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { Desk } from '../features/desk.js';
import { hashToken } from '../auth/tokens.js';
import { SECOND_FACTOR_MISSING, sessionSecret, type Accounts, type SignedIn } from '../auth/accounts.js';
import type { Site, Staff, TokenScope } from '../store/store.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { TokenBucket } from '../limits/token-bucket.js';
import {
  ApiError,
  bearerToken,
  inboxOrigin,
  parseBody,
  readAdminRequest,
  ownOrigins,
  sendApiError,
  sendReply,
  type AdminRequest,
} from '../http/admin-http.js';
import type { AdminRoute, Call } from '../features/admin-routes/admin-route.js';
import type { ServedRoute } from '../features/admin-routes/route-permission.js';
import { parseQuery } from '../features/admin-routes/route-query.js';
import type { UseFeature } from '../features/feature-instances.js';

export type { AdminRoute };

/** Rate limits of the admin API, per staff token. */
export interface AdminLimits {
  /** Requests in a burst, and refilled per second. 0 disables. */
  readonly burst: number;
  readonly perSecond: number;
  /** Contact exports in a burst, and refilled per hour (on top of the general limit). */
  readonly exportBurst: number;
  readonly exportsPerHour: number;
  /** The clock the buckets refill on (tests hold it still, so that a burst is exact); default `Date.now`. */
  readonly clock?: (() => number) | undefined;
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
  /** The routes to serve: every feature's (see `FeatureHost.adminRoutes`). */
  readonly routes: readonly ServedRoute[];
  /** The features' running parts, for the routes (`call.use('routing')`). */
  readonly use: UseFeature;
  /** Where signed addresses and invitation links point: configured or learned, never the request's `Host`. */
  readonly publicOrigin: PublicOrigin;
  /** Staff accounts: without them only API tokens are accepted. */
  readonly accounts?: Accounts | undefined;
}

// ---- dispatch --------------------------------------------------------------------------------------------

const allowMethods = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const allowHeaders = 'authorization, content-type, x-parley-csrf';

function originAllowed(allowed: readonly string[], origin: string, own: readonly string[]): boolean {
  if (origin === '') return true; // not a browser: CORS protects pages, and a token is needed anyway
  if (origin === 'null') return false;
  return allowed.includes('*') || inboxOrigin(allowed, origin, own);
}

function corsHeaders(origin: string, credentials: boolean): Record<string, string> {
  if (origin === '') return {};
  return credentials
    ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'origin' }
    : { 'access-control-allow-origin': origin, vary: 'origin' };
}

/**
 * Serves the admin HTTP API under `/v1/admin/` on `app`: bearer staff tokens bound to one site, roles, CORS for
 * the admin origins (same-origin by default), per-token rate limits (stricter for exports), JSON errors from
 * the protocol's catalog, and an audit entry for every change. Register it before any catch-all route.
 *
 * Requests without a valid token are limited per client address, in buckets of their own: a flood of them
 * (from anyone, or from many clients behind one proxy) never spends what a signed-in staff member's token has.
 */
export function registerAdminApi(app: TemplatedApp, admin: Desk, options: AdminApiOptions): void {
  const { core } = admin;
  const { limits, allowedOrigins, trustProxy } = options;
  const match = routeMatcher(options.routes, { decodeParams: true });
  const buckets = new Map<string, TokenBucket>();
  const unauthenticated = new Map<string, TokenBucket>();
  const exportBuckets = new Map<string, TokenBucket>();
  const bucketTime = limits.clock ?? Date.now;
  const take = (map: Map<string, TokenBucket>, key: string, burst: number, perSecond: number): number => {
    const now = bucketTime();
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
    const own = ownOrigins(request.headers, trustProxy, options.publicOrigin.configured);
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
        const ok = originAllowed(allowedOrigins, origin, own);
        sendReply(
          res,
          { status: 204 },
          request,
          ok
            ? {
                ...corsHeaders(origin, inboxOrigin(allowedOrigins, origin, own)),
                'access-control-allow-methods': allowMethods,
                'access-control-allow-headers': allowHeaders,
                'access-control-max-age': '600',
              }
            : {},
        );
        return;
      }
      // Refused before anything else is looked at: the origin is not one whose pages may use the admin API.
      if (!originAllowed(allowedOrigins, origin, own)) throw new ApiError('origin_refused');
      // Credentials (the session cookie) only for the inbox's origins, never for `*`.
      headers = { ...corsHeaders(origin, inboxOrigin(allowedOrigins, origin, own)), 'cache-control': 'no-store' };
      /** Charges the client's address for a request that is not (yet) a signed-in staff member's. */
      const refuse = (error: ApiError): never => {
        if (limits.perSecond > 0) {
          const limited = take(unauthenticated, request.ip, limits.burst, limits.perSecond);
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
      const { route, params } = found;
      const token = bearerToken(request.headers);
      const secret = token === undefined ? sessionSecret(request.headers.cookie) : undefined;
      let staff: Staff;
      let site: Site | undefined;
      let signedIn: SignedIn | undefined;
      if (token !== undefined) {
        // An API token: its scopes decide (GET and HEAD read, other methods write; its permissions by `admin`, below).
        const holder = await core.store.findStaffByTokenHash(hashToken(token));
        if (!holder || holder.accountId != null) return refuse(new ApiError('unauthorized', 'Unknown staff token.'));
        if (holder.revokedAt !== null)
          return refuse(new ApiError('unauthorized', 'This staff token has been revoked.'));
        if (holder.expiresAt != null && holder.expiresAt <= now) return refuse(new ApiError('token_expired'));
        staff = holder;
        site = await core.store.getSite(staff.siteId);
        if (!site) return refuse(new ApiError('unauthorized', 'Unknown staff token.'));
        const scopes = staff.scopes ?? [];
        const needed: TokenScope = request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
        if (!scopes.includes(needed)) throw new ApiError('forbidden', `This token lacks the ${needed} scope.`);
      } else if (secret !== undefined && options.accounts) {
        // A signed-in browser: the member on the session's current site, and CSRF on every change.
        signedIn = await options.accounts.resolve(secret, now);
        if (!signedIn) return refuse(new ApiError('unauthorized', 'Sign in again.'));
        const changes = request.method !== 'GET' && request.method !== 'HEAD';
        if (
          changes &&
          (!inboxOrigin(allowedOrigins, origin, own) || request.headers['x-parley-csrf'] !== signedIn.session.csrfToken)
        )
          throw new ApiError('csrf_refused');
        if (signedIn.require2faSetup) throw new ApiError('2fa_required');
        if (signedIn.require2faCode) throw new ApiError('2fa_required', SECOND_FACTOR_MISSING);
        staff = signedIn.staff;
        site = signedIn.site;
      } else {
        return refuse(new ApiError('unauthorized', 'Sign in, or send an API token: Authorization: Bearer <token>.'));
      }
      // The one place a route's permission is checked (docs/accounts.md "Roles and permissions").
      const permissions = await core.staffPermissions(site, staff);
      if (route.permission !== undefined && !permissions.includes(route.permission))
        throw new ApiError(
          'forbidden',
          staff.accountId == null
            ? `This token lacks the ${route.permission} permission (the admin scope grants every one).`
            : `Your role lacks the ${route.permission} permission.`,
        );
      if (limits.perSecond > 0) {
        const limited = take(buckets, staff.id, limits.burst, limits.perSecond);
        if (limited > 0)
          throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(limited / 1000)) });
      }
      if (route.exportLimit && limits.exportsPerHour > 0) {
        const limited = take(exportBuckets, staff.id, limits.exportBurst, limits.exportsPerHour / 3600);
        if (limited > 0)
          throw new ApiError('rate_limited', 'Too many exports; wait before the next one.', {
            'retry-after': String(Math.ceil(limited / 1000)),
          });
      }
      const scope = await core.staffScope(site, staff);
      const call: Call<undefined> = {
        core,
        admin,
        use: options.use,
        baseUrl: options.publicOrigin.href,
        emailBaseUrl: options.publicOrigin.forEmail,
        staff,
        site,
        scope,
        permissions,
        account: signedIn?.account,
        session: signedIn?.session,
        accounts: options.accounts,
        request,
        params,
        body: undefined,
        query: {},
        now,
      };
      // Who may call it beyond the permission (the relay's operator), before anything of the body is looked at.
      route.allows?.(call);
      // The one place the query is parsed: by the route's declared parameters, an undeclared one refused by name.
      // A route that declares none takes none: any parameter is refused, named, rather than silently ignored.
      const query = parseQuery(request, route.query ?? {});
      // The one place a body is parsed: strict, by the route's schema, naming what is wrong (admin-http.ts).
      const body = route.requestBody ? await parseBody(request, route.requestBody) : undefined;
      const reply = await route.run({ ...call, query, body });
      sendReply(res, reply, request, headers);
    };
    return run().catch(fail);
  };

  app.any('/v1/admin/*', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    void handle(res, request);
  });
}
