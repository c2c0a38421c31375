import { type Json, body, ok, operation, page, ref } from './openapi-parts.js';

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
};
