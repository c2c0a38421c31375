/**
 * Bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the
 * implicit marks (U+200E, U+200F, U+061C). In a name or a title they can reorder what follows ("‮fdp.exe" reads
 * as "exe.pdf"); nothing a visitor or a page names needs them.
 */
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without bidirectional formatting characters: for names, titles and file names shown to people. */
export function stripBidiControls(text: string): string {
  return text.replace(bidiControls, '');
}

/**
 * How a link's target is shown: the URL as written, but with its host as the browser will really reach it
 * (ASCII, punycode for an internationalized name: `https://аpple.com` in Cyrillic shows as
 * `https://xn--pple-43d.com`), and without bidirectional controls.
 *
 * @param written the URL as it appeared in the text
 * @param url the same URL, parsed
 */
export function displayUrl(written: string, url: URL): string {
  const clean = stripBidiControls(written);
  const start = clean.indexOf('//') + 2;
  let end = clean.slice(start).search(/[/?#]/);
  end = end === -1 ? clean.length : start + end;
  // The authority as written, less any user info (`https://bank.example@evil.example/` goes to evil.example).
  return start < 2 ? url.href : `${clean.slice(0, start)}${url.host}${clean.slice(end)}`;
}

/** True when `text` reads like a web address: it must never be the text of a link that goes somewhere else. */
export function looksLikeUrl(text: string): boolean {
  return /^\s*([a-z][a-z0-9+.-]*:\/\/|www\.)|^\s*[^\s/]+\.[a-z]{2,}(?:[/:?#]|\s*$)/i.test(text);
}
