import * as z from 'zod/mini';
import { doc, millis } from './document.js';

/** OpenID Connect single sign-on for staff (docs/accounts.md, "Single sign-on"): what the API takes and answers. */

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
      'Only emails in these domains (exactly; no subdomains) sign in through this provider. At least one: a provider that lets anyone choose an address must not open the desk to anyone.',
  }),
);

const DefaultRole = z.enum(SSO_DEFAULT_ROLES, { error: `one of ${SSO_DEFAULT_ROLES.join(', ')}` }).check(
  doc({
    description:
      'The role of a member made at their first sign-in (just in time). An existing member keeps the role they have.',
  }),
);

/** `POST /v1/admin/sso/providers`. */
export const SsoProviderCreate = z
  .strictObject({
    name: DisplayName,
    issuer: Issuer,
    clientId: ClientId,
    clientSecret: ClientSecret,
    scopes: z.optional(Scopes),
    allowedDomains: Domains,
    defaultRole: z.optional(DefaultRole),
    enabled: z.optional(z.boolean().check(doc({ description: 'Default `true`.' }))),
  })
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

/** `PATCH /v1/admin/sso/providers/{id}`: what changes (a new `clientSecret` replaces the sealed one). */
export const SsoProviderPatch = z
  .strictObject({
    name: z.optional(DisplayName),
    issuer: z.optional(Issuer),
    clientId: z.optional(ClientId),
    clientSecret: z.optional(ClientSecret),
    scopes: z.optional(Scopes),
    allowedDomains: z.optional(Domains),
    defaultRole: z.optional(DefaultRole),
    enabled: z.optional(z.boolean()),
  })
  .check(doc({ example: { enabled: true } }));
export type SsoProviderPatch = z.output<typeof SsoProviderPatch>;

/** A provider as the admin API shows it: never its client secret. */
export const SsoProvider = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  allowedDomains: z.array(z.string()),
  defaultRole: DefaultRole,
  enabled: z.boolean(),
  redirectUri: z
    .string()
    .check(
      doc({ description: 'Register this as the redirect (callback) URI at the provider: the relay’s public origin.' }),
    ),
  backChannelLogoutUri: z
    .string()
    .check(doc({ description: 'Register this as the back-channel logout URI, where the provider offers one.' })),
  createdAt: millis,
  updatedAt: millis,
});
export type SsoProvider = z.output<typeof SsoProvider>;

/** `GET /v1/admin/sso/providers`. */
export const SsoProviderList = z.object({ items: z.array(SsoProvider) });
export type SsoProviderList = z.output<typeof SsoProviderList>;

/** `POST /v1/admin/sso/providers/{id}/check`: whether the issuer's discovery answers and what it offers. */
export const SsoProviderCheck = z.object({
  ok: z.boolean(),
  problem: z.nullable(z.string()).check(doc({ description: 'Why discovery failed, in words; `null` when it worked.' })),
  authorizationEndpoint: z.nullable(z.string()),
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
  totpRequired: z.boolean(),
});
export type SsoLinkInfo = z.output<typeof SsoLinkInfo>;
