import {
  HelpArticle,
  HelpArticleCreate,
  HelpArticleList,
  HelpArticlePatch,
  HelpCollection,
  HelpCollectionCreate,
  HelpCollectionList,
  HelpCollectionPatch,
  HelpDomain,
  HelpDomainPut,
  HelpFeedbackReport,
  HelpPreview,
  HelpPreviewRequest,
  HelpPublicArticle,
  HelpSearchResult,
} from '@parley/protocol/admin';
import { type Json, body, errorRef, idParam, ok, operation, query } from '../http/openapi/openapi-parts.js';

const tag = 'help-center';

/** How the API document describes the help center's routes (`help-routes.ts`, `help-public.ts` serve them). */
/** A published article's place: the site's public key, the article's locale and its slug. */
const ARTICLE_PATH_PARAMETERS = [
  { name: 'siteKey', in: 'path', required: true, description: 'The site’s public key.', schema: { type: 'string' } },
  { name: 'locale', in: 'path', required: true, description: 'The article’s locale.', schema: { type: 'string' } },
  { name: 'slug', in: 'path', required: true, description: 'The article’s slug.', schema: { type: 'string' } },
];

export const helpPaths = (): Record<string, Json> => ({
  '/v1/admin/help/collections': {
    get: operation('List the help center’s collections', 'In the portal’s order (`position`, then name).', {
      tag,
      responses: ok('The collections.', HelpCollectionList),
    }),
    post: operation('Add a collection', 'Its slug is unique on the site (409 `conflict`). At most 200.', {
      tag,
      adminOnly: true,
      requestBody: body(HelpCollectionCreate),
      conflict: true,
      responses: ok('Added.', HelpCollection, '201'),
    }),
  },
  '/v1/admin/help/collections/{id}': {
    patch: operation('Change a collection', 'Any of its fields.', {
      tag,
      adminOnly: true,
      parameters: [idParam('collection')],
      requestBody: body(HelpCollectionPatch),
      notFound: true,
      conflict: true,
      responses: ok('Changed.', HelpCollection),
    }),
    delete: operation('Delete a collection', 'Its articles stay, in no collection.', {
      tag,
      adminOnly: true,
      parameters: [idParam('collection')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
  '/v1/admin/help/articles': {
    get: operation('List articles', 'Without their bodies, the latest changed first.', {
      tag,
      parameters: [
        query('status', 'Only `draft` or only `published` ones.', { type: 'string', enum: ['draft', 'published'] }),
        query('locale', 'Only this locale’s.', { type: 'string' }),
        query('collection', 'Only this collection’s (its id).', { type: 'string' }),
      ],
      responses: ok('The articles.', HelpArticleList),
    }),
    post: operation(
      'Write an article',
      'Its author is the caller; a `draft` unless `status` says `published`. Its slug is unique on the site per locale (409 `conflict`). The answer carries the body rendered (`html`), as the portal shows it: raw HTML in the Markdown is shown as text, links go only to http(s), `mailto:` and anchors, images only from http(s) or the relay’s attachments.',
      {
        tag,
        requestBody: body(HelpArticleCreate),
        conflict: true,
        responses: ok('Written.', HelpArticle, '201'),
      },
    ),
  },
  '/v1/admin/help/domain': {
    get: operation('The portal’s custom domain', 'The site’s custom domain (`null`: none) and where its portal is.', {
      tag,
      responses: ok('The domain.', HelpDomain),
    }),
    put: operation(
      'Set the portal’s custom domain',
      'The relay then serves the site’s portal at `/` of requests whose `Host` is this name (its articles at `/<locale>/<slug>`, `/sitemap.xml`, `/search`), and every portal address it gives (canonical URLs, the sitemap, search results, the FAQ bot’s links, the widget’s) is `https://<host>/…`. The operator points the name’s DNS at the proxy in front of the relay and gives it a TLS certificate there (docs/help-center.md). A lower-case host name, not an IP address nor the relay’s own host; unique across sites (409 `conflict`). `null` removes it.',
      {
        tag,
        adminOnly: true,
        requestBody: body(HelpDomainPut),
        conflict: true,
        responses: ok('Set.', HelpDomain),
      },
    ),
  },
  '/v1/admin/reports/help-feedback': {
    get: operation(
      'Help center feedback over a range',
      '“Did this help?” per article: the votes of the UTC days that overlap `[from, to)` (votes are kept per article and UTC day), the most voted first; articles without votes in the range are left out.',
      {
        tag,
        parameters: [
          {
            name: 'from',
            in: 'query',
            required: true,
            description: 'Start of the range (ms since 1970), included.',
            schema: { type: 'integer' },
          },
          {
            name: 'to',
            in: 'query',
            required: true,
            description: 'End of the range (ms since 1970), excluded.',
            schema: { type: 'integer' },
          },
        ],
        responses: ok('The votes per article.', HelpFeedbackReport),
      },
    ),
  },
  '/v1/admin/help/preview': {
    post: operation(
      'Preview an article’s body',
      'Renders Markdown exactly as a write would (the same renderer, rules and 2-second limit: a body too complex is 400) and stores nothing: the inbox editor’s live preview.',
      {
        tag,
        requestBody: body(HelpPreviewRequest),
        responses: ok('The body rendered.', HelpPreview),
      },
    ),
  },
  '/v1/admin/help/articles/{id}': {
    get: operation('Read an article', 'With its Markdown and its rendered HTML (the editor’s preview).', {
      tag,
      parameters: [idParam('article')],
      notFound: true,
      responses: ok('The article.', HelpArticle),
    }),
    patch: operation(
      'Change an article',
      'Any of its fields; `status: "published"` publishes it (its `publishedAt` is the first time), `"draft"` takes it off the portal and out of search.',
      {
        tag,
        parameters: [idParam('article')],
        requestBody: body(HelpArticlePatch),
        notFound: true,
        conflict: true,
        responses: ok('Changed.', HelpArticle),
      },
    ),
    delete: operation('Delete an article', 'At once, from the portal and the search.', {
      tag,
      adminOnly: true,
      parameters: [idParam('article')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
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
