import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';

/** A person the test provider signs in (by login name): the claims it vouches for. */
export interface IdpUser {
  readonly email: string;
  readonly email_verified: boolean;
  readonly name?: string;
}

/** What a test may do to the ID token the provider answers, re-signed with the provider's own key. */
export type IdTokenTamper = (claims: JWTPayload) => JWTPayload;

/** A real OpenID provider (the `oidc-provider` package) on 127.0.0.1, port 0, with its dev login pages. */
export interface TestIdp {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Rewrites the next ID tokens (until set back to `undefined`), signed with the provider's key. */
  tamper: IdTokenTamper | undefined;
  /** With {@link tamper}: sign with a key the provider does not publish. */
  forge: boolean;
  /** Signs a JWT with the provider's key (a logout token, or a forged one with `foreign`). */
  sign(payload: JWTPayload, options?: { typ?: string; foreign?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts an OpenID provider with one confidential client (`parley`, `client_secret_basic`, PKCE required) whose
 * redirect URI is `redirectUri(issuer)`, and the given users (any password signs in). Consent is given on the
 * second dev page (a "Continue" button). The dev pages' web font import is removed: tests reach no network.
 */
export async function startIdp(options: {
  readonly users: Readonly<Record<string, IdpUser>>;
  readonly redirectUri: string;
  readonly backChannelLogoutUri?: string;
}): Promise<TestIdp> {
  const { publicKey: _public, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'parley';
  const clientSecret = 'a-client-secret-of-the-test-provider-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        ...(options.backChannelLogoutUri
          ? { backchannel_logout_uri: options.backChannelLogoutUri, backchannel_logout_session_required: true }
          : {}),
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The claims in the ID token itself, as Google, Entra ID and Keycloak put them.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    findAccount: (_ctx, id) => {
      const user = options.users[id];
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...user }) };
    },
  });
  const idp: TestIdp = {
    issuer,
    clientId,
    clientSecret,
    tamper: undefined,
    forge: false,
    async sign(payload, signOptions = {}) {
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key', ...(signOptions.typ ? { typ: signOptions.typ } : {}) })
        .sign(signOptions.foreign ? foreign.privateKey : privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path.startsWith('/interaction/') && typeof ctx.body === 'string')
      ctx.body = ctx.body.replace(/@import url\([^)]*\);/g, '');
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path === '/token' && idp.tamper && body && typeof body.id_token === 'string')
      body.id_token = await idp.sign(idp.tamper(decodeJwt(body.id_token)), { typ: 'JWT', foreign: idp.forge });
  });
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));
  return idp;
}

/** A cookie jar and a redirect follower across the relay and the provider (one host: cookies ignore ports). */
export class RedirectBrowser {
  readonly cookies = new Map<string, string>();

  /** One request; remembers the cookies it sets. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /**
   * Follows redirects from `url`, signing in at the provider's dev pages as `login` (and giving consent), until the
   * relay's callback has answered. Resolves the callback's address and where it sent the browser.
   */
  async signIn(
    url: string,
    login: string,
    stopBefore?: 'callback',
  ): Promise<{ callbackUrl: string; location: string }> {
    let next = url;
    let callbackUrl = '';
    for (let hop = 0; hop < 20; hop++) {
      if (next.includes('/v1/sso/callback/')) {
        callbackUrl = next;
        if (stopBefore === 'callback') return { callbackUrl, location: '' };
      }
      let response = await this.request(next);
      if (response.status === 200 && new URL(next).pathname.startsWith('/interaction/')) {
        const html = await response.text();
        const form: Record<string, string> = /name="prompt" value="login"/.test(html)
          ? { prompt: 'login', login, password: 'any password' }
          : { prompt: 'consent' };
        response = await this.request(next, { method: 'POST', form });
      }
      const location = response.headers.get('location');
      if (!location) throw new Error(`no redirect from ${new URL(next).pathname}: ${response.status}`);
      const target = new URL(location, next).href;
      if (callbackUrl !== '') return { callbackUrl, location };
      next = target;
    }
    throw new Error('too many redirects');
  }
}
