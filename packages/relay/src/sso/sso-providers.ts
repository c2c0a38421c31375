import {
  OIDC_ONLY_FIELDS,
  SAML_ONLY_FIELDS,
  type SsoKind,
  type SsoProvider,
  type SsoProviderCheck,
  type SsoProviderCreate,
  type SsoProviderPatch,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import type { PublicOrigin } from '../http/public-origin.js';
import type { Logger } from '../log.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { OidcClient } from './oidc-client.js';
import type { SamlSignIn } from './saml-sign-in.js';
import type { SsoProviderRecord, SsoRepository } from './sso-repository.js';

/** What {@link SsoProviders} is made with: the store, the data key's sealer, and the two protocols' sides. */
export interface SsoProvidersOptions {
  readonly repository: SsoRepository;
  readonly sealer: SecretSealer;
  readonly publicOrigin: PublicOrigin;
  /** Accept `http:` issuers (`PARLEY_SSO_ALLOW_HTTP`: development, tests). */
  readonly allowHttp: boolean;
  readonly oidc: OidcClient;
  readonly saml: SamlSignIn;
  /** Where a failed discovery's reason goes (the operator's; the admin reads a generic answer). */
  readonly log?: Logger | undefined;
}

/**
 * What an admin reads of a failed discovery, whatever failed: the reason (a refused address, a closed port, a TLS
 * error, a service's banner) would make the check a scanner of the relay's network.
 */
export const DISCOVERY_FAILED =
  'The issuer’s discovery document could not be fetched or read (it must be a public https: address serving /.well-known/openid-configuration); the relay’s log says why.';

/**
 * A site's identity providers as the admin API manages them, of both kinds: their fields checked (the 400s), made
 * and changed (an OpenID client secret sealed), shown (never a secret; what to register at the provider), checked
 * now (discovery, or a SAML certificate's validity).
 */
export class SsoProviders {
  readonly #options: SsoProvidersOptions;

  constructor(options: SsoProvidersOptions) {
    this.#options = options;
  }

  /** Where the provider sends the browser back: on the relay's public origin, never a request's `Host`. */
  redirectUri(providerId: string): string {
    return `${this.#options.publicOrigin.href}/v1/sso/callback/${providerId}`;
  }

  backChannelLogoutUri(providerId: string): string {
    return `${this.#options.publicOrigin.href}/v1/sso/backchannel-logout/${providerId}`;
  }

  /** A provider as the API shows it: never its secret. */
  view(p: SsoProviderRecord): SsoProvider {
    if (p.kind === 'saml') return this.#options.saml.view(p);
    return {
      kind: 'oidc',
      id: p.id,
      name: p.name,
      issuer: p.issuer,
      clientId: p.clientId,
      scopes: [...p.scopes],
      allowedDomains: [...p.allowedDomains],
      defaultRole: p.defaultRole,
      enabled: p.enabled,
      redirectUri: this.redirectUri(p.id),
      backChannelLogoutUri: this.backChannelLogoutUri(p.id),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }

  /** An issuer the relay talks to: `https:` (or `http:` when allowed), no credentials, query or fragment. */
  issuerProblem(issuer: string): string | undefined {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      return 'Invalid body.issuer: not a URL.';
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.#options.allowHttp))
      return 'Invalid body.issuer: an https: URL (http: only with PARLEY_SSO_ALLOW_HTTP).';
    if (url.username || url.password || url.search || url.hash)
      return 'Invalid body.issuer: no credentials, query or fragment.';
    return undefined;
  }

  /**
   * What is wrong with a provider's fields, as the 400's message: an issuer or SSO URL the relay would not use, a
   * certificate that does not parse, a field of the other kind. Resolves the certificate as kept (PEM) when given.
   */
  fieldsProblem(
    kind: SsoKind,
    fields: Partial<Record<'issuer' | 'ssoUrl' | 'idpCertificate', string>> & Record<string, unknown>,
  ): { problem: string } | { certificate: string | undefined } {
    const foreign = Object.keys(fields).find((key) =>
      (kind === 'saml' ? OIDC_ONLY_FIELDS : SAML_ONLY_FIELDS).includes(key as never),
    );
    if (foreign !== undefined)
      return {
        problem: `Invalid body.${foreign}: not a field of ${kind === 'saml' ? 'a SAML' : 'an OpenID Connect'} provider.`,
      };
    if (fields.issuer !== undefined && kind === 'oidc') {
      const problem = this.issuerProblem(fields.issuer);
      if (problem) return { problem };
    }
    if (fields.ssoUrl !== undefined) {
      const problem = this.#options.saml.ssoUrlProblem(fields.ssoUrl);
      if (problem) return { problem };
    }
    if (fields.idpCertificate === undefined) return { certificate: undefined };
    const read = this.#options.saml.certificate(fields.idpCertificate);
    return 'problem' in read ? read : { certificate: read.pem };
  }

  /** A new provider; `certificate` is a SAML provider's as {@link fieldsProblem} read it. */
  async create(
    siteId: string,
    body: SsoProviderCreate,
    certificate: string | undefined,
    now: number,
  ): Promise<SsoProviderRecord> {
    const common = {
      id: randomId('sso'),
      siteId,
      name: body.name,
      allowedDomains: [...new Set(body.allowedDomains)],
      defaultRole: body.defaultRole ?? 'agent',
      enabled: body.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    };
    const record: SsoProviderRecord =
      body.kind === 'saml'
        ? {
            ...common,
            kind: 'saml',
            issuer: body.idpEntityId,
            clientId: '',
            clientSecretSealed: '',
            scopes: [],
            saml: {
              ssoUrl: body.ssoUrl,
              certificate: certificate ?? body.idpCertificate,
              emailAttribute: body.emailAttribute ?? null,
            },
          }
        : {
            ...common,
            kind: 'oidc',
            issuer: body.issuer,
            clientId: body.clientId,
            clientSecretSealed: this.#options.sealer.seal(body.clientSecret),
            scopes: [...new Set(body.scopes ?? ['email', 'profile'])],
            saml: null,
          };
    await this.#options.repository.putProvider(record);
    // The SAML library's thread started now (in the background: the admin's answer does not wait for it), rather than
    // by the first sign-in, which queues behind it. A thread that does not start fails the SAML routes that need it.
    if (record.kind === 'saml') void this.#options.saml.client.warm();
    return record;
  }

  async update(
    before: SsoProviderRecord,
    patch: SsoProviderPatch,
    certificate: string | undefined,
    now: number,
  ): Promise<SsoProviderRecord> {
    const saml = before.saml && {
      ssoUrl: patch.ssoUrl ?? before.saml.ssoUrl,
      certificate: certificate ?? before.saml.certificate,
      emailAttribute: patch.emailAttribute !== undefined ? patch.emailAttribute : before.saml.emailAttribute,
    };
    const record: SsoProviderRecord = {
      ...before,
      saml,
      ...(patch.idpEntityId !== undefined ? { issuer: patch.idpEntityId } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.issuer !== undefined ? { issuer: patch.issuer } : {}),
      ...(patch.clientId !== undefined ? { clientId: patch.clientId } : {}),
      ...(patch.clientSecret !== undefined
        ? { clientSecretSealed: this.#options.sealer.seal(patch.clientSecret) }
        : {}),
      ...(patch.scopes !== undefined ? { scopes: [...new Set(patch.scopes)] } : {}),
      ...(patch.allowedDomains !== undefined ? { allowedDomains: [...new Set(patch.allowedDomains)] } : {}),
      ...(patch.defaultRole !== undefined ? { defaultRole: patch.defaultRole } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      // Strictly later: the discovered configuration is kept by this time.
      updatedAt: Math.max(now, before.updatedAt + 1),
    };
    await this.#options.repository.putProvider(record);
    this.#options.oidc.forget(record.id);
    return record;
  }

  async remove(siteId: string, id: string): Promise<boolean> {
    this.#options.oidc.forget(id);
    return this.#options.repository.deleteProvider(siteId, id);
  }

  /** Discovery, now: whether the issuer answers, for the admin who set it up (SAML: the certificate). */
  async check(provider: SsoProviderRecord): Promise<SsoProviderCheck> {
    if (provider.kind === 'saml') return this.#options.saml.check(provider);
    this.#options.oidc.forget(provider.id);
    try {
      const config = await this.configuration(provider);
      const metadata = config.serverMetadata();
      return {
        ok: true,
        problem: null,
        authorizationEndpoint: metadata.authorization_endpoint ?? null,
        backChannelLogoutSupported: metadata.backchannel_logout_supported === true,
      };
    } catch (error) {
      this.#options.log?.warn('sso: a provider’s check failed', {
        provider: provider.id,
        error: error instanceof Error ? error.message : 'unknown',
      });
      return {
        ok: false,
        problem: DISCOVERY_FAILED,
        authorizationEndpoint: null,
        backChannelLogoutSupported: false,
      };
    }
  }

  /** An OpenID provider's configuration (discovered, kept an hour), with its secret opened. */
  configuration(provider: SsoProviderRecord) {
    return this.#options.oidc.configuration(provider, this.#options.sealer.open(provider.clientSecretSealed));
  }
}
