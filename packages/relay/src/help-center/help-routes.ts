import {
  ARTICLE_STATUSES,
  type ArticleStatus,
  type HelpArticle,
  HelpArticleCreate,
  HelpArticlePatch,
  type HelpArticleSummary,
  type HelpCollection,
  HelpCollectionCreate,
  HelpCollectionPatch,
  HelpDomainPut,
  HelpFeedbackQuery,
  HelpLocale,
  HelpPreviewRequest,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError, check, parseBody } from '../http/admin-http.js';
import { audit, queryObject, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import type { HelpCenter } from './help-center.js';
import { isUniqueViolation, type ArticleRecord } from './help-repository.js';

/** Most collections and articles a site keeps (the portal lists them all; the vocabulary is read whole). */
export const MAX_COLLECTIONS = 200;
export const MAX_ARTICLES = 10_000;

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
  {
    method: 'GET',
    path: '/v1/admin/help/collections',
    run: async (call) => ({
      status: 200,
      body: { items: await helpOf(call).repository.listCollections(call.site.id) },
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/help/collections',
    permission: 'settings.manage',
    requestBody: HelpCollectionCreate,
    run: async (call) => {
      const body = await parseBody(call.request, HelpCollectionCreate);
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
  },
  {
    method: 'PATCH',
    path: '/v1/admin/help/collections/{id}',
    permission: 'settings.manage',
    requestBody: HelpCollectionPatch,
    run: async (call) => {
      const body = await parseBody(call.request, HelpCollectionPatch);
      const help = helpOf(call);
      const before = await help.repository.getCollection(call.site.id, call.params.id!);
      if (!before) throw new ApiError('not_found', 'No such collection on this site.');
      const updated: HelpCollection = { ...before, ...body, updatedAt: call.now };
      await uniqueSlug(() => help.repository.updateCollection(call.site.id, updated), 'collection');
      await audit(call, 'help.collection.update', 'help_collection', updated.id, { fields: Object.keys(body) });
      return { status: 200, body: updated };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/help/collections/{id}',
    permission: 'settings.manage',
    run: async (call) => {
      await call.request.body;
      if (!(await helpOf(call).repository.deleteCollection(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such collection on this site.');
      await audit(call, 'help.collection.delete', 'help_collection', call.params.id!);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/help/articles',
    run: async (call) => {
      const query = queryObject(call.request);
      const status = query.status;
      if (status !== undefined && !ARTICLE_STATUSES.includes(status as ArticleStatus))
        throw new ApiError('bad_request', `Invalid status: one of ${ARTICLE_STATUSES.join(', ')}.`);
      const locale = query.locale === undefined ? undefined : check(HelpLocale, query.locale, 'locale');
      const help = helpOf(call);
      const base = help.portalBase(call.site, call.baseUrl);
      const [items, reads, votes] = await Promise.all([
        help.repository.listArticles(call.site.id, {
          ...(status ? { status: status as ArticleStatus } : {}),
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
  },
  {
    method: 'POST',
    path: '/v1/admin/help/articles',
    requestBody: HelpArticleCreate,
    run: async (call) => {
      const body = await parseBody(call.request, HelpArticleCreate);
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
  },
  {
    method: 'GET',
    path: '/v1/admin/help/domain',
    run: async (call) => {
      const help = helpOf(call);
      return {
        status: 200,
        body: { host: help.domains.of(call.site.id) ?? null, portalUrl: help.portalBase(call.site, call.baseUrl) },
      };
    },
  },
  {
    // A custom domain for the portal: the relay serves it at `/` of that Host (docs/help-center.md).
    method: 'PUT',
    path: '/v1/admin/help/domain',
    permission: 'settings.manage',
    requestBody: HelpDomainPut,
    run: async (call) => {
      const body = await parseBody(call.request, HelpDomainPut);
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
  },
  {
    // "Did this help?" per article over a report's range (the inbox's Reports page), the most voted first.
    method: 'GET',
    path: '/v1/admin/reports/help-feedback',
    permission: 'reports.view',
    run: async (call) => {
      const query = check(HelpFeedbackQuery, queryObject(call.request), 'query');
      const range = { from: Number(query.from), to: Number(query.to) };
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
  },
  {
    // The editor's live preview: the relay's own renderer (the same thread, limits and rules as a write), so that
    // what the editor shows is byte for byte what the portal will serve; nothing is stored.
    method: 'POST',
    path: '/v1/admin/help/preview',
    requestBody: HelpPreviewRequest,
    run: async (call) => {
      const body = await parseBody(call.request, HelpPreviewRequest);
      const made = await rendered(helpOf(call), body.body);
      return { status: 200, body: { html: made.html } };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/help/articles/{id}',
    run: async (call) => {
      const help = helpOf(call);
      const record = await help.repository.getArticle(call.site.id, call.params.id!);
      if (!record) throw new ApiError('not_found', 'No such article on this site.');
      return {
        status: 200,
        body: articleJson(record),
      };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/help/articles/{id}',
    requestBody: HelpArticlePatch,
    run: async (call) => {
      const body = await parseBody(call.request, HelpArticlePatch);
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
  },
  {
    method: 'DELETE',
    path: '/v1/admin/help/articles/{id}',
    permission: 'settings.manage',
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
  },
];
