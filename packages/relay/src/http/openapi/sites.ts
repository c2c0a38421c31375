import { type Json, body, ok, operation, page, ref } from './openapi-parts.js';

const origins: Json = {
  type: 'array',
  description: 'Origins whose pages may open the chat (`https://example.com`), or `*` for any.',
  items: { type: 'string' },
  minItems: 1,
  maxItems: 50,
};

const ownSite: Json = {
  type: 'object',
  required: ['id', 'name', 'siteKey', 'allowedOrigins', 'requireIdentity', 'configured'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string', description: 'Shown to visitors: the title of the widget (each new connection reads it).' },
    siteKey: { type: 'string', description: 'Public: goes in the widget’s script tag.' },
    allowedOrigins: origins,
    requireIdentity: { type: 'boolean' },
    configured: {
      type: 'object',
      description:
        'Which fields the relay’s configuration sets for its default site (`PARLEY_SITE_NAME`, `PARLEY_ALLOWED_ORIGINS`, `PARLEY_IDENTITY_SECRET`): they win at every start, so the API refuses to change them (409). Always false for other sites.',
      required: ['name', 'allowedOrigins', 'identitySecret'],
      properties: {
        name: { type: 'boolean' },
        allowedOrigins: { type: 'boolean' },
        identitySecret: { type: 'boolean' },
      },
    },
  },
};

const operatorNote =
  "Only admins of the relay's default site (the operator's) may call this; admins of other sites get 403 `forbidden`.";

/** The sites one relay serves. (`admin-routes/sites.ts` serves them; `parley-relay site` does the same.) */
export const sitePaths: Record<string, Json> = {
  '/v1/admin/sites': {
    get: operation(
      'Sites',
      `Every site this relay serves, oldest first (never their identity secrets). ${operatorNote}`,
      {
        tag: 'sites',
        adminOnly: true,
        responses: ok('Sites.', page('Site', false)),
      },
    ),
    post: operation(
      'Create a site',
      `Adds a site with its own public key, identity secret and first admin token. The token is in this answer only; only its hash is stored. A running relay serves the site at once. ${operatorNote}`,
      {
        tag: 'sites',
        adminOnly: true,
        requestBody: body({
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 120 },
            allowedOrigins: {
              type: 'array',
              description:
                'Origins whose pages may open the chat (`https://example.com`), or `*` for any. Default `["*"]`.',
              items: { type: 'string' },
              minItems: 1,
              maxItems: 50,
            },
          },
        }),
        responses: ok(
          'Created.',
          {
            allOf: [
              ref('Site'),
              { type: 'object', required: ['adminToken'], properties: { adminToken: { type: 'string' } } },
            ],
          },
          '201',
        ),
      },
    ),
  },
  '/v1/admin/site': {
    get: operation(
      'This site',
      'The caller’s own site: its name, public key, allowed origins, and which of them the relay’s configuration fixes. Never its identity secret.',
      { tag: 'sites', adminOnly: true, responses: ok('The site.', ownSite) },
    ),
    patch: operation(
      'Rename the site or change its origins',
      'Each new visitor connection reads them: the widget’s title is the site’s name, and a page whose origin is not allowed is refused at once (open connections stay until they reconnect). Audited (`site.update`). 409 `conflict` when the relay’s configuration sets the field (see `configured`).',
      {
        tag: 'sites',
        adminOnly: true,
        conflict: true,
        requestBody: body({
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 120 }, allowedOrigins: origins },
        }),
        responses: ok('The site now.', ownSite),
      },
    ),
  },
  '/v1/admin/site/identity-secret': {
    post: operation(
      'Rotate the identity secret',
      'Makes a new identity secret (the HMAC key your backend signs identified users with) and answers with it: the only time it is shown, only its sealed form is stored. The old secret stops verifying at once, with no overlap: a visitor hello signed with it is refused (`identity_refused`) until your backend signs with the new one. Audited (`site.identity_secret.rotate`, without the secret). 409 `conflict` when `PARLEY_IDENTITY_SECRET` sets it.',
      {
        tag: 'sites',
        adminOnly: true,
        conflict: true,
        responses: ok('The new secret.', {
          type: 'object',
          required: ['identitySecret'],
          properties: { identitySecret: { type: 'string' } },
        }),
      },
    ),
  },
};
