/*
 * robots.txt (RFC 9309, as Google reads it; docs/help-center.md, "Search engines"): the portal's pages may be
 * crawled, its search results may not (they are `noindex` too: a results page is not a page of its own), nor the
 * relay's inbox, API, health and metrics. Each names the sitemaps of its host. `*` matches any characters, and a
 * rule is matched against the path with its query.
 */

/** Sitemaps the relay's robots.txt names at most: ~75 bytes each, far within the 500 KiB crawlers read. */
export const ROBOTS_SITEMAPS_MAX = 1000;

/** Paths of the relay crawlers have nothing to read in: the inbox, the API, health and metrics. */
const RELAY_PRIVATE = ['/admin', '/v1/', '/healthz', '/metrics'];

/** A site's custom help domain's robots.txt: its portal at `/`, the relay's own paths (served there too) closed. */
export function domainRobots(host: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    // The search form's results (`/search?locale=en&q=…`); `/search` itself, the form, may be crawled.
    'Disallow: /search?*q=',
    ...RELAY_PRIVATE.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: https://${host}/sitemap.xml`,
    '',
  ].join('\n');
}

/**
 * The relay's own robots.txt: its portals at `/help/<site key>` open (their search results closed), the inbox and
 * the API closed, and each listed portal's sitemap on the public origin (`origin`, never a request's `Host`).
 */
export function relayRobots(origin: string, siteKeys: readonly string[]): string {
  return [
    'User-agent: *',
    'Allow: /',
    ...RELAY_PRIVATE.map((path) => `Disallow: ${path}`),
    'Disallow: /help/*/search?*q=',
    '',
    ...siteKeys.map((key) => `Sitemap: ${origin}/help/${encodeURIComponent(key)}/sitemap.xml`),
    ...(siteKeys.length > 0 ? [''] : []),
  ].join('\n');
}
