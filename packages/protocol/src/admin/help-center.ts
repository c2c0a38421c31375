import * as z from 'zod/mini';
import { NOT_VERBATIM, isVerbatim } from '../verbatim.js';
import { doc } from './document.js';

/** The help center (issue #42): a site's articles in Markdown, grouped in collections, per locale. */

/** The most bytes of Markdown an article's body holds: rendering and indexing stay bounded (well under 50 ms). */
export const MAX_ARTICLE_BODY = 65_536;

const text = (max: number, description: string) =>
  z
    .string()
    .check(z.minLength(1), z.maxLength(max), z.refine(isVerbatim, { error: NOT_VERBATIM }), doc({ description }));

const slug = (description: string) =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(80),
      z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'expected lower-case letters, digits and single dashes' }),
      doc({ description }),
    );

/** A locale: a language (`en`, `de`) and an optional region (`pt-BR`). */
export const HelpLocale = z
  .string()
  .check(
    z.regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, { error: 'expected a locale such as en or pt-BR' }),
    doc({ description: 'The locale (`en`, `de`, `pt-BR`…): search stems words for its language.' }),
  );

/** An article's state: only `published` articles are shown by the portal and found by visitors. */
export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

const collectionFields = {
  name: text(120, 'The collection’s name, as the portal shows it.'),
  description: text(500, 'A line under its name.'),
  slug: slug('Its part of the portal’s addresses; unique on the site.'),
  position: z.int().check(z.minimum(0), z.maximum(10_000), doc({ description: 'Order on the portal, lowest first.' })),
};

/** `POST /v1/admin/help/collections`. */
export const HelpCollectionCreate = z
  .strictObject({
    name: collectionFields.name,
    slug: collectionFields.slug,
    description: z.optional(collectionFields.description),
    position: z.optional(collectionFields.position),
  })
  .check(doc({ example: { name: 'Billing', slug: 'billing' } }));

/** `PATCH /v1/admin/help/collections/{id}`: any of its fields. */
export const HelpCollectionPatch = z
  .strictObject({
    name: z.optional(collectionFields.name),
    slug: z.optional(collectionFields.slug),
    description: z.optional(z.nullable(collectionFields.description)),
    position: z.optional(collectionFields.position),
  })
  .check(doc({ example: { name: 'Payments' } }));

/** A collection of articles. */
export const HelpCollection = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.nullable(z.string()),
  position: z.int(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** `GET /v1/admin/help/collections`. */
export const HelpCollectionList = z.object({ items: z.array(HelpCollection) });

const articleFields = {
  collectionId: z.nullable(z.string().check(doc({ description: 'Its collection; `null`: none.' }))),
  locale: HelpLocale,
  slug: slug('Its part of the portal’s address; unique on the site per locale.'),
  title: text(200, 'The title.'),
  summary: z.nullable(text(300, 'A line shown in lists and search results, and as the page’s description.')),
  body: z.string().check(
    z.maxLength(MAX_ARTICLE_BODY),
    z.refine(isVerbatim, { error: NOT_VERBATIM }),
    doc({
      description: `The body in Markdown (CommonMark with tables and strikethrough; raw HTML is shown as text), up to ${MAX_ARTICLE_BODY} characters.`,
    }),
  ),
  status: z.enum(ARTICLE_STATUSES, { error: `one of ${ARTICLE_STATUSES.join(', ')}` }),
};

/** `POST /v1/admin/help/articles`: its author is the caller. */
export const HelpArticleCreate = z
  .strictObject({
    title: articleFields.title,
    slug: articleFields.slug,
    locale: articleFields.locale,
    body: articleFields.body,
    collectionId: z.optional(articleFields.collectionId),
    summary: z.optional(articleFields.summary),
    status: z.optional(articleFields.status),
  })
  .check(
    doc({
      example: { title: 'Reset your password', slug: 'reset-password', locale: 'en', body: 'Open **Settings**.' },
    }),
  );

/** `PATCH /v1/admin/help/articles/{id}`: any of its fields. */
export const HelpArticlePatch = z
  .strictObject({
    title: z.optional(articleFields.title),
    slug: z.optional(articleFields.slug),
    locale: z.optional(articleFields.locale),
    body: z.optional(articleFields.body),
    collectionId: z.optional(articleFields.collectionId),
    summary: z.optional(articleFields.summary),
    status: z.optional(articleFields.status),
  })
  .check(doc({ example: { status: 'published' } }));

/** `POST /v1/admin/help/preview`: Markdown to render as the portal would, storing nothing (the editor's preview). */
export const HelpPreviewRequest = z
  .strictObject({ body: articleFields.body })
  .check(doc({ example: { body: 'Open **Settings**, then [Billing](https://example.com/billing).' } }));

/** The answer of `POST /v1/admin/help/preview`. */
export const HelpPreview = z.object({
  html: z.string().check(doc({ description: 'The body rendered: the same safe HTML the portal serves for it.' })),
});

/** An article as the admin API shows it (lists leave the body out). */
export const HelpArticleSummary = z.object({
  id: z.string(),
  collectionId: z.nullable(z.string()),
  locale: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.nullable(z.string()),
  status: z.enum(ARTICLE_STATUSES),
  authorId: z.string().check(doc({ description: 'The staff member who wrote it.' })),
  updatedBy: z.string().check(doc({ description: 'The staff member who changed it last.' })),
  createdAt: z.number(),
  updatedAt: z.number(),
  publishedAt: z.nullable(z.number().check(doc({ description: 'When it was first published.' }))),
});

/** An article with its body, and the body rendered as the portal shows it. */
export const HelpArticle = z.object({
  ...HelpArticleSummary.shape,
  body: z.string(),
  html: z.string().check(doc({ description: 'The body rendered: safe HTML, as the portal serves it.' })),
});

/** `GET /v1/admin/help/articles`: each with how often it was read. */
export const HelpArticleList = z.object({
  items: z.array(
    z.object({
      ...HelpArticleSummary.shape,
      reads: z.number().check(
        doc({
          description:
            'How often it was read in the widget’s panel and on the portal (counted on each relay, added within seconds).',
        }),
      ),
      helpful: z.number().check(doc({ description: 'Visitors who answered “Did this help?” with yes.' })),
      notHelpful: z.number().check(doc({ description: 'Visitors who answered it with no.' })),
      url: z
        .string()
        .check(doc({ description: 'Its address on the portal (a draft’s answers 404 until it is published).' })),
    }),
  ),
});

/** `GET /v1/admin/reports/help-feedback?from=…&to=…`: a report's range, in ms. */
export const HelpFeedbackQuery = z
  .object({
    from: z
      .string()
      .check(z.regex(/^\d{1,15}$/, { error: 'expected ms since 1970' }), doc({ description: 'Start (ms), included.' })),
    to: z
      .string()
      .check(z.regex(/^\d{1,15}$/, { error: 'expected ms since 1970' }), doc({ description: 'End (ms), excluded.' })),
  })
  .check(z.refine((range) => Number(range.from) < Number(range.to), { error: 'from must be before to' }));

/** The answer of `GET /v1/admin/reports/help-feedback`: the votes in the range's UTC days, per article, most first. */
export const HelpFeedbackReport = z.object({
  from: z.number(),
  to: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      locale: z.string(),
      helpful: z.number(),
      notHelpful: z.number(),
    }),
  ),
});

/**
 * Whether `host` is a host name a portal may be served at: lower-case letters, digits and dashes in dot-separated
 * labels of 1–63 characters (none starting or ending with a dash), at least two labels, at most 253 characters, a
 * top-level label that is not all digits (so no IP address), and no port, path, user, wildcard or trailing dot.
 */
export function isPortalHost(host: string): boolean {
  if (host.length > 253 || host !== host.toLowerCase()) return false;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label))) return false;
  return !/^\d+$/.test(labels.at(-1)!);
}

/** `PUT /v1/admin/help/domain`: the site's portal at a host of its own, or `null` for none. */
export const HelpDomainPut = z
  .strictObject({
    host: z.nullable(
      z.string().check(
        z.maxLength(253),
        z.refine(isPortalHost, {
          error: 'expected a lower-case host name such as help.example.com (no scheme, port, path or IP address)',
        }),
        doc({ description: 'The host name visitors use, e.g. `help.example.com`; `null` removes it.' }),
      ),
    ),
  })
  .check(doc({ example: { host: 'help.example.com' } }));

/** `GET`/`PUT /v1/admin/help/domain`: the site's custom domain and where its portal is. */
export const HelpDomain = z.object({
  host: z.nullable(z.string()),
  portalUrl: z.string().check(
    doc({
      description: 'The portal’s address: `https://<host>` with a custom domain, else `<relay>/help/<site key>`.',
    }),
  ),
});

/** One article found by a search. */
export const HelpSearchHit = z.object({
  id: z.string(),
  locale: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.nullable(z.string()),
  url: z.string().check(doc({ description: 'The article on the portal.' })),
});

/** `GET /v1/help/{siteKey}/search?q=…&locale=…`: published articles, best first. */
export const HelpSearchResult = z.object({
  items: z.array(HelpSearchHit),
  corrected: z.nullable(
    z.string().check(doc({ description: 'The query as searched, when a word was taken for a misspelling.' })),
  ),
});

/** `GET /v1/help/{siteKey}/articles/{locale}/{slug}`: a published article, for the widget's panel. */
export const HelpPublicArticle = z.object({
  id: z.string(),
  locale: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.nullable(z.string()),
  html: z.string().check(doc({ description: 'The body rendered: safe HTML (see the article routes).' })),
  updatedAt: z.number(),
  url: z.string().check(doc({ description: 'The article on the portal.' })),
});

export type HelpPreviewRequest = z.input<typeof HelpPreviewRequest>;
/** An article as `GET /v1/admin/help/articles` lists it. */
export type HelpListedArticle = z.output<typeof HelpArticleList>['items'][number];
export type HelpDomain = z.output<typeof HelpDomain>;
export type HelpFeedbackReport = z.output<typeof HelpFeedbackReport>;
export type HelpPreview = z.output<typeof HelpPreview>;
export type HelpPublicArticle = z.output<typeof HelpPublicArticle>;
export type HelpCollection = z.output<typeof HelpCollection>;
export type HelpCollectionCreate = z.input<typeof HelpCollectionCreate>;
export type HelpCollectionPatch = z.input<typeof HelpCollectionPatch>;
export type HelpArticleSummary = z.output<typeof HelpArticleSummary>;
export type HelpArticle = z.output<typeof HelpArticle>;
export type HelpArticleCreate = z.input<typeof HelpArticleCreate>;
export type HelpArticlePatch = z.input<typeof HelpArticlePatch>;
export type HelpSearchHit = z.output<typeof HelpSearchHit>;
export type HelpSearchResult = z.output<typeof HelpSearchResult>;
