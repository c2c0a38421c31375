import { SsoLinkBody, SsoLinkInfo, SsoLinkInspect, SsoPublicProviders, Session } from '@parley/protocol/admin';
import { type Json, answer, body, errorRef, idParam, ok } from '../http/openapi/openapi-parts.js';

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

/**
 * A step of the browser's sign-in: a redirect the browser follows, not a call a client makes. The document lists these
 * under `x-browser-navigations` rather than `paths` (admin-openapi.ts), so client generators make no method of them.
 */
const navigation = (operation: Json): Json => ({
  ...(operation as Record<string, Json>),
  'x-browser-navigation': true,
});

/** `operation` with its own action's name in its `operationId` (http/openapi/operation-ids.ts). */
const withAction = (operationId: string, operation: Json): Json => ({
  ...(operation as Record<string, Json>),
  operationId,
});

const redirect = (description: string): Record<string, Json> => ({
  '302': { description, headers: { location: { schema: { type: 'string' } } } },
});

/**
 * How the API document describes single sign-on's public routes of the sign-in (`sso-http.ts` serves them, outside the
 * admin API); its admin routes carry their own prose (`sso-routes.ts`).
 */
export const ssoPaths = (): Record<string, Json> => ({
  '/v1/sso/providers': {
    // The admin API's `GET /v1/admin/sso/providers` would derive the same id.
    get: withAction(
      'getSignInProviders',
      publicRoute(
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
    ),
  },
  '/v1/sso/start/{id}': {
    get: navigation(
      publicRoute(
        'Start a sign-in through a provider',
        'OpenID Connect: redirects to the provider’s authorization endpoint (authorization code flow, PKCE S256, a state and a nonce, all kept by the relay) and sets `__Host-parley_sso` (HttpOnly, `SameSite=Lax`, ten minutes), which ties the sign-in to this browser. SAML: redirects to the single sign-on URL with an AuthnRequest (HTTP-Redirect binding; its id kept by the relay, once, ten minutes) and sets `__Host-parley_saml` (HttpOnly, `SameSite=None` because the IdP POSTs back from its own site, ten minutes). A disabled or unknown provider redirects to `/admin#sso-error=not_found`.',
        { parameters: [idParam('provider')], responses: redirect('To the provider.') },
      ),
    ),
  },
  '/v1/sso/callback/{id}': {
    get: navigation(
      publicRoute(
        'The provider’s redirect back (the redirect URI)',
        'Takes `code`, `state` (and `iss`) from the provider. The sign-in is used once and must come back to the browser that started it; the code is exchanged with the PKCE verifier and the ID token verified (signature, issuer, audience, expiry, nonce). Then: a session (the cookie, as a password sign-in sets it) and a redirect to `/admin`; or, for the email of an existing account not linked yet and a member of the provider’s site, `/admin#sso-link=<token>` (and the `__Host-parley_sso_link` cookie that binds it to this browser) where the inbox asks that account’s password (`POST /v1/sso/link`); or `/admin#sso-error=<code>` (`sso_failed`: expired, replayed, another browser, or the provider’s answer refused; `sso_refused`: email not verified, not in an allowed domain, the account of the email not a member of the provider’s site, or the membership deactivated).',
        { parameters: [idParam('provider')], responses: redirect('To the inbox.') },
      ),
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
    post: navigation(
      publicRoute(
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
