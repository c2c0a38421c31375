import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { HelpLocale, type HelpPublicArticle, type HelpSearchResult } from '@parley/protocol/admin';
import { ERRORS, type ErrorCode } from '@parley/protocol';
import * as z from 'zod/mini';
import { IN_ENGLISH } from '../english-issues.js';
import { abortFlag, type AbortFlag } from '../http/body-stream.js';
import { clientAddress } from '../http/client-address.js';
import { compressForResponse, negotiate } from '../http/content-encoding.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { jsonError, respond } from '../http/respond.js';
import { AddressLimits } from '../limits/address-limits.js';
import type { Logger } from '../log.js';
import type { Site } from '../store/store.js';
import type { HelpCenter } from './help-center.js';
import { fromPortal, readVote } from './help-feedback.js';
import {
  COLLECTION_MAX,
  renderArticle,
  renderCollection,
  renderHome,
  renderSearch,
  renderSitemap,
  renderStylesheet,
  type PortalSite,
} from './portal-pages.js';
import { domainRobots, relayRobots, ROBOTS_SITEMAPS_MAX } from './portal-robots.js';

// Longer than 500 lines: the portal's routes at /help/<key> and at a custom domain share one set of closures
// (limits, compression, the page helpers); the votes' body reading and checks are in help-feedback.ts.

/**
 * The portal's pages: nothing but its own stylesheet and images from https (articles link images there). No script
 * runs, so `connect-src 'self'` lets nothing of the page's own connect anywhere: it is there for tools that fetch
 * the host's `/robots.txt` under the page's policy (Lighthouse does, and otherwise reports robots.txt as invalid).
 */
export const PORTAL_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
};

/** The colour of a site that chose none (white text on it passes WCAG AA). */
const DEFAULT_ACCENT = '#2563eb';
const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Requests per client address: searches (each reads the index), and pages. */
const SEARCH_LIMIT = { burst: 20, perSecond: 2 };
const PAGE_LIMIT = { burst: 60, perSecond: 10 };
/**
 * Most articles a front page reads: the newest of its locale (its lists show 40 each). Reading all 10,000 a site may
 * have, for every view of the page, held the loop ~100 ms.
 */
const FRONT_PAGE_ARTICLES = 1000;
/** Votes per client address ("Did this help?"): 20 in a row, then one every 5 seconds. */
const VOTE_LIMIT = { burst: 20, perSecond: 0.2 };

/** A path segment decoded, or left as it came when it is not valid percent-encoding (it then matches nothing). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** An error's JSON body as every API route answers it (docs/api: `Error`): `{ "error": { "code", "message" } }`. */
function errorJson(code: ErrorCode, message: string = ERRORS[code].message): string {
  return JSON.stringify({ error: { code, message } });
}

/** What the help center's public routes need. */
export interface HelpPublicOptions {
  readonly help: HelpCenter;
  readonly publicOrigin: PublicOrigin;
  readonly trustProxy: boolean;
  readonly log: Logger;
  /** The site key of the relay's one site, or `undefined` when it serves several (or none): `/help` leads there. */
  readonly soleSiteKey?: () => Promise<string | undefined>;
  /** The site folder the relay serves at `/` (`PARLEY_SITE_DIR`): a `robots.txt` of its own there is served instead. */
  readonly siteDir?: string | undefined;
  /** How long the relay's robots.txt is kept once made (default {@link ROBOTS_TTL_MS}). */
  readonly robotsTtlMs?: number;
}

/** The relay's robots.txt lists every public portal's sitemap: made at most this often, whatever the traffic. */
const ROBOTS_TTL_MS = 5 * 60_000;

/** What the relay's `/` route asks: the portal's front page for a custom domain's `Host`. */
export interface HelpPortalRoot {
  rootFor(host: string): ((res: HttpResponse, req: HttpRequest) => void) | undefined;
}

interface PublicRequest {
  readonly method: 'GET' | 'HEAD' | 'POST';
  /** The headers a vote is checked with (read while the request is valid: before any await). */
  readonly headers: {
    readonly origin: string;
    readonly host: string;
    readonly fetchSite: string;
    readonly userAgent: string;
    readonly contentType: string;
  };
  readonly ip: string;
  readonly acceptEncoding: string | undefined;
  readonly query: URLSearchParams;
  readonly params: readonly string[];
  readonly aborted: AbortFlag;
}

const SearchQuery = z.object({
  q: z.string().check(z.maxLength(200)),
  locale: HelpLocale,
  prefix: z.optional(z.enum(['0', '1'])),
  limit: z.optional(z.string().check(z.regex(/^(?:[1-9]|1\d|20)$/, { error: 'expected 1–20' }))),
});

/**
 * The help center's public routes (docs/help-center.md): `GET /v1/help/:siteKey/search` and
 * `GET /v1/help/:siteKey/articles/:locale/:slug` (JSON, for the widget), and
 * the portal at `/help/:siteKey` — the front page per locale, articles, search, `sitemap.xml` and the stylesheet.
 * No token; published articles only; limited per client address.
 */
export function registerHelpPublic(app: TemplatedApp, options: HelpPublicOptions): HelpPortalRoot {
  const { help, publicOrigin, log } = options;
  const searches = new AddressLimits(SEARCH_LIMIT);
  const pages = new AddressLimits(PAGE_LIMIT);
  const votes = new AddressLimits(VOTE_LIMIT);

  const read = (res: HttpResponse, req: HttpRequest, count: number): PublicRequest => ({
    method: req.getMethod() === 'head' ? 'HEAD' : req.getMethod() === 'post' ? 'POST' : 'GET',
    headers: {
      origin: req.getHeader('origin'),
      host: req.getHeader('host'),
      fetchSite: req.getHeader('sec-fetch-site'),
      userAgent: req.getHeader('user-agent').slice(0, 300),
      contentType: req.getHeader('content-type'),
    },
    ip: clientAddress(
      Buffer.from(res.getRemoteAddressAsText()).toString(),
      req.getHeader('x-forwarded-for'),
      options.trustProxy,
    ),
    acceptEncoding: req.getHeader('accept-encoding') || undefined,
    query: new URLSearchParams(req.getQuery() ?? ''),
    params: Array.from({ length: count }, (_, i) => safeDecode(req.getParameter(i) ?? '')),
    aborted: abortFlag(res),
  });

  /** Sends a text body, compressed when asked and worth it. */
  const send = async (
    res: HttpResponse,
    request: PublicRequest,
    status: number,
    text: string,
    headers: Record<string, string>,
  ): Promise<void> => {
    const body = Buffer.from(text);
    const coding = body.byteLength >= 1024 ? negotiate(request.acceptEncoding, ['br', 'gzip']) : 'identity';
    const all = coding === 'identity' ? headers : { ...headers, 'content-encoding': coding, vary: 'accept-encoding' };
    const sent = coding === 'identity' ? body : await compressForResponse(body, coding);
    respond(res, status, request.method === 'HEAD' ? undefined : sent, all, request.aborted, sent.byteLength);
  };

  const page = (res: HttpResponse, request: PublicRequest, status: number, html: string): Promise<void> =>
    send(res, request, status, html, {
      ...PORTAL_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=60',
    });

  const notFound = (res: HttpResponse, request: PublicRequest): void =>
    respond(
      res,
      404,
      request.method === 'HEAD' ? undefined : 'Not found',
      {
        ...PORTAL_HEADERS,
        'content-type': 'text/plain; charset=utf-8',
      },
      request.aborted,
    );

  /** Runs a handler, answering 429 over the limit and 500 for what fails. */
  const handle =
    (
      count: number,
      limits: AddressLimits,
      run: (res: HttpResponse, request: PublicRequest) => Promise<void>,
      json = false,
    ) =>
    (res: HttpResponse, req: HttpRequest): void => {
      const request = read(res, req, count);
      const wait = limits.take(request.ip, Date.now());
      if (wait > 0) {
        respond(
          res,
          429,
          request.method === 'HEAD' ? undefined : json ? errorJson('rate_limited') : 'Too many requests',
          {
            'retry-after': String(Math.ceil(wait / 1000)),
            'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
            ...(json ? { 'access-control-allow-origin': '*' } : {}),
          },
          request.aborted,
        );
        return;
      }
      run(res, request).catch((error: unknown) => {
        log.error('help center: request failed', { error: String(error) });
        if (json) jsonError(res, 'internal', undefined, request.aborted);
        else
          respond(res, 500, 'Something went wrong', { 'content-type': 'text/plain; charset=utf-8' }, request.aborted);
      });
    };

  /**
   * The portal's facts for a site and locale, as asked at `path` (`/help/<key>` on the relay's host, `` at the
   * site's custom domain): links stay on the host the page was asked at; the canonical address is the site's portal
   * address (its custom domain when it has one).
   */
  const portalSite = async (site: Site, path: string, locale: string): Promise<PortalSite> => {
    const accent = await help.accent(site.id);
    const colour = accent && COLOUR.test(accent) ? accent.toLowerCase() : DEFAULT_ACCENT;
    return {
      name: site.name,
      base: help.portalBase(site, publicOrigin.href),
      path,
      // Versioned by the colour: the stylesheet is cached long, and a new colour is a new address.
      stylesheet: `${path}/style.css?v=${createHash('sha256').update(colour).digest('hex').slice(0, 8)}`,
      locale,
    };
  };
  const keyPath = (key: string): string => `/help/${encodeURIComponent(key)}`;

  const siteOr404 = async (res: HttpResponse, request: PublicRequest): Promise<Site | undefined> => {
    const site = await help.siteByKey(request.params[0]!);
    if (!site) notFound(res, request);
    return site;
  };

  /** The locales a site has published articles in, and how many in each (not the articles: it may have 10,000). */
  const published = async (siteId: string) => {
    const counts = (await help.repository.publishedCounts(siteId)).sort((x, y) => (x.locale < y.locale ? -1 : 1));
    return { counts, locales: counts.map((c) => c.locale) };
  };
  /** A locale's front page: its newest articles, as many as its lists can show. */
  const frontArticles = (siteId: string, locale: string) =>
    help.repository.listArticles(siteId, { status: 'published', locale }, FRONT_PAGE_ARTICLES);

  // The widget's search.
  app.get(
    '/v1/help/:site/search',
    handle(
      1,
      searches,
      async (res, request) => {
        const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
        const parsed = z.safeParse(
          SearchQuery,
          {
            q: request.query.get('q') ?? '',
            locale: request.query.get('locale') ?? 'en',
            ...(request.query.has('prefix') ? { prefix: request.query.get('prefix') } : {}),
            ...(request.query.has('limit') ? { limit: request.query.get('limit') } : {}),
          },
          IN_ENGLISH,
        );
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          respond(
            res,
            400,
            errorJson(
              'bad_request',
              `Invalid ${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? 'invalid value'}.`,
            ),
            { ...cors, 'content-type': 'application/json; charset=utf-8' },
            request.aborted,
          );
          return;
        }
        const site = await help.siteByKey(request.params[0]!);
        if (!site) {
          respond(
            res,
            404,
            errorJson('not_found', 'No such site.'),
            {
              ...cors,
              'content-type': 'application/json; charset=utf-8',
            },
            request.aborted,
          );
          return;
        }
        const { q, locale, prefix, limit } = parsed.data;
        const found = await help.search(site.id, {
          query: q,
          locale,
          prefix: prefix === '1',
          limit: limit ? Number(limit) : 10,
        });
        const base = help.portalBase(site, publicOrigin.href);
        const result: HelpSearchResult = {
          items: found.items.map((a) => ({
            id: a.id,
            locale: a.locale,
            slug: a.slug,
            title: a.title,
            summary: a.summary,
            url: `${base}/${encodeURIComponent(a.locale)}/${encodeURIComponent(a.slug)}`,
          })),
          corrected: found.corrected,
        };
        await send(res, request, 200, JSON.stringify(result), {
          ...cors,
          'content-type': 'application/json; charset=utf-8',
        });
      },
      true,
    ),
  );
  // One published article for the widget to show in its panel: its title, its HTML and its portal address.
  app.get(
    '/v1/help/:site/articles/:locale/:slug',
    handle(
      3,
      pages,
      async (res, request) => {
        const cors = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60' };
        const [key, locale, slug] = request.params as [string, string, string];
        const site = await help.siteByKey(key);
        const found = site ? await help.repository.getArticleBySlug(site.id, locale, slug) : undefined;
        if (!site || !found || found.status !== 'published') {
          respond(
            res,
            404,
            errorJson('not_found', 'No such published article.'),
            { ...cors, 'content-type': 'application/json; charset=utf-8' },
            request.aborted,
          );
          return;
        }
        help.read(site.id, found.id);
        const body: HelpPublicArticle = {
          id: found.id,
          locale: found.locale,
          slug: found.slug,
          title: found.title,
          summary: found.summary,
          html: found.html,
          updatedAt: found.updatedAt,
          url: `${help.portalBase(site, publicOrigin.href)}/${encodeURIComponent(found.locale)}/${encodeURIComponent(found.slug)}`,
        };
        await send(res, request, 200, JSON.stringify(body), {
          ...cors,
          'content-type': 'application/json; charset=utf-8',
        });
      },
      true,
    ),
  );
  app.options('/v1/help/:site/search', (res) =>
    respond(res, 204, '', {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, OPTIONS',
      'access-control-max-age': '600',
    }),
  );

  // The front page of the locale most of its articles are in (first by name on a tie).
  const frontPage = async (res: HttpResponse, request: PublicRequest, site: Site, path: string): Promise<void> => {
    const { counts, locales } = await published(site.id);
    const locale = [...counts].sort((x, y) => y.count - x.count || x.locale.localeCompare(y.locale))[0]?.locale ?? 'en';
    const portal = await portalSite(site, path, locale);
    const collections = await help.repository.listCollections(site.id);
    await page(res, request, 200, renderHome(portal, collections, await frontArticles(site.id, locale), locales));
  };

  // `<portal>/:name`: the stylesheet, the sitemap, the search, or a locale's front page.
  const namedPage = async (
    res: HttpResponse,
    request: PublicRequest,
    site: Site,
    path: string,
    name: string,
  ): Promise<void> => {
    if (name === 'style.css') {
      const accent = await help.accent(site.id);
      const colour = accent && COLOUR.test(accent) ? accent.toLowerCase() : DEFAULT_ACCENT;
      await send(res, request, 200, renderStylesheet(colour), {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': request.query.has('v') ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        'x-content-type-options': 'nosniff',
      });
      return;
    }
    if (name === 'sitemap.xml') {
      const { locales } = await published(site.id);
      const entries = await help.repository.sitemapEntries(site.id);
      const collections = await help.repository.listCollections(site.id);
      const xml = await renderSitemap(help.portalBase(site, publicOrigin.href), entries, locales, collections);
      await send(res, request, 200, xml, {
        'content-type': 'application/xml; charset=utf-8',
        'cache-control': 'public, max-age=300',
      });
      return;
    }
    if (name === 'search') {
      const q = (request.query.get('q') ?? '').slice(0, 200);
      const locale = z.safeParse(HelpLocale, request.query.get('locale') ?? 'en');
      const portal = await portalSite(site, path, locale.success ? locale.data : 'en');
      // Searches are the costly requests: they take from the search limit too.
      if (q.trim() !== '' && searches.take(request.ip, Date.now()) > 0) {
        respond(
          res,
          429,
          'Too many searches',
          { 'retry-after': '1', 'content-type': 'text/plain; charset=utf-8' },
          request.aborted,
        );
        return;
      }
      const found =
        q.trim() === ''
          ? { items: [], corrected: null }
          : await help.search(site.id, { query: q, locale: portal.locale });
      await page(res, request, 200, renderSearch(portal, q, found.items, found.corrected));
      return;
    }
    if (!z.safeParse(HelpLocale, name).success) return notFound(res, request);
    const { locales } = await published(site.id);
    if (!locales.includes(name)) return notFound(res, request);
    const portal = await portalSite(site, path, name);
    const collections = await help.repository.listCollections(site.id);
    await page(res, request, 200, renderHome(portal, collections, await frontArticles(site.id, name), locales));
  };

  const articlePage = async (
    res: HttpResponse,
    request: PublicRequest,
    site: Site,
    path: string,
    locale: string,
    slug: string,
  ): Promise<void> => {
    const found = await help.repository.getArticleBySlug(site.id, locale, slug);
    if (!found || found.status !== 'published') return notFound(res, request);
    const collection = found.collectionId
      ? await help.repository.getCollection(site.id, found.collectionId)
      : undefined;
    const portal = await portalSite(site, path, locale);
    if (request.method === 'GET') help.read(site.id, found.id);
    const feedback = request.query.get('feedback') === 'thanks' ? 'thanks' : 'ask';
    await page(res, request, 200, renderArticle(portal, found, found.html, collection, feedback));
  };

  // A collection's published articles in a locale; not found when it has none there (an empty page is no answer).
  const collectionPage = async (
    res: HttpResponse,
    request: PublicRequest,
    site: Site,
    path: string,
    locale: string,
    slug: string,
  ): Promise<void> => {
    if (!z.safeParse(HelpLocale, locale).success) return notFound(res, request);
    const collection = (await help.repository.listCollections(site.id)).find((c) => c.slug === slug);
    if (!collection) return notFound(res, request);
    const filter = { status: 'published', locale, collectionId: collection.id } as const;
    const articles = await help.repository.listArticles(site.id, filter, COLLECTION_MAX);
    if (articles.length === 0) return notFound(res, request);
    await page(res, request, 200, renderCollection(await portalSite(site, path, locale), collection, articles));
  };

  // A relay of one site: `/help` is its portal. With several, which site is meant is not the relay's to guess.
  const bare = handle(0, pages, async (res, request) => {
    const key = await options.soleSiteKey?.();
    if (key === undefined) return notFound(res, request);
    // Temporary: a second site makes the address ambiguous again.
    const body = request.method === 'HEAD' ? undefined : '';
    respond(res, 302, body, { location: keyPath(key), 'cache-control': 'no-store' }, request.aborted, 0);
  });
  app.get('/help', bare).head('/help', bare).get('/help/', bare).head('/help/', bare);

  // The portal on the relay's host, at `/help/<site key>`.
  const front = handle(1, pages, async (res, request) => {
    const site = await siteOr404(res, request);
    if (site) await frontPage(res, request, site, keyPath(request.params[0]!));
  });
  app.get('/help/:site', front).head('/help/:site', front);
  const second = handle(2, pages, async (res, request) => {
    const site = await siteOr404(res, request);
    if (site) await namedPage(res, request, site, keyPath(request.params[0]!), request.params[1]!);
  });
  app.get('/help/:site/:name', second).head('/help/:site/:name', second);
  const article = handle(3, pages, async (res, request) => {
    const site = await siteOr404(res, request);
    const [key, locale, slug] = request.params as [string, string, string];
    if (site) await articlePage(res, request, site, keyPath(key), locale, slug);
  });
  app.get('/help/:site/:locale/:slug', article).head('/help/:site/:locale/:slug', article);
  const collection = handle(3, pages, async (res, request) => {
    const site = await siteOr404(res, request);
    const [key, locale, slug] = request.params as [string, string, string];
    if (site) await collectionPage(res, request, site, keyPath(key), locale, slug);
  });
  app
    .get('/help/:site/:locale/collections/:slug', collection)
    .head('/help/:site/:locale/collections/:slug', collection);

  // The portal at a site's custom domain (`Host: help.example.com`): the same pages at `/`. A request to any other
  // host is yielded to the relay's own routes (its front page, a site folder, 404), decided before any await.
  const atDomain =
    (
      count: number,
      limits: AddressLimits,
      run: (res: HttpResponse, request: PublicRequest, site: Promise<Site | undefined>) => Promise<void>,
    ) =>
    (res: HttpResponse, req: HttpRequest): void => {
      const siteId = help.domains.siteAt(req.getHeader('host'));
      if (siteId === undefined) {
        req.setYield(true);
        return;
      }
      handle(count, limits, (res2, request) => run(res2, request, help.siteById(siteId)))(res, req);
    };
  /** A page of a custom domain's portal, once its site is read. */
  const domainPage =
    (show: (res: HttpResponse, request: PublicRequest, site: Site) => Promise<void>) =>
    async (res: HttpResponse, request: PublicRequest, site: Promise<Site | undefined>): Promise<void> => {
      const found = await site;
      if (found) await show(res, request, found);
      else notFound(res, request);
    };
  const domainFront = atDomain(
    0,
    pages,
    domainPage((res, request, site) => frontPage(res, request, site, '')),
  );
  // `/` itself is the relay's route (its front page, or a site folder): it asks `rootFor` below first.
  const domainNamed = atDomain(
    1,
    pages,
    domainPage((res, request, site) => namedPage(res, request, site, '', request.params[0]!)),
  );
  app.get('/:name', domainNamed).head('/:name', domainNamed);
  const domainArticle = atDomain(
    2,
    pages,
    domainPage((res, request, site) => articlePage(res, request, site, '', request.params[0]!, request.params[1]!)),
  );
  app.get('/:locale/:slug', domainArticle).head('/:locale/:slug', domainArticle);
  const domainCollection = atDomain(
    2,
    pages,
    domainPage((res, request, site) => collectionPage(res, request, site, '', request.params[0]!, request.params[1]!)),
  );
  app.get('/:locale/collections/:slug', domainCollection).head('/:locale/collections/:slug', domainCollection);

  // robots.txt: at a custom domain, the portal's (its sitemap at that host); at the relay's own host, the relay's
  // (the public portals' sitemaps on the public origin), unless a site folder served at `/` has one of its own.
  const robotsHeaders = {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'public, max-age=300',
  };
  const ownRobots = options.siteDir !== undefined && existsSync(join(options.siteDir, 'robots.txt'));
  const robotsTtl = options.robotsTtlMs ?? ROBOTS_TTL_MS;
  let relayRobotsText: { readonly text: Promise<string>; readonly until: number } | undefined;
  /** The relay's robots.txt, made once per {@link ROBOTS_TTL_MS} (one read of at most 1,000 sites, shared). */
  const relayRobotsNow = (): Promise<string> => {
    const now = Date.now();
    if (relayRobotsText && relayRobotsText.until > now) return relayRobotsText.text;
    const text = help.repository.sitesWithPublished(ROBOTS_SITEMAPS_MAX).then((sites) =>
      relayRobots(
        publicOrigin.href,
        // A site with a custom domain announces its sitemap there (a sitemap names its own host's pages only).
        sites.filter((s) => help.domains.of(s.siteId) === undefined).map((s) => s.siteKey),
      ),
    );
    relayRobotsText = { text, until: now + robotsTtl };
    // A failed read is not kept: the next request tries again.
    text.catch(() => {
      if (relayRobotsText?.text === text) relayRobotsText = undefined;
    });
    return text;
  };
  const robots = (res: HttpResponse, req: HttpRequest): void => {
    const siteId = help.domains.siteAt(req.getHeader('host'));
    if (siteId === undefined && ownRobots) {
      req.setYield(true);
      return;
    }
    handle(0, pages, async (res2, request) => {
      const host = siteId === undefined ? undefined : help.domains.of(siteId);
      const text = host === undefined ? await relayRobotsNow() : domainRobots(host);
      await send(res2, request, 200, text, robotsHeaders);
    })(res, req);
  };
  app.get('/robots.txt', robots).head('/robots.txt', robots);

  /** A vote's article: published, on the site. */
  const votedArticle = async (pending: Promise<Site | undefined>, locale: string, slug: string) => {
    const site = await pending;
    const found = site ? await help.repository.getArticleBySlug(site.id, locale, slug) : undefined;
    return site && found?.status === 'published' ? { site, found } : undefined;
  };
  /** Who votes, as the dedupe knows them: their address and browser (hashed there, never stored as such). */
  const voter = (request: PublicRequest): string => `${request.ip}\n${request.headers.userAgent}`;

  // "Did this help?" from the portal's article page: a plain form (no script), answered with a redirect back to
  // the article, which then thanks the visitor. Only from the portal's own pages (see `fromPortal`).
  const portalVote = async (
    res: HttpResponse,
    request: PublicRequest,
    site: Promise<Site | undefined>,
    path: string,
    locale: string,
    slug: string,
  ): Promise<void> => {
    // The body is read from the start: uWS gives it only to a reader registered before the first await.
    const vote = readVote(res, request.headers.contentType, request.aborted);
    const refuse = (status: number, text: string): void =>
      respond(res, status, text, { ...PORTAL_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, request.aborted);
    const helpful = await vote;
    if (!fromPortal(request.headers, publicOrigin.href)) return refuse(403, 'Votes are taken from the portal only');
    if (helpful === undefined) return refuse(400, 'Expected helpful=yes or helpful=no');
    const target = await votedArticle(site, locale, slug);
    if (!target) return notFound(res, { ...request, method: 'GET' });
    await help.feedback.vote(target.site.id, target.found.id, voter(request), helpful);
    respond(
      res,
      303,
      '',
      {
        ...PORTAL_HEADERS,
        location: `${path}/${encodeURIComponent(locale)}/${encodeURIComponent(slug)}?feedback=thanks#feedback`,
        'cache-control': 'no-store',
      },
      request.aborted,
    );
  };
  app.post(
    '/help/:site/:locale/:slug/feedback',
    handle(3, votes, (res, request) => {
      const [key, locale, slug] = request.params as [string, string, string];
      return portalVote(res, request, help.siteByKey(key), keyPath(key), locale, slug);
    }),
  );
  app.post(
    '/:locale/:slug/feedback',
    atDomain(2, votes, (res, request, site) =>
      portalVote(res, request, site, '', request.params[0]!, request.params[1]!),
    ),
  );

  // The same from the widget's panel, on any site's page: a simple CORS request (a form body, so no preflight).
  app.post(
    '/v1/help/:site/articles/:locale/:slug/feedback',
    handle(
      3,
      votes,
      async (res, request) => {
        const vote = readVote(res, request.headers.contentType, request.aborted);
        const headers = {
          'access-control-allow-origin': '*',
          'cache-control': 'no-store',
          'content-type': 'application/json; charset=utf-8',
        };
        const helpful = await vote;
        if (helpful === undefined) {
          const message = 'Invalid body.helpful: expected yes or no, as a form body.';
          respond(res, 400, errorJson('bad_request', message), headers, request.aborted);
          return;
        }
        const [key, locale, slug] = request.params as [string, string, string];
        const target = await votedArticle(help.siteByKey(key), locale, slug);
        if (!target) {
          const message = 'No such published article.';
          respond(res, 404, errorJson('not_found', message), headers, request.aborted);
          return;
        }
        const counted = await help.feedback.vote(target.site.id, target.found.id, voter(request), helpful);
        respond(res, 200, JSON.stringify({ counted }), headers, request.aborted);
      },
      true,
    ),
  );

  return {
    rootFor: (host) => (help.domains.siteAt(host) === undefined ? undefined : domainFront),
  };
}
