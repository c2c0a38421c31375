import { HelpPublicArticle, HelpSearchResult } from '@parley/protocol/admin';
import { type Json, errorRef, ok, query } from '../http/openapi/openapi-parts.js';

const tag = 'help-center';

/** A published article's place: the site's public key, the article's locale and its slug. */
const ARTICLE_PATH_PARAMETERS = [
  { name: 'siteKey', in: 'path', required: true, description: 'The site’s public key.', schema: { type: 'string' } },
  { name: 'locale', in: 'path', required: true, description: 'The article’s locale.', schema: { type: 'string' } },
  { name: 'slug', in: 'path', required: true, description: 'The article’s slug.', schema: { type: 'string' } },
];

/**
 * How the API document describes the help center's public routes (`help-public.ts` serves them): they are not admin
 * routes, so they carry no prose of their own (the admin routes' is in `help-routes.ts`).
 */
export const helpPaths = (): Record<string, Json> => ({
  '/v1/help/{siteKey}/search': {
    get: {
      summary: 'Search a site’s help center',
      description: [
        'The site’s published articles in one locale that match the query, best first (at most 10, or `limit` up to 20). Words are stemmed for the locale’s language; a word of 4 letters or more that no article holds is taken for the nearest one that does (1 edit, 2 from 8 letters), and `corrected` says how the query was read. With `prefix=1` the last word may be unfinished (search as you type). A query of no words lists the locale’s latest published articles (the widget’s Help tab, before the visitor searches).',
        'No token: the widget and the portal call it. CORS: any origin (published articles are public). Limited per client address (429 `rate_limited`).',
      ].join('\n\n'),
      tags: [tag],
      security: [],
      'x-admin-only': false,
      'x-visitor': true,
      parameters: [
        {
          name: 'siteKey',
          in: 'path',
          required: true,
          description: 'The site’s public key.',
          schema: { type: 'string' },
        },
        {
          name: 'q',
          in: 'query',
          required: true,
          description: 'The query (up to 200 characters).',
          schema: { type: 'string' },
        },
        query('locale', 'The articles’ locale; default `en`.', { type: 'string' }),
        query('prefix', '`1`: the last word may be unfinished.', { type: 'string', enum: ['0', '1'] }),
        query('limit', 'At most this many, 1–20; default 10.', { type: 'integer', minimum: 1, maximum: 20 }),
      ],
      responses: {
        ...ok('The articles found.', HelpSearchResult),
        '400': errorRef('BadRequest'),
        '404': errorRef('NotFound'),
        '429': errorRef('RateLimited'),
      },
    },
  },
  '/v1/help/{siteKey}/articles/{locale}/{slug}/feedback': {
    post: {
      summary: 'Say whether a published article helped',
      description: [
        'The widget’s “Did this help?”: a form body `helpful=yes` or `helpful=no` (`application/x-www-form-urlencoded`, a CORS simple request: no preflight). No token, no cookie; CORS: any origin.',
        'One vote per visitor and article a day: a visitor is a keyed hash of their address and user agent (the key is random per relay process and nothing else is kept), so a second vote within 24 hours answers `counted: false`. Limited per client address (20 in a row, then one every 5 seconds; 429 `rate_limited`). The portal’s article page posts the same vote as a plain form to `/help/{siteKey}/{locale}/{slug}/feedback`, which takes it only from the portal’s own pages (`Origin`) and answers with a redirect back to the article.',
      ].join('\n\n'),
      tags: [tag],
      security: [],
      'x-admin-only': false,
      'x-visitor': true,
      parameters: ARTICLE_PATH_PARAMETERS,
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: {
              type: 'object',
              required: ['helpful'],
              properties: { helpful: { type: 'string', enum: ['yes', 'no'] } },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'Taken; `counted` is false for a repeated vote.',
          content: {
            'application/json': {
              schema: { type: 'object', required: ['counted'], properties: { counted: { type: 'boolean' } } },
            },
          },
        },
        '400': errorRef('BadRequest'),
        '404': errorRef('NotFound'),
        '429': errorRef('RateLimited'),
      },
    },
  },
  '/v1/help/{siteKey}/articles/{locale}/{slug}': {
    get: {
      summary: 'Read a published article',
      description:
        'For the widget’s panel: the title, the body rendered (safe HTML) and its address on the portal. Drafts and unknown articles are 404. No token; CORS: any origin; limited per client address with the portal’s pages (429 `rate_limited`).',
      tags: [tag],
      security: [],
      'x-admin-only': false,
      'x-visitor': true,
      parameters: ARTICLE_PATH_PARAMETERS,
      responses: {
        ...ok('The article.', HelpPublicArticle),
        '404': errorRef('NotFound'),
        '429': errorRef('RateLimited'),
      },
    },
  },
});
