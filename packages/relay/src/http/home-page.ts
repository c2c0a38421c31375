import type { HttpResponse } from 'uWebSockets.js';
import { FixedResponse, type FixedRequest } from './fixed-response.js';

/** What the relay's own front page shows. */
export interface HomePageFacts {
  readonly version: string;
  /** The default site's public key, for the install snippet; none when the relay has no default site. */
  readonly siteKey: string | undefined;
  readonly siteName: string | undefined;
}

/** The request facts the page depends on, copied from uWS's `req` in the handler. */
export interface HomePageRequest extends FixedRequest {
  /** The origin the visitor used (`https://chat.example.com`), or undefined when the Host header is unusable. */
  readonly origin: string | undefined;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c]!);

/** A Host header as a browser sends it: a name or an address, and a port. Anything else is not echoed. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin a request was made to, from its Host header; `https` when a trusted proxy says so
 * (`X-Forwarded-Proto`), since the relay itself speaks plain HTTP.
 */
export function requestOrigin(host: string, forwardedProto: string | undefined): string | undefined {
  if (!HOST.test(host)) return undefined;
  const scheme = forwardedProto?.split(',', 1)[0]?.trim().toLowerCase() === 'https' ? 'https' : 'http';
  return `${scheme}://${host}`;
}

/**
 * The page at `/` when no site folder is configured: it names the relay, links the inbox, shows the install snippet
 * for the default site with this relay's address, and runs the chat itself so the owner can try it at once. No
 * inline script or style (served under the same strict CSP as every page); its stylesheet is `/home/home.css`.
 */
export function renderHomePage(facts: HomePageFacts, origin: string | undefined): string {
  const relay = origin ?? 'https://YOUR-RELAY';
  const key = facts.siteKey ?? 'pk_…';
  // The site's loader: the key alone; the colour, theme, side and pre-chat form come from the inbox.
  const snippet = `<script src="${relay}/widget.js?site=${key}" async></script>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex" />
    <title>Parley relay</title>
    <link rel="stylesheet" href="/home/home.css" />
  </head>
  <body>
    <main>
      <h1>Parley relay <small>${escape(facts.version)}</small></h1>
      <p>This relay stores and delivers the chat of your sites. It is running.</p>
      <ul class="links">
        <li><a href="/admin">Open the inbox</a> — answer visitors (sign in with a staff token)</li>
        <li><a href="/healthz">Health</a> · <a href="/metrics">Metrics</a> · <a href="/v1/openapi.json">Admin API (OpenAPI)</a></li>
      </ul>
      <h2>Add the chat to ${facts.siteName ? escape(facts.siteName) : 'your site'}</h2>
      <p>Paste this line before <code>&lt;/body&gt;</code> on every page that should have the chat:</p>
      <pre><code>${escape(snippet)}</code></pre>
      <p>The chat at the bottom right of this page is that line at work: try it, and answer from the inbox.</p>
    </main>
    ${facts.siteKey ? `<script src="/widget.js?site=${escape(encodeURIComponent(facts.siteKey))}" async></script>` : ''}
  </body>
</html>
`;
}

/**
 * Serves the front page. It depends on the Host header, so it is rendered and compressed once per origin and kept
 * (a few origins at most: the relay's names), not per request.
 */
export class HomePage {
  private readonly rendered = new Map<string, FixedResponse>();

  constructor(private readonly facts: HomePageFacts) {}

  /** Answers `GET /` or `HEAD /`; `headers` are the page headers (CSP, framing). */
  send(res: HttpResponse, request: HomePageRequest, headers: Record<string, string>): void {
    const key = request.origin ?? '';
    let page = this.rendered.get(key);
    if (!page) {
      page = new FixedResponse(renderHomePage(this.facts, request.origin), {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
      });
      // Host headers are the client's to choose: keep a handful, not one per name an attacker invents.
      if (this.rendered.size >= 16) this.rendered.clear();
      this.rendered.set(key, page);
    }
    page.send(res, request, headers);
  }
}
