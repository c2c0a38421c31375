import type { SamlProvider, SsoProviderCheck } from '@parley/protocol/admin';
import { hashToken, randomToken } from '../auth/tokens.js';
import type { PublicOrigin } from '../http/public-origin.js';
import type { Logger } from '../log.js';
import type { IdentityClaims } from './oidc-client.js';
import { SamlClient, readCertificate } from './saml-client.js';
import { SAML_FLOW_TTL_MS, SamlError, type SamlServiceProvider } from './saml-common.js';
import type { SsoProviderRecord, SsoRepository } from './sso-repository.js';

/** What {@link SamlSignIn} is made with: the relay's public origin, and the shared parts of single sign-on. */
export interface SamlSignInOptions {
  readonly repository: SsoRepository;
  readonly publicOrigin: PublicOrigin;
  readonly log: Logger;
  readonly allowHttp: boolean;
  readonly now: () => number;
  /** Whether a browser's binding secret is the one whose hash a sign-in keeps (in constant time). */
  readonly bound: (binding: string | undefined, bindingHash: string) => boolean;
}

/** A refusal of a SAML sign-in, before any account rule: the response or the request it answers. */
export class SamlRefusal extends Error {
  override name = 'SamlRefusal';
}

/**
 * SAML 2.0 sign-in for single sign-on (ADR 0037): the relay's SP side of one provider (entity id, ACS URL,
 * metadata), the AuthnRequest (its id kept like an OpenID sign-in's state: by its hash, once, bound to the browser),
 * and the POSTed response verified ({@link SamlClient}) with its assertion's and response's ids refused when
 * replayed. What the verified identity may do is the accounts' rules, shared with OpenID Connect (`Sso`).
 */
export class SamlSignIn {
  readonly client = new SamlClient();
  readonly #options: SamlSignInOptions;

  constructor(options: SamlSignInOptions) {
    this.#options = options;
  }

  /** The relay's entity id and ACS URL for a provider, on its public origin (never a request's `Host`). */
  serviceProvider(providerId: string): SamlServiceProvider {
    const base = `${this.#options.publicOrigin.href}/v1/sso/saml/${providerId}`;
    return { entityId: `${base}/metadata`, acsUrl: `${base}/acs` };
  }

  /** A SAML provider as the API shows it, with what to register at the identity provider. */
  view(p: SsoProviderRecord): SamlProvider {
    const saml = p.saml!;
    const sp = this.serviceProvider(p.id);
    const certificate = readCertificate(saml.certificate);
    return {
      kind: 'saml',
      id: p.id,
      name: p.name,
      allowedDomains: [...p.allowedDomains],
      defaultRole: p.defaultRole,
      enabled: p.enabled,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      idpEntityId: p.issuer,
      ssoUrl: saml.ssoUrl,
      idpCertificate: saml.certificate,
      idpCertificateExpiresAt: 'expiresAt' in certificate ? certificate.expiresAt : 0,
      emailAttribute: saml.emailAttribute,
      spEntityId: sp.entityId,
      acsUrl: sp.acsUrl,
      metadataUrl: sp.entityId,
    };
  }

  /** The SSO URL the relay sends browsers to: `https:` (or `http:` when allowed), no credentials or fragment. */
  ssoUrlProblem(ssoUrl: string): string | undefined {
    let url: URL;
    try {
      url = new URL(ssoUrl);
    } catch {
      return 'Invalid body.ssoUrl: not a URL.';
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.#options.allowHttp))
      return 'Invalid body.ssoUrl: an https: URL (http: only with PARLEY_SSO_ALLOW_HTTP).';
    if (url.username || url.password || url.hash) return 'Invalid body.ssoUrl: no credentials or fragment.';
    return undefined;
  }

  /** The certificate as kept (PEM), or the 400's message. */
  certificate(text: string): { pem: string } | { problem: string } {
    const read = readCertificate(text);
    return 'problem' in read ? { problem: `Invalid body.idpCertificate: ${read.problem}.` } : read;
  }

  /** Whether the certificate is valid now (a SAML provider has nothing to discover). */
  check(p: SsoProviderRecord): SsoProviderCheck {
    const read = readCertificate(p.saml!.certificate);
    const problem =
      'problem' in read
        ? read.problem
        : read.expiresAt <= this.#options.now()
          ? `the signing certificate expired on ${new Date(read.expiresAt).toISOString()}`
          : null;
    return { ok: problem === null, problem, authorizationEndpoint: p.saml!.ssoUrl, backChannelLogoutSupported: false };
  }

  metadata(p: SsoProviderRecord): Promise<string> {
    return this.client.metadata(p, this.serviceProvider(p.id));
  }

  /** Starts a sign-in: the AuthnRequest's address at the provider, and the binding secret for its cookie. */
  async start(p: SsoProviderRecord): Promise<{ url: string; binding: string }> {
    const { url, requestId } = await this.client.authorization(p, this.serviceProvider(p.id));
    const binding = randomToken('sb', 24);
    const now = this.#options.now();
    await this.#options.repository.putFlow({
      stateHash: hashToken(requestId),
      providerId: p.id,
      bindingHash: hashToken(binding),
      verifierSealed: '',
      nonce: '',
      createdAt: now,
      expiresAt: now + SAML_FLOW_TTL_MS,
    });
    return { url, binding };
  }

  /**
   * Verifies a response POSTed to the ACS: its InResponseTo a request of this provider made in this browser (used
   * once), then the library's checks, then its ids recorded (a replay refused). Resolves the identity it vouches for.
   */
  async verify(p: SsoProviderRecord, samlResponse: string, binding: string | undefined): Promise<IdentityClaims> {
    const { repository } = this.#options;
    const now = this.#options.now();
    try {
      const assertion = await this.client.validate(p, this.serviceProvider(p.id), samlResponse, async (requestId) => {
        const used = await repository.useFlow(hashToken(requestId), now);
        if (!used.ok) throw new SamlError('InResponseTo is unknown, was used, or expired');
        if (used.row.providerId !== p.id) throw new SamlError('InResponseTo is another provider’s request');
        if (!this.#options.bound(binding, used.row.bindingHash))
          throw new SamlError('the sign-in was started in another browser');
        return used.row.createdAt;
      });
      for (const id of assertion.ids)
        if (!(await repository.useSamlId(`${p.id} ${id}`, assertion.expiresAt, now)))
          throw new SamlError(`a replayed ${id.split(' ')[0]}`);
      return assertion.claims;
    } catch (error) {
      const reason = error instanceof SamlError ? error.message : 'unexpected';
      this.#options.log.warn('sso: a SAML response was refused', { provider: p.id, reason });
      throw new SamlRefusal(reason);
    }
  }
}
