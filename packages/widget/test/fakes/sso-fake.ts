import type { SsoDomain, SsoProvider, SsoProviderCreate, SsoProviderPatch } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Single sign-on (`/sso/providers`, `/sso/settings`) of the fake admin API: the site's providers and its rule. */
export function withSso<B extends FakeBase>(Base: B) {
  return class extends Base {
    ssoProviders: SsoProvider[] = [
      {
        kind: 'oidc',
        id: 'sso_acme',
        name: 'Acme Google',
        issuer: 'https://accounts.google.com',
        clientId: 'parley.apps.googleusercontent.com',
        scopes: ['email', 'profile'],
        allowedDomains: ['acme.example'],
        defaultRole: 'agent',
        enabled: true,
        redirectUri: 'https://chat.example.com/v1/sso/callback/sso_acme',
        backChannelLogoutUri: 'https://chat.example.com/v1/sso/backchannel-logout/sso_acme',
        createdAt: 1,
        updatedAt: 1,
      },
    ];
    requireSso = false;
    /** The site's domains, as the relay claims them; `ssoDnsPublished` says which the DNS answers for. */
    ssoDomains: SsoDomain[] = [
      {
        domain: 'acme.example',
        verified: false,
        verifiedAt: null,
        record: {
          name: '_parley.acme.example',
          type: 'TXT',
          value: 'parley-domain-verification=pdv_test',
        },
        mail: null,
      },
    ];
    ssoDnsPublished = new Set<string>();
    /** The codes mailed for domains (`POST /sso/domains/mail`), as the relay would send them: each is {@link ssoCode}. */
    ssoMailed: { domain: string; address: string }[] = [];
    /** The code every mailed code is, here. */
    readonly ssoCode = 'K7QX-M2PD-9WHA';
    /** The bodies the providers were created with (a client secret among them, as the page sent it). */
    ssoCreated: SsoProviderCreate[] = [];

    constructor(...args: any[]) {
      super(...args);
      const find = (id: string | undefined): SsoProvider => {
        const found = this.ssoProviders.find((p) => p.id === id);
        if (!found) throw new AdminApiError('not_found', 'No such provider on this site.', 404);
        return found;
      };
      Object.assign(this.routes, {
        'GET /sso/providers': async () => ({ items: structuredClone(this.ssoProviders) }),
        'POST /sso/providers': async (c) => {
          const body = c.body as SsoProviderCreate;
          this.ssoCreated.push(body);
          const id = `sso_${this.ssoProviders.length + 1}`;
          const common = {
            id,
            name: body.name,
            allowedDomains: body.allowedDomains,
            defaultRole: body.defaultRole ?? 'agent',
            enabled: body.enabled ?? true,
            createdAt: 2,
            updatedAt: 2,
          } as const;
          const sp = `https://chat.example.com/v1/sso/saml/${id}`;
          const made: SsoProvider =
            body.kind === 'saml'
              ? {
                  kind: 'saml',
                  ...common,
                  idpEntityId: body.idpEntityId,
                  ssoUrl: body.ssoUrl,
                  idpCertificate: body.idpCertificate,
                  idpCertificateExpiresAt: 3,
                  emailAttribute: body.emailAttribute ?? null,
                  spEntityId: `${sp}/metadata`,
                  acsUrl: `${sp}/acs`,
                  metadataUrl: `${sp}/metadata`,
                }
              : {
                  kind: 'oidc',
                  ...common,
                  issuer: body.issuer,
                  clientId: body.clientId,
                  scopes: body.scopes ?? ['email', 'profile'],
                  redirectUri: `https://chat.example.com/v1/sso/callback/${id}`,
                  backChannelLogoutUri: `https://chat.example.com/v1/sso/backchannel-logout/${id}`,
                };
          this.ssoProviders.push(made);
          return structuredClone(made);
        },
        'PATCH /sso/providers/{id}': async (c) => {
          const changed = { ...find(c.ref), ...(c.body as SsoProviderPatch) } as SsoProvider;
          this.ssoProviders = this.ssoProviders.map((p) => (p.id === changed.id ? changed : p));
          return structuredClone(changed);
        },
        'DELETE /sso/providers/{id}': async (c) => {
          find(c.ref);
          this.ssoProviders = this.ssoProviders.filter((p) => p.id !== c.ref);
        },
        'POST /sso/providers/{id}/check': async (c) => {
          const provider = find(c.ref);
          return {
            ok: true,
            problem: null,
            // As the relay: a SAML provider's "endpoint" is its SSO URL, read from its settings, not contacted.
            authorizationEndpoint:
              provider.kind === 'saml' ? provider.ssoUrl : 'https://accounts.google.com/o/oauth2/v2/auth',
            backChannelLogoutSupported: false,
          };
        },
        'GET /sso/domains': async () => ({ items: structuredClone(this.ssoDomains) }),
        'POST /sso/domains/verify': async (c) => {
          const { domain } = c.body as { domain: string };
          const found = this.ssoDomains.find((d) => d.domain === domain);
          if (!found) throw new AdminApiError('not_found', 'No provider of this site allows this domain.', 404);
          if (this.ssoDnsPublished.has(domain)) Object.assign(found, { verified: true, verifiedAt: 2 });
          return structuredClone(found);
        },
        'POST /sso/domains/mail': async (c) => {
          const { domain, address } = c.body as { domain: string; address: string };
          const found = this.ssoDomains.find((d) => d.domain === domain);
          if (!found) throw new AdminApiError('not_found', 'No provider of this site allows this domain.', 404);
          if (!address.toLowerCase().endsWith(`@${domain}`))
            throw new AdminApiError('bad_request', 'Invalid body: address: must be an address at the domain.', 400);
          this.ssoMailed.push({ domain, address: address.toLowerCase() });
          Object.assign(found, { mail: { address: address.toLowerCase(), sentAt: 3 } });
          return structuredClone(found);
        },
        'POST /sso/domains/confirm': async (c) => {
          const { domain, code } = c.body as { domain: string; code: string };
          const found = this.ssoDomains.find((d) => d.domain === domain);
          if (!found?.mail)
            throw new AdminApiError('not_found', 'No code was mailed for this domain: send one first.', 404);
          const typed = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();
          if (typed(code) !== typed(this.ssoCode))
            throw new AdminApiError('bad_request', `That is not the code sent to ${found.mail.address}.`, 400);
          Object.assign(found, { verified: true, verifiedAt: 4, mail: null });
          return structuredClone(found);
        },
        'GET /sso/settings': async () => ({ requireSso: this.requireSso }),
        'PUT /sso/settings': async (c) => {
          this.requireSso = (c.body as { requireSso: boolean }).requireSso;
          return { requireSso: this.requireSso };
        },
      } satisfies FakeRoutes);
    }
  };
}
