/**
 * The token of a link from an email (issue #16): the relay emails a visitor `https://site/page#parley-link=<token>`,
 * a one-time token in the fragment (never sent to servers or in `Referer`). The widget takes it out of the address
 * bar at once; `visitor-link.ts`, a chunk of its own fetched only then, exchanges it for the visitor's session.
 */

const linkPattern = /(?:^#|&)parley-link=([\w-]{16,128})/;

/**
 * The token of a link this page was opened with, if any, taken out of the address bar with the fragment (the path
 * and query kept).
 * The script-tag loader loads the element at once on such a page.
 */
export function takeLinkToken(): string | undefined {
  const token = linkPattern.exec(location.hash)?.[1];
  if (token) history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}
