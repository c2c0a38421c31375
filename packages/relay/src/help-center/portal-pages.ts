import type { HelpCollection } from '@parley/protocol/admin';
import { TimeSlice } from '../time-slice.js';
import type { ArticleRecord } from './help-repository.js';

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

function layout(
  site: PortalSite,
  page: {
    readonly title: string;
    readonly description?: string | undefined;
    readonly canonical: string;
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
${page.description ? `<meta name="description" content="${escapeHtml(page.description)}">\n` : ''}<link rel="canonical" href="${escapeHtml(page.canonical)}">
${page.noindex ? '<meta name="robots" content="noindex">\n' : ''}<link rel="stylesheet" href="${escapeHtml(site.stylesheet)}">
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

function articleList(site: PortalSite, articles: readonly ArticleRecord[]): string {
  if (articles.length === 0) return '<p class="empty">No articles yet.</p>';
  return `<ul class="articles">${articles
    .slice(0, LIST_MAX)
    .map(
      (a) =>
        `<li><a href="${escapeHtml(url(site, a.locale, a.slug))}">${escapeHtml(a.title)}</a>${
          a.summary ? `<p>${escapeHtml(a.summary)}</p>` : ''
        }</li>`,
    )
    .join('')}</ul>`;
}

/** The portal's front page in one locale: its collections, each with its articles, then those in none. */
export function renderHome(
  site: PortalSite,
  collections: readonly HelpCollection[],
  articles: readonly ArticleRecord[],
  locales: readonly string[],
): string {
  const sections = collections
    .map((collection) => {
      const own = articles.filter((a) => a.collectionId === collection.id);
      if (own.length === 0) return '';
      return `<section id="${escapeHtml(collection.slug)}"><h2>${escapeHtml(collection.name)}</h2>${
        collection.description ? `<p class="lead">${escapeHtml(collection.description)}</p>` : ''
      }${articleList(site, own)}</section>`;
    })
    .join('');
  const known = new Set(collections.map((c) => c.id));
  const loose = articles.filter((a) => a.collectionId === null || !known.has(a.collectionId));
  const otherLocales = locales.filter((locale) => locale !== site.locale);
  return layout(site, {
    title: `${site.name} · Help`,
    description: `Answers from ${site.name}.`,
    canonical: `${site.base}/${encodeURIComponent(site.locale)}`,
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
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: article.title,
    ...(article.summary ? { description: article.summary } : {}),
    inLanguage: article.locale,
    datePublished: new Date(article.publishedAt ?? article.createdAt).toISOString(),
    dateModified: updated,
    mainEntityOfPage: canonical,
    publisher: { '@type': 'Organization', name: site.name },
  };
  return layout(site, {
    title: `${article.title} · ${site.name}`,
    description: article.summary ?? undefined,
    canonical,
    head: `<script type="application/ld+json">${jsonLd(data)}</script>\n`,
    main: `<nav class="crumbs" aria-label="Breadcrumb"><a href="${escapeHtml(url(site, article.locale))}">Help</a>${
      collection
        ? ` › <a href="${escapeHtml(`${url(site, article.locale)}#${collection.slug}`)}">${escapeHtml(collection.name)}</a>`
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

/** The search page: what was found, and how the query was read. */
export function renderSearch(
  site: PortalSite,
  query: string,
  found: readonly ArticleRecord[],
  corrected: string | null,
): string {
  return layout(site, {
    title: `Search: ${query} · ${site.name}`,
    canonical: `${site.base}/search`,
    noindex: true,
    query,
    main: `<h1>Search</h1>${
      corrected ? `<p class="lead">Showing results for <strong>${escapeHtml(corrected)}</strong>.</p>` : ''
    }${query.trim() === '' ? '<p class="empty">Type a question above.</p>' : found.length === 0 ? '<p class="empty">Nothing found. Try other words.</p>' : articleList(site, found)}`,
  });
}

/**
 * The site's sitemap: its published articles in every locale, and each locale's front page. Made a few milliseconds
 * at a time: 10,000 articles are a megabyte of XML, which held the loop ~100 ms at once.
 */
export async function renderSitemap(
  base: string,
  articles: ReadonlyArray<Pick<ArticleRecord, 'locale' | 'slug' | 'updatedAt'>>,
  locales: readonly string[],
): Promise<string> {
  const entry = (loc: string, lastmod?: number): string =>
    `<url><loc>${escapeHtml(loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}</url>`;
  const entries = locales.map((locale) => entry(`${base}/${encodeURIComponent(locale)}`));
  const slice = new TimeSlice();
  for (const [i, a] of articles.entries()) {
    entries.push(entry(`${base}/${encodeURIComponent(a.locale)}/${encodeURIComponent(a.slug)}`, a.updatedAt));
    if (i % 100 === 99) await slice.pass();
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
main{padding:1.5rem 1rem 3rem}
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
