import * as client from 'openid-client';
import { createRemoteJWKSet, customFetch as joseFetch, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { providerFetch } from './provider-fetch.js';
import type { SsoProviderRecord } from './sso-repository.js';

/** How long a provider's discovered configuration is kept before it is asked again (keys rotate, endpoints move). */
const DISCOVERY_TTL_MS = 3600_000;
/** How long discovery and token requests may take, in seconds. */
const REQUEST_TIMEOUT_S = 10;

/** The event a back-channel logout token must carry (OpenID Connect Back-Channel Logout 1.0, 2.4). */
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * The members of a discovery document kept (OpenID Connect Discovery 1.0 and RFC 8414); anything else an issuer
 * sends is dropped. `openid-client` clones the metadata (`structuredClone`) at every `Configuration` and
 * `serverMetadata()`: a hostile issuer's 250 KiB of padding, kept, held the event loop 10–30 ms per clone, several
 * times a sign-in or a back-channel logout. Lists are cut to {@link METADATA_LIST_MAX} entries and texts to
 * {@link METADATA_TEXT_MAX} characters (every real provider's are far under both).
 */
const METADATA_MEMBERS = new Set([
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'registration_endpoint',
  'end_session_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'device_authorization_endpoint',
  'pushed_authorization_request_endpoint',
  'require_pushed_authorization_requests',
  'scopes_supported',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'acr_values_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'id_token_encryption_alg_values_supported',
  'id_token_encryption_enc_values_supported',
  'userinfo_signing_alg_values_supported',
  'request_object_signing_alg_values_supported',
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'code_challenge_methods_supported',
  'claims_supported',
  'claims_parameter_supported',
  'request_parameter_supported',
  'request_uri_parameter_supported',
  'authorization_response_iss_parameter_supported',
  'dpop_signing_alg_values_supported',
  'backchannel_logout_supported',
  'backchannel_logout_session_supported',
  'frontchannel_logout_supported',
  'frontchannel_logout_session_supported',
  'mtls_endpoint_aliases',
  'tls_client_certificate_bound_access_tokens',
]);
const METADATA_LIST_MAX = 100;
const METADATA_TEXT_MAX = 2048;

/** A value of the metadata, bounded: texts cut, lists cut, objects (`mtls_endpoint_aliases`) of texts only. */
function boundedValue(value: unknown): unknown {
  if (typeof value === 'string') return value.slice(0, METADATA_TEXT_MAX);
  if (Array.isArray(value)) return value.slice(0, METADATA_LIST_MAX).map(boundedValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).slice(0, METADATA_LIST_MAX);
    return Object.fromEntries(entries.filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, boundedValue(v)]));
  }
  return value;
}

/** The discovery document's members Parley or `openid-client` read, bounded ({@link METADATA_MEMBERS}). */
export function boundedMetadata(metadata: client.ServerMetadata): client.ServerMetadata {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(metadata))
    if (METADATA_MEMBERS.has(name)) kept[name] = boundedValue(value);
  return kept as client.ServerMetadata;
}

/** What the relay reads of a verified ID token. */
export interface IdentityClaims {
  readonly subject: string;
  readonly email: string | undefined;
  readonly emailVerified: boolean;
  readonly name: string | undefined;
  /** The provider's session id (`sid`), for its back-channel logout. */
  readonly sid: string | undefined;
}

/** A verified logout token: whose sessions end (a subject, a provider session, or both), and until when it lives. */
export interface LogoutClaims {
  readonly subject: string | undefined;
  readonly sid: string | undefined;
  readonly jti: string;
  readonly expiresAt: number;
}

/** Why the provider's answer was refused (never a token or a secret in it: it may be logged). */
export class OidcError extends Error {
  override name = 'OidcError';
}

interface Discovered {
  readonly key: string;
  readonly at: number;
  readonly metadata: Promise<client.ServerMetadata>;
  jwks?: JWTVerifyGetKey;
}

/**
 * The relay's side of OpenID Connect, over `openid-client` (ADR 0036): discovery (kept an hour per provider),
 * the authorization request (code flow, PKCE S256, state, nonce), the code's exchange with the ID token's checks
 * (signature against the issuer's keys, `iss`, `aud`, `exp`, `iat`, `nonce`, and the state), and back-channel
 * logout tokens (verified with `jose`, which `openid-client` is built on).
 */
export class OidcClient {
  readonly #allowHttp: boolean;
  readonly #now: () => number;
  readonly #discovered = new Map<string, Discovered>();
  readonly #fetch: ReturnType<typeof providerFetch>;

  /**
   * @param options.allowHttp - Accept `http:` issuers (development and tests on loopback).
   * @param options.allowPrivate - Reach providers at loopback and private addresses (`PARLEY_SSO_ALLOW_PRIVATE`).
   * @param options.now - The clock the ID token's times are checked on (tests move it).
   */
  constructor(options: {
    readonly allowHttp: boolean;
    readonly allowPrivate?: boolean | undefined;
    readonly now?: (() => number) | undefined;
  }) {
    this.#allowHttp = options.allowHttp;
    this.#now = options.now ?? Date.now;
    this.#fetch = providerFetch({ allowPrivate: options.allowPrivate ?? false });
  }

  /**
   * The provider's configuration: its metadata discovered from its issuer (kept while the provider is unchanged,
   * an hour at most), the client, and how it authenticates at the token endpoint.
   */
  async configuration(provider: SsoProviderRecord, clientSecret: string): Promise<client.Configuration> {
    const key = `${provider.updatedAt}`;
    const now = Date.now();
    let kept = this.#discovered.get(provider.id);
    if (!kept || kept.key !== key || now - kept.at >= DISCOVERY_TTL_MS) {
      const metadata = this.#discover(provider);
      kept = { key, at: now, metadata };
      this.#discovered.set(provider.id, kept);
      metadata.catch(() => {
        if (this.#discovered.get(provider.id)?.metadata === metadata) this.#discovered.delete(provider.id);
      });
    }
    const metadata = await kept.metadata;
    // client_secret_basic is the specification's default; post where the provider lists only that.
    const methods = metadata.token_endpoint_auth_methods_supported;
    const auth =
      methods === undefined || methods.includes('client_secret_basic')
        ? client.ClientSecretBasic(clientSecret)
        : client.ClientSecretPost(clientSecret);
    const config = new client.Configuration(
      metadata,
      provider.clientId,
      // The ID token's times are read on the relay's clock (tests move it to check the expiry).
      { client_secret: clientSecret, [client.clockSkew]: Math.round((this.#now() - Date.now()) / 1000) },
      auth,
    );
    if (this.#allowHttp) client.allowInsecureRequests(config);
    config[client.customFetch] = this.#fetch;
    // The ID token's signature is checked against the issuer's published keys too, not only TLS (ADR 0036).
    client.enableNonRepudiationChecks(config);
    config.timeout = REQUEST_TIMEOUT_S;
    return config;
  }

  /** Forgets a provider's configuration (changed or deleted). */
  forget(providerId: string): void {
    this.#discovered.delete(providerId);
  }

  async #discover(provider: SsoProviderRecord): Promise<client.ServerMetadata> {
    try {
      const found = await client.discovery(new URL(provider.issuer), provider.clientId, undefined, undefined, {
        execute: this.#allowHttp ? [client.allowInsecureRequests] : [],
        timeout: REQUEST_TIMEOUT_S,
        [client.customFetch]: this.#fetch,
      });
      return boundedMetadata(found.serverMetadata());
    } catch (error) {
      throw new OidcError(`discovery of ${provider.issuer} failed: ${describe(error)}`);
    }
  }

  /** PKCE's verifier, a state and a nonce, and the authorization URL that carries the challenge, state and nonce. */
  async authorization(
    config: client.Configuration,
    provider: SsoProviderRecord,
    redirectUri: string,
  ): Promise<{ url: URL; state: string; nonce: string; verifier: string }> {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const scope = ['openid', ...provider.scopes.filter((s) => s !== 'openid')].join(' ');
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, verifier };
  }

  /**
   * Exchanges the callback's code (with the PKCE verifier) and verifies the ID token: its signature against the
   * issuer's published keys, `iss`, `aud` (and `azp`), `exp` and `iat`, the `nonce` of this sign-in; and the
   * callback's `state` and issuer (`iss`, RFC 9207, when the provider sends it).
   */
  async exchange(
    config: client.Configuration,
    callbackUrl: URL,
    checks: { readonly state: string; readonly nonce: string; readonly verifier: string },
  ): Promise<IdentityClaims> {
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new OidcError(describe(error));
    }
    if (!claims) throw new OidcError('no ID token');
    return {
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined,
      // Only a boolean true. Entra ID sends no email_verified: its optional claim xms_edov ("email domain owner
      // verified") says the same, and its email without it is any address a user typed (the nOAuth takeover).
      emailVerified: claims.email_verified === true || claims.xms_edov === true,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
    };
  }

  /**
   * Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.6): signed by the issuer's keys,
   * `iss`, `aud`, `iat` (and `exp` when present), a `jti`, the logout event, a `sub` or a `sid`, and no `nonce`.
   */
  async verifyLogoutToken(
    provider: SsoProviderRecord,
    config: client.Configuration,
    token: string,
  ): Promise<LogoutClaims> {
    const metadata = config.serverMetadata();
    if (!metadata.jwks_uri) throw new OidcError('the provider publishes no keys');
    const kept = this.#discovered.get(provider.id);
    const jwks =
      kept?.jwks ??
      createRemoteJWKSet(new URL(metadata.jwks_uri), {
        timeoutDuration: REQUEST_TIMEOUT_S * 1000,
        [joseFetch]: this.#fetch,
      });
    if (kept) kept.jwks = jwks;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: metadata.issuer,
        audience: provider.clientId,
        requiredClaims: ['iat', 'jti'],
        currentDate: new Date(this.#now()),
        clockTolerance: 30,
        // Two minutes old at most, as the specification recommends keeping them short-lived.
        maxTokenAge: '2 minutes',
      }));
    } catch (error) {
      throw new OidcError(describe(error));
    }
    const events = payload.events as Record<string, unknown> | undefined;
    if (typeof events !== 'object' || events === null || typeof events[LOGOUT_EVENT] !== 'object')
      throw new OidcError('not a logout token (no logout event)');
    if ('nonce' in payload) throw new OidcError('a logout token carries no nonce');
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (payload.sub === undefined && sid === undefined) throw new OidcError('a logout token names a sub or a sid');
    return {
      subject: payload.sub,
      sid,
      jti: String(payload.jti),
      expiresAt: ((payload.exp ?? (payload.iat ?? 0) + 120) + 60) * 1000,
    };
  }
}

/** An error in words for the log: its name and message, never its cause's body (which may carry a token). */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return `${error.name}${code}: ${error.message}`.slice(0, 300);
  }
  return 'unknown error';
}
