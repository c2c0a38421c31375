import type { HelpCollection } from '@parley/protocol/admin';
import { TimeSlice } from '../time-slice.js';
import type { ArticleRecord } from './help-repository.js';
import { articleDescription, describe } from './page-description.js';

/*
 * The portal's pages (docs/help-center.md, "The portal"): plain server-rendered HTML that works without JavaScript.
 * No inline script or style: the stylesheet is a file per site (its colour in it), and the only <script> is the
 * article's JSON-LD, a data block that browsers never run and CSP does not govern.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** `text` safe in HTML text and quoted attributes. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c]!);

/** What every page of a site's portal knows. */
export interface PortalSite {
  readonly name: string;
  /** The portal's base address, absolute: `https://chat.example.com/help/pk_…`. */
  readonly base: string;
  /** The base's path, for links: `/help/pk_…`. */
  readonly path: string;
  /** The stylesheet's path (versioned by the site's colour). */
  readonly stylesheet: string;
  readonly locale: string;
}

const url = (site: PortalSite, locale: string, slug?: string): string =>
  `${site.path}/${encodeURIComponent(locale)}${slug ? `/${encodeURIComponent(slug)}` : ''}`;
/** A collection's page in a locale: `<portal>/<locale>/collections/<slug>`. */
const collectionUrl = (site: PortalSite, locale: string, collection: Pick<HelpCollection, 'slug'>): string =>
  `${site.path}/${encodeURIComponent(locale)}/collections/${encodeURIComponent(collection.slug)}`;

function layout(
  site: PortalSite,
  page: {
    readonly title: string;
    /** Every page has one (search results show it): plain text, escaped here. */
    readonly description: string;
    readonly canonical: string;
    /** The same page in other locales (`<link rel="alternate" hreflang>`), its own locale among them. */
    readonly alternates?: ReadonlyArray<{ readonly locale: string; readonly href: string }>;
    readonly head?: string;
    readonly main: string;
    readonly query?: string;
    readonly noindex?: boolean;
  },
): string {
  return `<!doctype html>
<html lang="${escapeHtml(site.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<meta name="description" content="${escapeHtml(page.description)}">
<link rel="canonical" href="${escapeHtml(page.canonical)}">
${(page.alternates ?? [])
  .map((a) => `<link rel="alternate" hreflang="${escapeHtml(a.locale)}" href="${escapeHtml(a.href)}">\n`)
  .join(
    '',
  )}${page.noindex ? '<meta name="robots" content="noindex">\n' : ''}<link rel="stylesheet" href="${escapeHtml(site.stylesheet)}">
${page.head ?? ''}</head>
<body>
<header class="top"><div class="wrap">
<a class="brand" href="${escapeHtml(url(site, site.locale))}">${escapeHtml(site.name)} · Help</a>
<form class="search" role="search" method="get" action="${escapeHtml(`${site.path}/search`)}">
<input type="hidden" name="locale" value="${escapeHtml(site.locale)}">
<label for="q" class="hidden">Search the articles</label>
<input id="q" type="search" name="q" maxlength="200" placeholder="Search the articles" value="${escapeHtml(page.query ?? '')}">
<button type="submit">Search</button>
</form>
</div></header>
<main class="wrap" id="main">
${page.main}
</main>
</body>
</html>
`;
}

/** Articles a list on the front page shows at most (the page stays small; search and the sitemap reach the rest). */
const LIST_MAX = 40;

function articleList(site: PortalSite, articles: readonly ArticleRecord[], max = LIST_MAX): string {
  if (articles.length === 0) return '<p class="empty">No articles yet.</p>';
  return `<ul class="articles">${articles
    .slice(0, max)
    .map(
      (a) =>
        `<li><a href="${escapeHtml(url(site, a.locale, a.slug))}">${escapeHtml(a.title)}</a>${
          a.summary ? `<p>${escapeHtml(a.summary)}</p>` : ''
        }</li>`,
    )
    .join('')}</ul>`;
}

/** The front pages of every locale, as each other's alternates (none for a portal in one locale). */
function localeAlternates(site: PortalSite, locales: readonly string[]) {
  return locales.length < 2
    ? []
    : locales.map((locale) => ({ locale, href: `${site.base}/${encodeURIComponent(locale)}` }));
}

/** Names joined as a sentence lists them: `A, B and C`. */
const listed = (names: readonly string[]): string =>
  names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;

/** The portal's front page in one locale: its collections, each with its articles, then those in none. */
export function renderHome(
  site: PortalSite,
  collections: readonly HelpCollection[],
  articles: readonly ArticleRecord[],
  locales: readonly string[],
): string {
  const shown: HelpCollection[] = [];
  const sections = collections
    .map((collection) => {
      const own = articles.filter((a) => a.collectionId === collection.id);
      if (own.length === 0) return '';
      shown.push(collection);
      const page = collectionUrl(site, site.locale, collection);
      return `<section id="${escapeHtml(collection.slug)}"><h2><a href="${escapeHtml(page)}">${escapeHtml(collection.name)}</a></h2>${
        collection.description ? `<p class="lead">${escapeHtml(collection.description)}</p>` : ''
      }${articleList(site, own)}${
        own.length > LIST_MAX
          ? `<p class="more"><a href="${escapeHtml(page)}">All articles in ${escapeHtml(collection.name)}</a></p>`
          : ''
      }</section>`;
    })
    .join('');
  const known = new Set(collections.map((c) => c.id));
  const loose = articles.filter((a) => a.collectionId === null || !known.has(a.collectionId));
  const otherLocales = locales.filter((locale) => locale !== site.locale);
  const topics = shown.slice(0, 4).map((c) => c.name);
  return layout(site, {
    title: `${site.name} · Help`,
    description: describe(
      `Answers and guides from ${site.name}${topics.length > 0 ? `: ${listed(topics)}` : ''}. Search the help center or browse its articles.`,
      'en',
    ),
    canonical: `${site.base}/${encodeURIComponent(site.locale)}`,
    alternates: localeAlternates(site, locales),
    main: `<h1>How can we help?</h1>${sections}${
      loose.length > 0 || sections === '' ? `<section><h2>Articles</h2>${articleList(site, loose)}</section>` : ''
    }${
      otherLocales.length > 0
        ? `<nav class="locales" aria-label="Languages">${otherLocales
            .map((l) => `<a href="${escapeHtml(url(site, l))}" hreflang="${escapeHtml(l)}">${escapeHtml(l)}</a>`)
            .join(' ')}</nav>`
        : ''
    }`,
  });
}

/** Articles a collection's page lists at most (a collection of more is reached by search and the sitemap). */
export const COLLECTION_MAX = 200;

/** A collection's page in one locale: its description, and its published articles there, newest change first. */
export function renderCollection(
  site: PortalSite,
  collection: HelpCollection,
  articles: readonly ArticleRecord[],
): string {
  return layout(site, {
    title: `${collection.name} · ${site.name} Help`,
    description: describe(
      collection.description?.trim() || `Articles about ${collection.name} in the ${site.name} help center.`,
      site.locale,
    ),
    canonical: `${site.base}/${encodeURIComponent(site.locale)}/collections/${encodeURIComponent(collection.slug)}`,
    main: `<nav class="crumbs" aria-label="Breadcrumb"><a href="${escapeHtml(url(site, site.locale))}">Help</a></nav>
<h1>${escapeHtml(collection.name)}</h1>${
      collection.description ? `<p class="lead">${escapeHtml(collection.description)}</p>` : ''
    }${articleList(site, articles, COLLECTION_MAX)}`,
  });
}

/** JSON for a `<script type="application/ld+json">` block: `<` escaped so no text can close the element. */
const jsonLd = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** An article's page: its title, its body (safe HTML), when it changed, and its JSON-LD `Article`. */
export function renderArticle(
  site: PortalSite,
  article: ArticleRecord,
  html: string,
  collection?: HelpCollection,
  feedback: 'ask' | 'thanks' = 'ask',
): string {
  const canonical = `${site.base}/${encodeURIComponent(article.locale)}/${encodeURIComponent(article.slug)}`;
  const updated = new Date(article.updatedAt).toISOString();
  const description = articleDescription(article, html) ?? `${article.title}, from the ${site.name} help center.`;
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: article.title,
    description,
    inLanguage: article.locale,
    datePublished: new Date(article.publishedAt ?? article.createdAt).toISOString(),
    dateModified: updated,
    mainEntityOfPage: canonical,
    publisher: { '@type': 'Organization', name: site.name },
  };
  return layout(site, {
    title: `${article.title} · ${site.name}`,
    description,
    canonical,
    head: `<script type="application/ld+json">${jsonLd(data)}</script>\n`,
    main: `<nav class="crumbs" aria-label="Breadcrumb"><a href="${escapeHtml(url(site, article.locale))}">Help</a>${
      collection
        ? ` › <a href="${escapeHtml(collectionUrl(site, article.locale, collection))}">${escapeHtml(collection.name)}</a>`
        : ''
    }</nav>
<article>
<h1>${escapeHtml(article.title)}</h1>
<p class="meta">Updated <time datetime="${updated}">${updated.slice(0, 10)}</time></p>
<div class="body">${html}</div>
</article>
${
  feedback === 'thanks'
    ? '<p class="feedback" id="feedback" role="status">Thanks for your feedback.</p>'
    : `<form class="feedback" id="feedback" method="post" action="${escapeHtml(`${url(site, article.locale, article.slug)}/feedback`)}">
<p>Did this help?</p>
<button type="submit" name="helpful" value="yes">Yes</button>
<button type="submit" name="helpful" value="no">No</button>
</form>`
}`,
  });
}

/**
 * The search page: what was found, and how the query was read. With a query it is `noindex` (results are not pages
 * of their own; robots.txt keeps crawlers off them too); without one it is the portal's search form, indexable.
 */
export function renderSearch(
  site: PortalSite,
  query: string,
  found: readonly ArticleRecord[],
  corrected: string | null,
): string {
  const asked = query.trim() !== '';
  return layout(site, {
    title: asked ? `Search: ${query} · ${site.name}` : `Search · ${site.name} Help`,
    description: `Search the articles of the ${site.name} help center.`,
    canonical: `${site.base}/search${site.locale === 'en' ? '' : `?locale=${encodeURIComponent(site.locale)}`}`,
    noindex: asked,
    query,
    main: `<h1>Search</h1>${
      corrected ? `<p class="lead">Showing results for <strong>${escapeHtml(corrected)}</strong>.</p>` : ''
    }${!asked ? '<p class="empty">Type a question above.</p>' : found.length === 0 ? '<p class="empty">Nothing found. Try other words.</p>' : articleList(site, found)}`,
  });
}

/**
 * The site's sitemap: its published articles in every locale, each locale's front page, and each collection's page
 * in the locales it has articles in. Made a few milliseconds at a time: 10,000 articles are a megabyte of XML,
 * which held the loop ~100 ms at once.
 */
export async function renderSitemap(
  base: string,
  articles: ReadonlyArray<Pick<ArticleRecord, 'locale' | 'slug' | 'updatedAt' | 'collectionId'>>,
  locales: readonly string[],
  collections: ReadonlyArray<Pick<HelpCollection, 'id' | 'slug'>> = [],
): Promise<string> {
  const entry = (loc: string, lastmod?: number): string =>
    `<url><loc>${escapeHtml(loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}</url>`;
  const entries = locales.map((locale) => entry(`${base}/${encodeURIComponent(locale)}`));
  const slugs = new Map(collections.map((c) => [c.id, c.slug]));
  /** `<collection slug>\n<locale>` → its newest article's change. */
  const collectionPages = new Map<string, number>();
  const slice = new TimeSlice();
  for (const [i, a] of articles.entries()) {
    entries.push(entry(`${base}/${encodeURIComponent(a.locale)}/${encodeURIComponent(a.slug)}`, a.updatedAt));
    const slug = a.collectionId === null ? undefined : slugs.get(a.collectionId);
    if (slug !== undefined) {
      const key = `${slug}\n${a.locale}`;
      collectionPages.set(key, Math.max(collectionPages.get(key) ?? 0, a.updatedAt));
    }
    if (i % 100 === 99) await slice.pass();
  }
  for (const [key, lastmod] of collectionPages) {
    const [slug, locale] = key.split('\n') as [string, string];
    entries.push(entry(`${base}/${encodeURIComponent(locale)}/collections/${encodeURIComponent(slug)}`, lastmod));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</urlset>
`;
}

/** The portal's stylesheet, with the site's colour (a `#rrggbb` checked by the caller). */
export function renderStylesheet(accent: string): string {
  return `:root{--accent:${accent};--text:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--head:#f6f8fa;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--text:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--head:#161b22}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg)}
.wrap{max-width:48rem;margin:0 auto;padding:0 1rem}
.top{background:var(--accent);color:#fff;padding:1rem 0}
.top .wrap{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between}
.brand{color:#fff;font-weight:600;text-decoration:none;font-size:1.1rem}
.search{display:flex;gap:.5rem;flex:1 1 18rem}
.search input[type=search]{flex:1;min-width:0;padding:.5rem .75rem;border:1px solid var(--line);border-radius:.4rem;font:inherit}
.search button{padding:.5rem 1rem;border:1px solid #fff;border-radius:.4rem;background:transparent;color:#fff;font:inherit;cursor:pointer}
.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
main.wrap{padding-top:1.5rem;padding-bottom:3rem}
h2 a{text-decoration-thickness:1px;text-underline-offset:.15em}
.more{margin:.5rem 0 0}
a{color:var(--accent)}
@media (prefers-color-scheme:dark){a{color:#9ecbff}}
.articles{list-style:none;padding:0}
.articles li{padding:.6rem 0;border-bottom:1px solid var(--line)}
.articles p,.lead,.meta,.empty{color:var(--muted);margin:.2rem 0}
.crumbs{font-size:.9rem;color:var(--muted)}
.body img{max-width:100%;height:auto}
.body pre{overflow:auto;padding:.75rem;border:1px solid var(--line);border-radius:.4rem}
.body table{display:block;width:max-content;max-width:100%;overflow-x:auto;border-collapse:collapse;margin:1rem 0}
.body table:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.body th,.body td{border:1px solid var(--line);padding:.4rem .7rem;text-align:start;vertical-align:top}
.body thead th{background:var(--head);font-weight:600;border-bottom:2px solid var(--muted)}
.body .align-left{text-align:left}.body .align-center{text-align:center}.body .align-right{text-align:right}
.locales{margin-top:2rem}
.feedback{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:2rem;padding-top:1rem;border-top:1px solid var(--line)}
.feedback p{margin:0 .5rem 0 0;font-weight:600}
.feedback button{padding:.4rem 1.1rem;border:1px solid var(--muted);border-radius:.4rem;background:var(--bg);color:var(--text);font:inherit;cursor:pointer}
.feedback button:hover,.feedback button:focus-visible{border-color:var(--accent);outline:2px solid var(--accent);outline-offset:1px}
`;
}
