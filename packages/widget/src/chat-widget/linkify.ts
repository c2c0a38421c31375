import { displayUrl } from './display-text.js';

/** A run of message text: plain text, or a link that is safe to put in an `href`. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const urlPattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that usually ends a sentence rather than a URL ("see https://x.com/a.").
const trailing = /[.,;:!?)\]}»”’]+$/;

/**
 * Splits `text` into plain runs and http(s) links. Only `http:` and `https:` URLs that the URL parser accepts
 * become links; everything else (including `javascript:`) stays text. The caller renders the parts as text
 * nodes and attributes, never as HTML. A link's text shows the host it really goes to ({@link displayUrl}).
 *
 * @example linkify('see https://example.com.') // text 'see ', link 'https://example.com', text '.'
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const start = match.index;
    let candidate = match[0];
    const tail = trailing.exec(candidate);
    if (tail) candidate = candidate.slice(0, -tail[0].length);
    let url: URL | undefined;
    try {
      url = new URL(candidate);
    } catch {
      // Not a URL after all: keep it as text.
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: displayUrl(candidate, url), href: url.href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
