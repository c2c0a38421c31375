import * as z from 'zod/mini';
import {
  ARTICLE_STATUSES,
  HelpArticle,
  HelpArticleCreate,
  HelpArticleList,
  HelpArticlePatch,
  type HelpArticleSummary,
  HelpCollection,
  HelpCollectionCreate,
  HelpCollectionList,
  HelpCollectionPatch,
  HelpDomain,
  HelpDomainPut,
  HelpFeedbackQuery,
  HelpFeedbackReport,
  HelpLocale,
  HelpPreview,
  HelpPreviewRequest,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError, check } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { millis, text } from '../features/admin-routes/route-query.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { HelpCenter } from './help-center.js';
import { isUniqueViolation, type ArticleRecord } from './help-repository.js';

/** Most collections and articles a site keeps (the portal lists them all; the vocabulary is read whole). */
export const MAX_COLLECTIONS = 200;
export const MAX_ARTICLES = 10_000;

const tag = 'help-center';

function helpOf(call: Call): HelpCenter {
  const help = call.use('help-center');
  if (!help) throw new ApiError('not_found', 'The help center is not part of this relay.');
  return help;
}

const summaryJson = (record: ArticleRecord): HelpArticleSummary => {
  const { siteId: _site, body: _body, html: _html, ...rest } = record;
  return rest;
};

const articleJson = (record: ArticleRecord): HelpArticle => ({
  ...summaryJson(record),
  body: record.body,
  html: record.html,
});

/** The body rendered, or a 400 that changes nothing. */
async function rendered(help: HelpCenter, body: string): Promise<{ html: string; text: string }> {
  const made = await help.render(body);
  if (made === 'too_complex')
    throw new ApiError('bad_request', 'Invalid body.body: too complex to render in time; simplify its Markdown.');
  if (made === 'unavailable') throw new ApiError('internal', 'The Markdown renderer could not start; try again.');
  return made;
}

/** A write refused by a unique index: the slug is taken. */
async function uniqueSlug<T>(write: () => Promise<T>, what: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('conflict', `This slug is taken by another ${what}.`);
    throw error;
  }
}

async function collectionOr400(call: Call, help: HelpCenter, id: string | null | undefined): Promise<void> {
  if (id && !(await help.repository.getCollection(call.site.id, id)))
    throw new ApiError('bad_request', 'Invalid body.collectionId: no such collection on this site.');
}

/**
 * The help center's admin routes (docs/help-center.md): collections (admins) and articles (any staff member
 * writes; deleting is for admins). Every change is in the audit log.
 */
export const helpRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/help/collections',
    doc: {
      summary: 'List the help center’s collections',
      description: 'In the portal’s order (`position`, then name).',
      tag,
      responses: ok('The collections.', HelpCollectionList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: await helpOf(call).repository.listCollections(call.site.id) },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/help/collections',
    permission: 'settings.manage',
    requestBody: HelpCollectionCreate,
    doc: {
      summary: 'Add a collection',
      description: 'Its slug is unique on the site (409 `conflict`). At most 200.',
      tag,
      conflict: true,
      responses: ok('Added.', HelpCollection, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const help = helpOf(call);
      const existing = await help.repository.listCollections(call.site.id);
      if (existing.length >= MAX_COLLECTIONS)
        throw new ApiError('conflict', `A site keeps at most ${MAX_COLLECTIONS} collections.`);
      const created: HelpCollection = {
        id: randomId('hcol'),
        name: body.name,
        slug: body.slug,
        description: body.description ?? null,
        position: body.position ?? existing.length,
        createdAt: call.now,
        updatedAt: call.now,
      };
      await uniqueSlug(() => help.repository.createCollection(call.site.id, created), 'collection');
      await audit(call, 'help.collection.create', 'help_collection', created.id, { slug: created.slug });
      return { status: 201, body: created };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/help/collections/{id}',
    resource: 'collection',
    permission: 'settings.manage',
    requestBody: HelpCollectionPatch,
    doc: {
      summary: 'Change a collection',
      description: 'Any of its fields.',
      tag,
      conflict: true,
      responses: ok('Changed.', HelpCollection),
    },
    run: async (call) => {
      const body = call.body;
      const help = helpOf(call);
      const before = await help.repository.getCollection(call.site.id, call.params.id!);
      if (!before) throw new ApiError('not_found', 'No such collection on this site.');
      const updated: HelpCollection = { ...before, ...body, updatedAt: call.now };
      await uniqueSlug(() => help.repository.updateCollection(call.site.id, updated), 'collection');
      await audit(call, 'help.collection.update', 'help_collection', updated.id, { fields: Object.keys(body) });
      return { status: 200, body: updated };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/help/collections/{id}',
    resource: 'collection',
    permission: 'settings.manage',
    doc: {
      summary: 'Delete a collection',
      description: 'Its articles stay, in no collection.',
      tag,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (!(await helpOf(call).repository.deleteCollection(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such collection on this site.');
      await audit(call, 'help.collection.delete', 'help_collection', call.params.id!);
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/help/articles',
    doc: {
      summary: 'List articles',
      description: 'Without their bodies, the latest changed first.',
      tag,
      responses: ok('The articles.', HelpArticleList),
    },
    query: {
      status: text(
        z.enum(ARTICLE_STATUSES, { error: `one of ${ARTICLE_STATUSES.join(', ')}` }),
        'Only `draft` or only `published` ones.',
        { type: 'string', enum: ['draft', 'published'] },
      ),
      locale: text(HelpLocale, 'Only this locale’s.', { type: 'string' }),
      collection: text(z.string(), 'Only this collection’s (its id).', { type: 'string' }),
    },
    run: async (call) => {
      const { query } = call;
      const { status, locale } = query;
      const help = helpOf(call);
      const base = help.portalBase(call.site, call.baseUrl);
      const [items, reads, votes] = await Promise.all([
        help.repository.listArticles(call.site.id, {
          ...(status ? { status } : {}),
          ...(locale ? { locale } : {}),
          ...(query.collection ? { collectionId: query.collection } : {}),
        }),
        help.repository.reads(call.site.id),
        help.feedback.counts(call.site.id),
      ]);
      return {
        status: 200,
        body: {
          items: items.map((item) => ({
            ...summaryJson(item),
            reads: reads.get(item.id) ?? 0,
            helpful: votes.get(item.id)?.helpful ?? 0,
            notHelpful: votes.get(item.id)?.notHelpful ?? 0,
            url: `${base}/${encodeURIComponent(item.locale)}/${encodeURIComponent(item.slug)}`,
          })),
        },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/help/articles',
    requestBody: HelpArticleCreate,
    doc: {
      summary: 'Write an article',
      description:
        'Its author is the caller; a `draft` unless `status` says `published`. Its slug is unique on the site per locale (409 `conflict`). The answer carries the body rendered (`html`), as the portal shows it: raw HTML in the Markdown is shown as text, links go only to http(s), `mailto:` and anchors, images only from http(s) or the relay’s attachments.',
      tag,
      conflict: true,
      responses: ok('Written.', HelpArticle, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const help = helpOf(call);
      await collectionOr400(call, help, body.collectionId);
      if ((await help.repository.countArticles(call.site.id)) >= MAX_ARTICLES)
        throw new ApiError('conflict', `A site keeps at most ${MAX_ARTICLES} articles.`);
      const status = body.status ?? 'draft';
      const made = await rendered(help, body.body);
      const record: ArticleRecord = {
        id: randomId('hart'),
        siteId: call.site.id,
        collectionId: body.collectionId ?? null,
        locale: body.locale,
        slug: body.slug,
        title: body.title,
        summary: body.summary ?? null,
        body: body.body,
        html: made.html,
        status,
        authorId: call.staff.id,
        updatedBy: call.staff.id,
        createdAt: call.now,
        updatedAt: call.now,
        publishedAt: status === 'published' ? call.now : null,
      };
      await uniqueSlug(() => help.repository.putArticle(record, true, made.text), 'article in this locale');
      help.changed(call.site.id, [record.locale]);
      await audit(call, 'help.article.create', 'help_article', record.id, { locale: record.locale, status });
      return { status: 201, body: articleJson(record) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/help/domain',
    doc: {
      summary: 'The portal’s custom domain',
      description: 'The site’s custom domain (`null`: none) and where its portal is.',
      tag,
      responses: ok('The domain.', HelpDomain),
    },
    run: async (call) => {
      const help = helpOf(call);
      return {
        status: 200,
        body: { host: help.domains.of(call.site.id) ?? null, portalUrl: help.portalBase(call.site, call.baseUrl) },
      };
    },
  }),
  adminRoute({
    // A custom domain for the portal: the relay serves it at `/` of that Host (docs/help-center.md).
    method: 'PUT',
    path: '/v1/admin/help/domain',
    permission: 'settings.manage',
    requestBody: HelpDomainPut,
    doc: {
      summary: 'Set the portal’s custom domain',
      description:
        'The relay then serves the site’s portal at `/` of requests whose `Host` is this name (its articles at `/<locale>/<slug>`, `/sitemap.xml`, `/search`), and every portal address it gives (canonical URLs, the sitemap, search results, the FAQ bot’s links, the widget’s) is `https://<host>/…`. The operator points the name’s DNS at the proxy in front of the relay and gives it a TLS certificate there (docs/help-center.md). A lower-case host name, not an IP address nor the relay’s own host; unique across sites (409 `conflict`). `null` removes it.',
      tag,
      conflict: true,
      responses: ok('Set.', HelpDomain),
    },
    run: async (call) => {
      const body = call.body;
      const help = helpOf(call);
      if (body.host !== null && body.host === new URL(call.baseUrl).hostname)
        throw new ApiError('bad_request', 'Invalid body.host: that is the relay’s own host; the portal is at /help.');
      try {
        await help.domains.set(call.site.id, body.host, call.now);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ApiError('conflict', 'Another site’s portal has this domain.');
        throw error;
      }
      await audit(call, 'help.domain.update', 'site', call.site.id, { host: body.host });
      return {
        status: 200,
        body: { host: body.host, portalUrl: help.portalBase(call.site, call.baseUrl) },
      };
    },
  }),
  adminRoute({
    // "Did this help?" per article over a report's range (the inbox's Reports page), the most voted first.
    method: 'GET',
    path: '/v1/admin/reports/help-feedback',
    permission: 'reports.view',
    doc: {
      summary: 'Help center feedback over a range',
      description:
        '“Did this help?” per article: the votes of the UTC days that overlap `[from, to)` (votes are kept per article and UTC day), the most voted first; articles without votes in the range are left out.',
      tag,
      responses: ok('The votes per article.', HelpFeedbackReport),
    },
    // The contract's words for each (`HelpFeedbackQuery`).
    query: {
      from: millis(
        'Start of the range (ms since 1970), included.',
        { type: 'integer' },
        HelpFeedbackQuery.shape.from,
      ).required(),
      to: millis(
        'End of the range (ms since 1970), excluded.',
        { type: 'integer' },
        HelpFeedbackQuery.shape.to,
      ).required(),
    },
    run: async (call) => {
      const range = { from: call.query.from, to: call.query.to };
      // The contract's check across both (from before to), in its words.
      check(HelpFeedbackQuery, { from: String(range.from), to: String(range.to) }, 'query');
      const help = helpOf(call);
      const [votes, articles] = await Promise.all([
        help.feedback.counts(call.site.id, { from: range.from, to: range.to }),
        help.repository.listArticles(call.site.id, {}),
      ]);
      const items = articles
        .filter((a) => votes.has(a.id))
        .map((a) => ({ id: a.id, title: a.title, locale: a.locale, ...votes.get(a.id)! }))
        .sort((x, y) => y.helpful + y.notHelpful - (x.helpful + x.notHelpful) || x.title.localeCompare(y.title));
      return { status: 200, body: { from: range.from, to: range.to, items } };
    },
  }),
  adminRoute({
    // The editor's live preview: the relay's own renderer (the same thread, limits and rules as a write), so that
    // what the editor shows is byte for byte what the portal will serve; nothing is stored.
    method: 'POST',
    path: '/v1/admin/help/preview',
    requestBody: HelpPreviewRequest,
    doc: {
      summary: 'Preview an article’s body',
      description:
        'Renders Markdown exactly as a write would (the same renderer, rules and 2-second limit: a body too complex is 400) and stores nothing: the inbox editor’s live preview.',
      tag,
      responses: ok('The body rendered.', HelpPreview),
    },
    run: async (call) => {
      const body = call.body;
      const made = await rendered(helpOf(call), body.body);
      return { status: 200, body: { html: made.html } };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/help/articles/{id}',
    resource: 'article',
    doc: {
      summary: 'Read an article',
      description: 'With its Markdown and its rendered HTML (the editor’s preview).',
      tag,
      responses: ok('The article.', HelpArticle),
    },
    run: async (call) => {
      const help = helpOf(call);
      const record = await help.repository.getArticle(call.site.id, call.params.id!);
      if (!record) throw new ApiError('not_found', 'No such article on this site.');
      return {
        status: 200,
        body: articleJson(record),
      };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/help/articles/{id}',
    resource: 'article',
    requestBody: HelpArticlePatch,
    doc: {
      summary: 'Change an article',
      description:
        'Any of its fields; `status: "published"` publishes it (its `publishedAt` is the first time), `"draft"` takes it off the portal and out of search.',
      tag,
      conflict: true,
      responses: ok('Changed.', HelpArticle),
    },
    run: async (call) => {
      const body = call.body;
      const help = helpOf(call);
      const before = await help.repository.getArticle(call.site.id, call.params.id!);
      if (!before) throw new ApiError('not_found', 'No such article on this site.');
      await collectionOr400(call, help, body.collectionId);
      const status = body.status ?? before.status;
      // The same time may come twice (a fast second edit): the version must still change, for caches.
      const updatedAt = Math.max(call.now, before.updatedAt + 1);
      const made = await rendered(help, body.body ?? before.body);
      const record: ArticleRecord = {
        ...before,
        ...body,
        html: made.html,
        status,
        updatedBy: call.staff.id,
        updatedAt,
        publishedAt: before.publishedAt ?? (status === 'published' ? call.now : null),
      };
      await uniqueSlug(() => help.repository.putArticle(record, false, made.text), 'article in this locale');
      help.changed(call.site.id, [before.locale, record.locale]);
      await audit(call, 'help.article.update', 'help_article', record.id, { fields: Object.keys(body), status });
      return { status: 200, body: articleJson(record) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/help/articles/{id}',
    resource: 'article',
    permission: 'settings.manage',
    doc: {
      summary: 'Delete an article',
      description: 'At once, from the portal and the search.',
      tag,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      const help = helpOf(call);
      const before = await help.repository.getArticle(call.site.id, call.params.id!);
      if (!before || !(await help.repository.deleteArticle(call.site.id, before.id)))
        throw new ApiError('not_found', 'No such article on this site.');
      help.changed(call.site.id, [before.locale]);
      await audit(call, 'help.article.delete', 'help_article', before.id, { locale: before.locale });
      return { status: 204 };
    },
  }),
];
