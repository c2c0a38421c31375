import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { SsoLinkBody, SsoLinkInspect, type SsoLinkInfo, type SsoPublicProviders } from '@parley/protocol/admin';
import { AccountError, sessionCookie, type Accounts } from '../auth/accounts.js';
import {
  ApiError,
  inboxOrigin,
  ownOrigins,
  parseBody,
  readAdminRequest,
  sendApiError,
  sendReply,
  type AdminRequest,
  type Reply,
} from '../http/admin-http.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { DEFAULT_SITE_ID } from '../store/store.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { Logger } from '../log.js';
import {
  SAML_BINDING_COOKIE,
  SSO_LINK_COOKIE,
  bindingCookie,
  bindingSecret,
  linkCookie,
  samlBindingCookie,
} from './sso-cookie.js';
import { ssoSiteLabel } from './sso-site-label.js';
import { SsoError, type Sso, type SsoOutcome } from './sso.js';

/** What {@link registerSsoHttp} needs. */
export interface SsoHttpOptions {
  readonly sso: Sso;
  readonly accounts: Accounts;
  readonly publicOrigin: PublicOrigin;
  readonly allowedOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly log: Logger;
  /** Requests per client address: a burst, then this many per second (0: no limit). Default {@link DEFAULT_SSO_LIMIT}. */
  readonly limit?: { readonly burst: number; readonly perSecond: number } | undefined;
}

/**
 * Requests per client address on these routes: a burst of 60, then one a second. Looser than a password's (a
 * sign-in is three requests: the page's providers, the start, the callback), for an office behind one address at
 * nine in the morning; a sign-in under way is a row kept ten minutes.
 */
export const DEFAULT_SSO_LIMIT = { burst: 60, perSecond: 1 } as const;

/** Single sign-on's public routes as the API document names them (a test checks both ways). */
export const SSO_PUBLIC_ROUTES = [
  'GET /v1/sso/providers',
  'GET /v1/sso/start/{id}',
  'GET /v1/sso/callback/{id}',
  'POST /v1/sso/link/inspect',
  'POST /v1/sso/link',
  'POST /v1/sso/backchannel-logout/{id}',
  'GET /v1/sso/saml/{id}/metadata',
  'POST /v1/sso/saml/{id}/acs',
] as const;

/** Headers of every answer: nothing cached, no address (with its code and state) passed on as a referrer. */
const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } as const;

/** Where the browser goes after a sign-in, or with a refusal's code in the fragment (never sent to a server). */
const INBOX = '/admin';

function redirect(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 302, headers: { location, ...headers } };
}

/** A provider id as the routes take it. */
const providerIdOf = (path: string, prefix: string): string => {
  const id = path.slice(prefix.length);
  if (!/^sso_[A-Za-z0-9_-]{1,64}$/.test(id)) throw new SsoError('not_found', 'No such provider.');
  return id;
};

/**
 * Single sign-on's public routes (docs/accounts.md, "Single sign-on"):
 *
 * - `GET /v1/sso/providers?site=`: the sign-in page's buttons of that site (the default site's without it): names
 *   and where they lead, nothing secret.
 * - `GET /v1/sso/start/{id}`: starts a sign-in, redirects to the provider, and sets the binding cookie.
 * - `GET /v1/sso/callback/{id}`: the provider's redirect; signs in (the session cookie, then the inbox), or sends the
 *   browser to the inbox with a link token (`#sso-link=…`) or a refusal's code (`#sso-error=…`) in the fragment.
 * - `POST /v1/sso/link/inspect` and `POST /v1/sso/link`: an identity waiting for its account's password.
 * - `POST /v1/sso/backchannel-logout/{id}`: the provider's back-channel logout (a `logout_token` form field).
 * - `GET /v1/sso/saml/{id}/metadata`: a SAML provider's SP metadata (XML).
 * - `POST /v1/sso/saml/{id}/acs`: a SAML provider's response (HTTP-POST binding, a `SAMLResponse` form field); then as
 *   the callback.
 */
export function registerSsoHttp(app: TemplatedApp, options: SsoHttpOptions): void {
  const { sso, accounts, trustProxy } = options;
  const buckets = new Map<string, TokenBucket>();
  const { burst, perSecond } = options.limit ?? DEFAULT_SSO_LIMIT;
  const take = (ip: string, now: number): void => {
    if (perSecond <= 0) return;
    let bucket = buckets.get(ip);
    if (!bucket) {
      if (buckets.size > 10_000) for (const [k, b] of buckets) if (b.isFull(now)) buckets.delete(k);
      bucket = new TokenBucket(burst, perSecond, now);
      buckets.set(ip, bucket);
    }
    const wait = bucket.take(now);
    if (wait > 0) throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(wait / 1000)) });
  };

  /** Runs a route that answers JSON, with the same origin rule as `/v1/auth/*`: another site's page is refused. */
  const json = (res: HttpResponse, request: AdminRequest, run: () => Promise<Reply>): void => {
    void (async () => {
      let headers: Record<string, string> = { ...NO_STORE };
      try {
        take(request.ip, Date.now());
        const origin = request.headers.origin ?? '';
        if (origin !== '') {
          const own = ownOrigins(request.headers, trustProxy, options.publicOrigin.configured);
          if (!inboxOrigin(options.allowedOrigins, origin, own)) throw new ApiError('csrf_refused');
          headers = {
            ...headers,
            'access-control-allow-origin': origin,
            'access-control-allow-credentials': 'true',
            vary: 'origin',
          };
        }
        sendReply(res, await run(), request, headers);
      } catch (error) {
        if (!request.aborted.value)
          sendApiError(res, refusal(error, options.log, request.path), request.aborted, headers);
      }
    })();
  };

  /** Runs a route a browser navigates to: every outcome is a redirect (a refusal's code in the fragment). */
  const navigation = (res: HttpResponse, request: AdminRequest, run: () => Promise<Reply>): void => {
    void (async () => {
      let reply: Reply;
      try {
        take(request.ip, Date.now());
        reply = await run();
      } catch (error) {
        // The binding cookie stays: a forged callback must not spoil the browser's real sign-in.
        reply = redirect(`${INBOX}#sso-error=${refusal(error, options.log, request.path).code}`);
      }
      if (!request.aborted.value) sendReply(res, reply, request, { ...NO_STORE });
    })();
  };

  const signedIn = (outcome: SsoOutcome): Reply =>
    outcome.kind === 'link'
      ? // The binding cookie's sign-in is spent; it goes within its ten minutes (one cookie an answer, this one).
        redirect(`${INBOX}#sso-link=${outcome.token}`, { 'set-cookie': linkCookie(outcome.binding) })
      : {
          status: 302,
          headers: { location: INBOX, 'set-cookie': sessionCookie(outcome.session.secret) },
        };

  app.get('/v1/sso/providers', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    json(res, request, async () => {
      // The site being signed in to (`?site=`, the default site without it): another site's buttons, named by its
      // admins, have no place on this one's page.
      const site = request.query.get('site') ?? DEFAULT_SITE_ID;
      if (!/^[\w-]{1,64}$/.test(site)) throw new ApiError('bad_request', 'Invalid site: a site id.');
      const providers = (await sso.repository.providers(site)).filter((p) => p.enabled);
      // Whose buttons these are, where another site's admin could name a provider the same.
      const label = providers.length > 0 ? await ssoSiteLabel(sso.repository.db, site) : undefined;
      return {
        status: 200,
        body: {
          items: providers.map((p) => ({
            id: p.id,
            name: p.name,
            ...(label !== undefined ? { site: label } : {}),
            start: `/v1/sso/start/${p.id}`,
          })),
        } satisfies SsoPublicProviders,
      };
    });
  });

  app.get('/v1/sso/start/:id', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    navigation(res, request, async () => {
      const { url, binding, kind } = await sso.start(providerIdOf(request.path, '/v1/sso/start/'));
      return redirect(url, { 'set-cookie': kind === 'saml' ? samlBindingCookie(binding) : bindingCookie(binding) });
    });
  });

  app.get('/v1/sso/callback/:id', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    navigation(res, request, async () => {
      const providerId = providerIdOf(request.path, '/v1/sso/callback/');
      // The address the provider redirected to, on the public origin it was given (never this request's Host).
      const callbackUrl = new URL(`${sso.providers.redirectUri(providerId)}?${request.query.toString()}`);
      const outcome = await sso.callback(providerId, callbackUrl, bindingSecret(request.headers.cookie), {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      // The binding cookie's sign-in is spent in the database; the cookie itself goes within its ten minutes.
      return signedIn(outcome);
    });
  });

  app.get('/v1/sso/saml/:id/metadata', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    void (async () => {
      let reply: Reply;
      try {
        take(request.ip, Date.now());
        const id = providerIdOf(request.path.slice(0, -'/metadata'.length), '/v1/sso/saml/');
        reply = {
          status: 200,
          headers: { 'content-type': 'application/samlmetadata+xml; charset=utf-8' },
          text: await sso.samlMetadata(id),
        };
      } catch (error) {
        const refused = refusal(error, options.log, request.path);
        if (!request.aborted.value) sendApiError(res, refused, request.aborted, { ...NO_STORE });
        return;
      }
      if (!request.aborted.value) sendReply(res, reply, request, {});
    })();
  });

  app.post('/v1/sso/saml/:id/acs', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    navigation(res, request, async () => {
      const providerId = providerIdOf(request.path.slice(0, -'/acs'.length), '/v1/sso/saml/');
      const form = new URLSearchParams((await request.body).toString('utf8'));
      const samlResponse = form.get('SAMLResponse');
      if (!samlResponse) throw new SsoError('sso_failed', 'No SAMLResponse.');
      const outcome = await sso.samlResponse(
        providerId,
        samlResponse,
        bindingSecret(request.headers.cookie, SAML_BINDING_COOKIE),
        { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
      );
      return signedIn(outcome);
    });
  });

  app.post('/v1/sso/link/inspect', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    json(res, request, async () => {
      const { token } = await parseBody(request, SsoLinkInspect);
      const binding = bindingSecret(request.headers.cookie, SSO_LINK_COOKIE);
      return { status: 200, body: (await sso.inspectLink(token, binding)) satisfies SsoLinkInfo };
    });
  });

  app.post('/v1/sso/link', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    json(res, request, async () => {
      const body = await parseBody(request, SsoLinkBody);
      const outcome = await sso.completeLink(
        body.token,
        bindingSecret(request.headers.cookie, SSO_LINK_COOKIE),
        { password: body.password, code: body.code },
        { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
      );
      if (outcome.kind !== 'session') throw new SsoError('sso_failed', 'The link did not sign in.');
      return {
        status: 200,
        body: await accounts.newSessionBody(outcome.session, sso.now()),
        // The link cookie's link is spent; it goes within its fifteen minutes.
        headers: { 'set-cookie': sessionCookie(outcome.session.secret) },
      };
    });
  });

  app.post('/v1/sso/backchannel-logout/:id', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    void (async () => {
      let reply: Reply;
      try {
        take(request.ip, Date.now());
        const providerId = providerIdOf(request.path, '/v1/sso/backchannel-logout/');
        const form = new URLSearchParams((await request.body).toString('utf8'));
        const token = form.get('logout_token');
        if (!token) throw new SsoError('bad_request', 'No logout_token.');
        await sso.backChannelLogout(providerId, token);
        reply = { status: 200 };
      } catch (error) {
        // The specification's answer to a refused token: 400 with an OAuth error body.
        const code = refusal(error, options.log, request.path).code;
        reply = {
          status: code === 'rate_limited' ? 429 : 400,
          body: { error: 'invalid_request', error_description: 'The logout token was refused.' },
        };
      }
      if (!request.aborted.value) sendReply(res, reply, request, { ...NO_STORE });
    })();
  });
}

/** A thrown error as the catalog's refusal; the unexpected is logged (without the request's query). */
function refusal(error: unknown, log: Logger, path: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof SsoError) return new ApiError(error.code, error.message);
  if (error instanceof AccountError) {
    if (error.code === 'rate_limited') {
      const seconds = Math.max(1, Math.ceil(((error.until ?? Date.now()) - Date.now()) / 1000));
      return new ApiError('rate_limited', error.message, { 'retry-after': String(seconds) });
    }
    return new ApiError(error.code, error.message === error.code ? undefined : error.message);
  }
  log.error('sso request failed', { error: error instanceof Error ? error.name : 'unknown', path });
  return new ApiError('internal');
}
