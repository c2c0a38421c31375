import {
  SsoDomain,
  SsoDomainConfirm,
  SsoDomainList,
  SsoDomainMail,
  SsoDomainVerify,
  SsoLinkBody,
  SsoLinkInfo,
  SsoLinkInspect,
  SsoProvider,
  SsoProviderCheck,
  SsoProviderCreate,
  SsoProviderList,
  SsoProviderPatch,
  SsoPublicProviders,
  SsoSettings,
  Session,
} from '@parley/protocol/admin';
import {
  type Json,
  answer,
  body,
  errorRef,
  errorResponse,
  idParam,
  ok,
  operation,
} from '../http/openapi/openapi-parts.js';

const tag = 'sso';

/** A public route of the sign-in (no credentials; limited per address). */
function publicRoute(
  summary: string,
  description: string,
  options: { requestBody?: Json; responses: Record<string, Json>; parameters?: Json[] },
): Json {
  return {
    summary,
    description: `${description}\n\nPublic: limited per address. Never cached (\`cache-control: no-store\`).`,
    tags: [tag],
    security: [],
    'x-admin-only': false,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.requestBody ? { requestBody: options.requestBody } : {}),
    responses: { ...options.responses, '429': errorRef('RateLimited') },
  };
}

const redirect = (description: string): Record<string, Json> => ({
  '302': { description, headers: { location: { schema: { type: 'string' } } } },
});

/** How the API document describes single sign-on's routes (`sso-routes.ts`, `sso-http.ts` serve them). */
export const ssoPaths = (): Record<string, Json> => ({
  '/v1/admin/sso/providers': {
    get: operation(
      'List the site’s identity providers',
      'OpenID Connect and SAML 2.0 (`kind`). Never a client secret.',
      {
        tag,
        adminOnly: true,
        responses: ok('The providers, oldest first.', SsoProviderList),
      },
    ),
    post: operation(
      'Add an identity provider',
      'An OpenID Connect provider (`kind` `oidc`, the default): its issuer (discovered when a sign-in starts, or now with `…/check`), the client registered there, the scopes. Its secret is sealed with the relay’s data key and never answered; register the answer’s `redirectUri` at the provider.\n\nA SAML 2.0 identity provider (`kind` `saml`): its entity id, its single sign-on URL (HTTP-Redirect binding), its signing certificate (a certificate that does not parse is refused with 400), and optionally the attribute that carries the email. Register the answer’s `spEntityId` (the Audience), `acsUrl` (HTTP-POST) or simply its `metadataUrl` at the provider. Assertions must be signed by that certificate.\n\nBoth: the email domains it may sign in, and the role of members it makes just in time.',
      {
        tag,
        adminOnly: true,
        requestBody: body(SsoProviderCreate),
        responses: ok('Added.', SsoProvider, '201'),
      },
    ),
  },
  '/v1/admin/sso/providers/{id}': {
    patch: operation(
      'Change an identity provider',
      'A new `clientSecret` replaces the sealed one. The kind does not change: a field of the other kind is refused (400), as is a SAML certificate that does not parse. Disabling the last enabled provider of a site that requires single sign-on is refused (409 `conflict`).',
      {
        tag,
        adminOnly: true,
        parameters: [idParam('provider')],
        requestBody: body(SsoProviderPatch),
        notFound: true,
        conflict: true,
        responses: ok('Changed.', SsoProvider),
      },
    ),
    delete: operation(
      'Delete an identity provider',
      'Its links to accounts go with it (the accounts and their memberships stay). The last enabled provider of a site that requires single sign-on is refused (409 `conflict`).',
      {
        tag,
        adminOnly: true,
        parameters: [idParam('provider')],
        notFound: true,
        conflict: true,
        responses: { '204': { description: 'Deleted.' } },
      },
    ),
  },
  '/v1/admin/sso/providers/{id}/check': {
    post: operation(
      'Check an identity provider',
      'OpenID Connect: fetches the issuer’s discovery document now and says whether it answered, and whether it offers back-channel logout. SAML: whether the signing certificate is valid now (`authorizationEndpoint` is the single sign-on URL).',
      {
        tag,
        adminOnly: true,
        parameters: [idParam('provider')],
        notFound: true,
        responses: ok('What discovery found.', SsoProviderCheck),
      },
    ),
  },
  '/v1/admin/sso/domains': {
    get: operation(
      'The email domains of the site’s providers',
      'Every domain a provider of the site allows (claimed when the provider is saved), whether the site verified it, and the DNS record that verifies it. A provider makes accounts just in time only for a verified domain; identities linked before, and links of the site’s members after their password, work either way.',
      { tag, adminOnly: true, responses: ok('The domains.', SsoDomainList) },
    ),
  },
  '/v1/admin/sso/domains/verify': {
    post: operation(
      'Verify an email domain in DNS',
      'Looks up the TXT record `parley-domain-verification=<token>` (the domain’s `record`) at `_parley.<domain>` or at the domain itself, now. Found: the domain is verified for this site (`verified: true`). Not found: `verified: false`, try again once the record is published. One domain is verified for one site of the relay: 409 `conflict` when another site has it. 404 when no provider of the site allows the domain.',
      {
        tag,
        adminOnly: true,
        requestBody: body(SsoDomainVerify),
        notFound: true,
        conflict: true,
        responses: ok('The domain, verified or not.', SsoDomain),
      },
    ),
  },
  '/v1/admin/sso/domains/mail': {
    post: operation(
      'Verify an email domain by mail: send a code',
      'The other way to verify a domain, without DNS: emails a one-time code to `address`, one of the domain’s administrative mailboxes (`admin@`, `administrator@`, `hostmaster@`, `postmaster@` or `webmaster@` the domain itself, those a certificate authority may mail to prove control of a domain; 400 otherwise), for whoever reads it to enter with `POST /v1/admin/sso/domains/confirm`. A code, not a link: it needs no public URL. The domain’s `mail` then names the address; a new code replaces the one before. At most one a minute for a domain of the site (429 `rate_limited`, `retry-after`). 404 when no provider of the site allows the domain; 409 `conflict` when it is verified already, for this site or another (one domain, one site); 503 `email_unavailable` when the relay sends no email (no SMTP) or the code could not be sent (nothing is kept then).',
      {
        tag,
        adminOnly: true,
        requestBody: body(SsoDomainMail),
        notFound: true,
        conflict: true,
        responses: {
          ...ok('Sent: the domain, with the address the code went to in `mail`.', SsoDomain),
          '503': errorResponse('`email_unavailable`: no SMTP, or the code could not be sent.'),
        },
      },
    ),
  },
  '/v1/admin/sso/domains/confirm': {
    post: operation(
      'Verify an email domain by mail: enter the code',
      'The code mailed by `POST /v1/admin/sso/domains/mail` (case, spaces and dashes do not matter). Right: the domain is verified for this site (`verified: true`). A code works for 24 hours and for 5 tries, right or wrong, counted as they come in (400 `bad_request`, saying which: not the code, or no longer works; then send a new one); only its SHA-256 is kept. 404 when no provider of the site allows the domain or no code was sent; 409 `conflict` when it is verified already, or another site verified it first (one domain, one site).',
      {
        tag,
        adminOnly: true,
        requestBody: body(SsoDomainConfirm),
        notFound: true,
        conflict: true,
        responses: ok('The domain, verified.', SsoDomain),
      },
    ),
  },
  '/v1/admin/sso/settings': {
    get: operation('Whether the site requires single sign-on', '', {
      tag,
      adminOnly: true,
      responses: ok('The setting.', SsoSettings),
    }),
    put: operation(
      'Require single sign-on, or not',
      'Required: passwords of the site’s members are refused with 403 `sso_required` (after the password proved right, so the answer tells nothing to who does not know it), and invitations to the site are not accepted with a password. Two-factor is then the provider’s business: a site’s two-factor rule does not apply to sessions a provider opened. Turning it on ends the site’s sessions that a password opened (their sockets close with 4014), except the caller’s own. Needs an enabled provider (409 `conflict`).',
      {
        tag,
        adminOnly: true,
        requestBody: body(SsoSettings),
        conflict: true,
        responses: ok('Saved.', SsoSettings),
      },
    ),
  },
  '/v1/sso/providers': {
    get: publicRoute(
      'The sign-in page’s providers',
      'The enabled providers of the site being signed in to (`site`, the default site without it): each one’s name and where its button leads. Nothing secret; another site’s providers are never listed.',
      {
        parameters: [
          {
            name: 'site',
            in: 'query',
            required: false,
            description: 'The site’s id (`default` when left out).',
            schema: { type: 'string', pattern: '^[\\w-]{1,64}$' },
          },
        ],
        responses: { ...ok('The providers.', SsoPublicProviders), '400': errorRef('BadRequest') },
      },
    ),
  },
  '/v1/sso/start/{id}': {
    get: publicRoute(
      'Start a sign-in through a provider',
      'OpenID Connect: redirects to the provider’s authorization endpoint (authorization code flow, PKCE S256, a state and a nonce, all kept by the relay) and sets `__Host-parley_sso` (HttpOnly, `SameSite=Lax`, ten minutes), which ties the sign-in to this browser. SAML: redirects to the single sign-on URL with an AuthnRequest (HTTP-Redirect binding; its id kept by the relay, once, ten minutes) and sets `__Host-parley_saml` (HttpOnly, `SameSite=None` because the IdP POSTs back from its own site, ten minutes). A disabled or unknown provider redirects to `/admin#sso-error=not_found`.',
      { parameters: [idParam('provider')], responses: redirect('To the provider.') },
    ),
  },
  '/v1/sso/callback/{id}': {
    get: publicRoute(
      'The provider’s redirect back (the redirect URI)',
      'Takes `code`, `state` (and `iss`) from the provider. The sign-in is used once and must come back to the browser that started it; the code is exchanged with the PKCE verifier and the ID token verified (signature, issuer, audience, expiry, nonce). Then: a session (the cookie, as a password sign-in sets it) and a redirect to `/admin`; or, for the email of an existing account not linked yet and a member of the provider’s site, `/admin#sso-link=<token>` (and the `__Host-parley_sso_link` cookie that binds it to this browser) where the inbox asks that account’s password (`POST /v1/sso/link`); or `/admin#sso-error=<code>` (`sso_failed`: expired, replayed, another browser, or the provider’s answer refused; `sso_refused`: email not verified, not in an allowed domain, the account of the email not a member of the provider’s site, or the membership deactivated).',
      { parameters: [idParam('provider')], responses: redirect('To the inbox.') },
    ),
  },
  '/v1/sso/saml/{id}/metadata': {
    get: publicRoute(
      'A SAML provider’s SP metadata',
      'The relay’s SAML service provider metadata for this provider (`application/samlmetadata+xml`): its entity id (this address), its Assertion Consumer Service (HTTP-POST), `WantAssertionsSigned="true"`, NameID format `emailAddress`. Give this URL (or the file) to the identity provider. An unknown, disabled or OpenID provider answers 404.',
      {
        parameters: [idParam('provider')],
        responses: {
          '200': {
            description: 'The metadata.',
            content: { 'application/samlmetadata+xml': { schema: { type: 'string' } } },
          },
          '404': errorRef('NotFound'),
        },
      },
    ),
  },
  '/v1/sso/saml/{id}/acs': {
    post: publicRoute(
      'A SAML provider’s response (the Assertion Consumer Service)',
      'The IdP POSTs `SAMLResponse` (HTTP-POST binding, form-encoded). Refused (`/admin#sso-error=sso_failed`) unless: its InResponseTo is an AuthnRequest this relay made for this provider in this browser (`__Host-parley_saml`), unused and under ten minutes old; its one assertion is signed by the provider’s certificate (a signed envelope alone is not enough); the assertion’s Issuer is the provider’s entity id, its Audience this provider’s `spEntityId`, its bearer Recipient (and the response’s Destination, when given) this ACS URL; NotBefore and NotOnOrAfter hold within two minutes of skew; and neither the assertion’s id nor the response’s was accepted before (kept until they expire). Then as the OpenID callback: a session and `/admin`, `/admin#sso-link=<token>`, or `/admin#sso-error=sso_refused` (no email, an email outside the allowed domains, a deactivated membership).',
      {
        parameters: [idParam('provider')],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['SAMLResponse'],
                properties: { SAMLResponse: { type: 'string' }, RelayState: { type: 'string' } },
              },
            },
          },
        },
        responses: redirect('To the inbox.'),
      },
    ),
  },
  '/v1/sso/link/inspect': {
    post: publicRoute(
      'What a pending link is for',
      'The email, provider and provider’s site of a `#sso-link=` token, in the browser the sign-in came back to only (its `__Host-parley_sso_link` cookie, `SameSite=Strict`); elsewhere 404, as an unknown token.',
      {
        requestBody: body(SsoLinkInspect),
        responses: { ...ok('The link.', SsoLinkInfo), '404': errorRef('NotFound') },
      },
    ),
  },
  '/v1/sso/link': {
    post: publicRoute(
      'Link a provider’s identity to an existing account',
      'With the existing account’s password (and its two-factor code when it has two-factor on): the identity is linked, and signs in from then on without the password. A wrong password counts as a failed sign-in of the email (401 `login_failed`, throttled like a sign-in). The token works once, for 15 minutes, and only in the browser the sign-in came back to (its `__Host-parley_sso_link` cookie; elsewhere 404): a link sent to someone else links nothing with their password.',
      {
        requestBody: body(SsoLinkBody),
        responses: {
          '200': {
            ...(answer('Linked and signed in: the session, and its cookie.', Session) as Record<string, Json>),
            headers: { 'set-cookie': { schema: { type: 'string' } } },
          },
          '401': errorRef('Unauthorized'),
          '404': errorRef('NotFound'),
        },
      },
    ),
  },
  '/v1/sso/backchannel-logout/{id}': {
    post: publicRoute(
      'Back-channel logout (OpenID Connect Back-Channel Logout 1.0)',
      'The provider POSTs a `logout_token` (form-encoded). Verified against the issuer’s keys (issuer, audience, `iat`, `jti` used once, the logout event, a `sub` or `sid`, no `nonce`): the Parley sessions that provider opened for that subject (or that provider session) end at once, and their sockets close. A refused token answers 400 `invalid_request`.',
      {
        parameters: [idParam('provider')],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: { type: 'object', required: ['logout_token'], properties: { logout_token: { type: 'string' } } },
            },
          },
        },
        responses: { '200': { description: 'The sessions ended.' }, '400': { description: 'The token was refused.' } },
      },
    ),
  },
});
