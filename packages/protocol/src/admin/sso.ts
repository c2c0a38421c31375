import * as z from 'zod/mini';
import { doc, isAddress, millis } from './document.js';

/**
 * Single sign-on for staff through OpenID Connect or SAML 2.0 providers (docs/accounts.md, "Single sign-on"): what
 * the API takes and answers.
 */

/** How a provider signs people in. */
export const SSO_KINDS = ['oidc', 'saml'] as const;
export type SsoKind = (typeof SSO_KINDS)[number];

/** The roles a just-in-time member can get: never `owner` (an owner is made by the setup link or another owner). */
export const SSO_DEFAULT_ROLES = ['agent', 'admin'] as const;
export type SsoDefaultRole = (typeof SSO_DEFAULT_ROLES)[number];

/** The longest issuer URL kept. */
export const MAX_SSO_ISSUER_LENGTH = 512;

const Issuer = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_SSO_ISSUER_LENGTH),
  doc({
    format: 'uri',
    omit: ['minLength'],
    description:
      'The provider’s issuer identifier, exactly as its discovery document (`/.well-known/openid-configuration`) names it: `https:`, no query, no fragment. `http:` only when the relay runs with `PARLEY_SSO_ALLOW_HTTP` (development).',
  }),
);

const DisplayName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(60),
    doc({ description: 'What the sign-in button says: “Sign in with <name>”.' }),
  );

const ClientId = z.string().check(z.trim(), z.minLength(1), z.maxLength(256));

const ClientSecret = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(1024),
    doc({ description: 'Write-only: sealed with the relay’s data key at rest, never answered.' }),
  );

const Scopes = z.array(z.string().check(z.regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,64}$/))).check(
  z.maxLength(20),
  doc({
    description:
      'Scopes asked for besides `openid` (always sent). `email` is needed for the email and `email_verified` claims; `profile` for the name. Default `["email", "profile"]`.',
  }),
);

const Domain = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
      'a domain name such as example.com',
    ),
  );

const Domains = z.array(Domain).check(
  z.minLength(1),
  z.maxLength(50),
  doc({
    description:
      'Only emails in these domains (exactly; no subdomains) sign in through this provider. At least one: a provider that lets anyone choose an address must not open the desk to anyone. Each is claimed for the site: the provider makes accounts just in time for a domain only once the site verified it (`/v1/admin/sso/domains`).',
  }),
);

const DefaultRole = z.enum(SSO_DEFAULT_ROLES, { error: `one of ${SSO_DEFAULT_ROLES.join(', ')}` }).check(
  doc({
    description:
      'The role of a member made at their first sign-in (just in time). An existing member keeps the role they have.',
  }),
);

/** The longest IdP signing certificate kept (PEM). */
export const MAX_SSO_CERTIFICATE_LENGTH = 16_384;

const SamlEntityId = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(MAX_SSO_ISSUER_LENGTH),
  doc({
    omit: ['minLength'],
    description:
      'The identity provider’s entity id, exactly as its metadata names it (`entityID`): the `Issuer` of its assertions.',
  }),
);

const SamlSsoUrl = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(MAX_SSO_ISSUER_LENGTH),
  doc({
    format: 'uri',
    omit: ['minLength'],
    description:
      'The identity provider’s single sign-on service for the HTTP-Redirect binding (its metadata’s `SingleSignOnService`): `https:`. `http:` only with `PARLEY_SSO_ALLOW_HTTP` (development).',
  }),
);

const SamlCertificate = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(MAX_SSO_CERTIFICATE_LENGTH),
  doc({
    description:
      'The identity provider’s signing certificate (X.509), PEM (`-----BEGIN CERTIFICATE-----`) or its bare base64 as metadata shows it. Assertions must be signed by its key.',
  }),
);

const SamlEmailAttribute = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(256),
  doc({
    description:
      'The assertion attribute that carries the email (e.g. `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`). Default: the attributes `email`, `mail` and `urn:oid:0.9.2342.19200300.100.1.3`, then the NameID when its format is `emailAddress`.',
  }),
);

const Enabled = z.boolean().check(doc({ description: 'Default `true`.' }));

/** `POST /v1/admin/sso/providers` for an OpenID Connect provider (`kind` may be left out). */
export const OidcProviderCreate = z.strictObject({
  kind: z.optional(z.literal('oidc')),
  name: DisplayName,
  issuer: Issuer,
  clientId: ClientId,
  clientSecret: ClientSecret,
  scopes: z.optional(Scopes),
  allowedDomains: Domains,
  defaultRole: z.optional(DefaultRole),
  enabled: z.optional(Enabled),
});

/** `POST /v1/admin/sso/providers` for a SAML 2.0 identity provider. */
export const SamlProviderCreate = z.strictObject({
  kind: z.literal('saml'),
  name: DisplayName,
  idpEntityId: SamlEntityId,
  ssoUrl: SamlSsoUrl,
  idpCertificate: SamlCertificate,
  emailAttribute: z.optional(SamlEmailAttribute),
  allowedDomains: Domains,
  defaultRole: z.optional(DefaultRole),
  enabled: z.optional(Enabled),
});

/** `POST /v1/admin/sso/providers`: an OpenID Connect provider, or a SAML one (`kind: "saml"`). */
export const SsoProviderCreate = z
  .discriminatedUnion('kind', [OidcProviderCreate, SamlProviderCreate], { error: 'one of oidc, saml' })
  .check(
    doc({
      example: {
        name: 'Acme Google',
        issuer: 'https://accounts.google.com',
        clientId: '1234567890-abc.apps.googleusercontent.com',
        clientSecret: 'GOCSPX-example',
        allowedDomains: ['acme.example'],
        defaultRole: 'agent',
      },
    }),
  );
export type SsoProviderCreate = z.output<typeof SsoProviderCreate>;

/**
 * `PATCH /v1/admin/sso/providers/{id}`: what changes (a new `clientSecret` replaces the sealed one). The kind does
 * not change; a field of the other kind is refused.
 */
export const SsoProviderPatch = z
  .strictObject({
    name: z.optional(DisplayName),
    issuer: z.optional(Issuer),
    clientId: z.optional(ClientId),
    clientSecret: z.optional(ClientSecret),
    scopes: z.optional(Scopes),
    idpEntityId: z.optional(SamlEntityId),
    ssoUrl: z.optional(SamlSsoUrl),
    idpCertificate: z.optional(SamlCertificate),
    emailAttribute: z.optional(z.nullable(SamlEmailAttribute)),
    allowedDomains: z.optional(Domains),
    defaultRole: z.optional(DefaultRole),
    enabled: z.optional(z.boolean()),
  })
  .check(doc({ example: { enabled: true } }));
export type SsoProviderPatch = z.output<typeof SsoProviderPatch>;

/** The fields of a patch that only an OpenID Connect provider has, and those only a SAML one has. */
export const OIDC_ONLY_FIELDS = ['issuer', 'clientId', 'clientSecret', 'scopes'] as const;
export const SAML_ONLY_FIELDS = ['idpEntityId', 'ssoUrl', 'idpCertificate', 'emailAttribute'] as const;

const ProviderCommon = {
  id: z.string(),
  name: z.string(),
  allowedDomains: z.array(z.string()),
  defaultRole: DefaultRole,
  enabled: z.boolean(),
  createdAt: millis,
  updatedAt: millis,
};

/** An OpenID Connect provider as the admin API shows it: never its client secret. */
export const OidcProvider = z.object({
  kind: z.literal('oidc'),
  ...ProviderCommon,
  issuer: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  redirectUri: z
    .string()
    .check(
      doc({ description: 'Register this as the redirect (callback) URI at the provider: the relay’s public origin.' }),
    ),
  backChannelLogoutUri: z
    .string()
    .check(doc({ description: 'Register this as the back-channel logout URI, where the provider offers one.' })),
});
export type OidcProvider = z.output<typeof OidcProvider>;

/** A SAML 2.0 identity provider as the admin API shows it, with what to register there (the relay's side). */
export const SamlProvider = z.object({
  kind: z.literal('saml'),
  ...ProviderCommon,
  idpEntityId: z.string(),
  ssoUrl: z.string(),
  idpCertificate: z.string().check(doc({ description: 'The signing certificate, PEM (public: not a secret).' })),
  idpCertificateExpiresAt: millis,
  emailAttribute: z.nullable(z.string()),
  spEntityId: z
    .string()
    .check(doc({ description: 'The relay’s entity id for this provider (the Audience its assertions must name).' })),
  acsUrl: z.string().check(
    doc({
      description: 'The Assertion Consumer Service URL (HTTP-POST): the Recipient and Destination it must name.',
    }),
  ),
  metadataUrl: z.string().check(doc({ description: 'The relay’s SP metadata, public: give it to the provider.' })),
});
export type SamlProvider = z.output<typeof SamlProvider>;

/** A provider as the admin API shows it. */
export const SsoProvider = z.discriminatedUnion('kind', [OidcProvider, SamlProvider]);
export type SsoProvider = z.output<typeof SsoProvider>;

/** `GET /v1/admin/sso/providers`. */
export const SsoProviderList = z.object({ items: z.array(SsoProvider) });
export type SsoProviderList = z.output<typeof SsoProviderList>;

/**
 * `POST /v1/admin/sso/providers/{id}/check`: whether the issuer's discovery answers and what it offers; for a SAML
 * provider, whether its certificate is valid now.
 */
export const SsoProviderCheck = z.object({
  ok: z.boolean(),
  problem: z
    .nullable(z.string())
    .check(
      doc({ description: 'Why discovery (or, for SAML, the certificate) failed, in words; `null` when it worked.' }),
    ),
  authorizationEndpoint: z
    .nullable(z.string())
    .check(doc({ description: 'Where sign-ins go: the authorization endpoint, or the SAML single sign-on URL.' })),
  backChannelLogoutSupported: z.boolean(),
});
export type SsoProviderCheck = z.output<typeof SsoProviderCheck>;

/** `GET` and `PUT /v1/admin/sso/settings`. */
export const SsoSettings = z
  .strictObject({
    requireSso: z.boolean().check(
      doc({
        description:
          'Members of this site sign in only through a provider: passwords are refused (403 `sso_required`), invitations are accepted through a provider. Needs an enabled provider. The owner’s way back in when the provider fails: `parley-relay account break-glass`.',
      }),
    ),
  })
  .check(doc({ example: { requireSso: false } }));
export type SsoSettings = z.output<typeof SsoSettings>;

/** `GET /v1/sso/providers` (public): the buttons the sign-in page shows. Nothing secret. */
export const SsoPublicProviders = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      site: z.optional(
        z.string().check(
          doc({
            description:
              'The name of the provider’s site, when the relay holds other sites too (their admins name their providers as they like): the button says it.',
          }),
        ),
      ),
      start: z.string().check(doc({ description: 'Where the button leads (a relative address on the relay).' })),
    }),
  ),
});
export type SsoPublicProviders = z.output<typeof SsoPublicProviders>;

/** `POST /v1/sso/link`: the link token from the address's fragment, and the existing account's password. */
export const SsoLinkBody = z
  .strictObject({
    token: z.string().check(z.minLength(1), z.maxLength(200)),
    password: z.string().check(z.minLength(1), z.maxLength(1024)),
    code: z.optional(
      z
        .string()
        .check(
          z.maxLength(20),
          doc({ description: 'The account’s current two-factor code, when it has two-factor on.' }),
        ),
    ),
  })
  .check(doc({ example: { token: 'sl_…', password: 'correct horse battery staple' } }));
export type SsoLinkBody = z.output<typeof SsoLinkBody>;

/** `POST /v1/sso/link/inspect`: what a link token is for. */
export const SsoLinkInspect = z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(200)) });

/** The answer to `POST /v1/sso/link/inspect`. */
export const SsoLinkInfo = z.object({
  email: z.string(),
  provider: z.string(),
  site: z.string().check(doc({ description: 'The name of the site whose provider it is (the page says it).' })),
  totpRequired: z.boolean(),
});
export type SsoLinkInfo = z.output<typeof SsoLinkInfo>;

/** An email domain of the site's providers, and whether the site verified it (`GET /v1/admin/sso/domains`). */
export const SsoDomain = z.object({
  domain: z.string(),
  verified: z.boolean().check(
    doc({
      description:
        'Verified for this site: its providers make accounts just in time for this domain. One site of the relay at most.',
    }),
  ),
  verifiedAt: z.nullable(z.number()),
  record: z.object({ name: z.string(), type: z.literal('TXT'), value: z.string() }).check(
    doc({
      description:
        'The DNS record to publish, then `POST /v1/admin/sso/domains/verify`: at `name` (`_parley.<domain>`) or at the domain itself.',
    }),
  ),
  mail: z.nullable(z.object({ address: z.string(), sentAt: millis })).check(
    doc({
      description:
        'The other way: the code mailed to an address at the domain (`POST /v1/admin/sso/domains/mail`), waiting to be entered (`POST /v1/admin/sso/domains/confirm`); `null` when none waits.',
    }),
  ),
});
export type SsoDomain = z.output<typeof SsoDomain>;

/** `GET /v1/admin/sso/domains`. */
export const SsoDomainList = z.object({ items: z.array(SsoDomain) });
export type SsoDomainList = z.output<typeof SsoDomainList>;

/** `POST /v1/admin/sso/domains/verify`: a domain of the site's providers, checked in DNS now. */
export const SsoDomainVerify = z.strictObject({ domain: Domain }).check(doc({ example: { domain: 'acme.example' } }));
export type SsoDomainVerify = z.output<typeof SsoDomainVerify>;

/**
 * The mailboxes at a domain a code may verify it by: those the CA/Browser Forum's Baseline Requirements let a
 * certificate authority mail to prove control of a domain (3.2.2.4.4, "constructed email"), which a domain's owner
 * keeps for its administrators. Any other address at the domain may be anyone's: an employee's mailbox must not let
 * one site of the relay take the company's domain from the company's own site.
 */
export const DOMAIN_ADMIN_MAILBOXES = ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'] as const;

/**
 * `POST /v1/admin/sso/domains/mail`: verify a domain of the site's providers by mail instead of DNS. A code goes to
 * `address`, one of the domain's administrative mailboxes ({@link DOMAIN_ADMIN_MAILBOXES}) at the domain itself.
 */
export const SsoDomainMail = z
  .strictObject({
    domain: Domain,
    address: z.string().check(
      z.trim(),
      z.toLowerCase(),
      z.maxLength(254),
      z.refine(isAddress, { error: 'must be one plain address, like admin@acme.example' }),
      doc({
        description:
          'Where the code goes: `admin@`, `administrator@`, `hostmaster@`, `postmaster@` or `webmaster@` the domain (stored lower-cased).',
      }),
    ),
  })
  .check(
    z.refine((body) => body.address.slice(body.address.lastIndexOf('@') + 1) === body.domain, {
      error: 'must be an address at the domain',
      path: ['address'],
    }),
    z.refine(
      (body) =>
        (DOMAIN_ADMIN_MAILBOXES as readonly string[]).includes(body.address.slice(0, body.address.lastIndexOf('@'))),
      {
        error: `must be one of the domain's administrative mailboxes: ${DOMAIN_ADMIN_MAILBOXES.map((box) => `${box}@`).join(', ')}`,
        path: ['address'],
      },
    ),
    doc({ example: { domain: 'acme.example', address: 'postmaster@acme.example' } }),
  );
export type SsoDomainMail = z.output<typeof SsoDomainMail>;

/** `POST /v1/admin/sso/domains/confirm`: the code mailed to the domain's address. */
export const SsoDomainConfirm = z
  .strictObject({
    domain: Domain,
    code: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(32),
        doc({ description: 'The code from the email (case, spaces and dashes do not matter).' }),
      ),
  })
  .check(doc({ example: { domain: 'acme.example', code: 'K7QX-M2PD-9WHA' } }));
export type SsoDomainConfirm = z.output<typeof SsoDomainConfirm>;
