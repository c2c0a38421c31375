import { htmlToText } from './html-text.js';
import { type InboundEmail, cleanText, headerEnd } from './inbound-message.js';

/**
 * The original of an email reply, as the inbox's "Show original" shows it (issue #38): for when quote stripping
 * took too much or too little, the header block as received and the whole text of the body before anything was
 * stripped. Both are bounded, and say when they were cut.
 */

/** The most of a header block kept, in bytes (a real one is a few KiB; the relay reads up to 100 KiB). */
export const maxOriginalHeaderBytes = 64 * 1024;

/** The most of a body's text kept, in characters (as much as the HTML converter writes of one body). */
export const maxOriginalText = 100_000;

/** What is kept of an email's original: see the module's comment. */
export interface OriginalText {
  /** `raw`: read from the email as received; `fields`: the webhook's JSON fields, written as headers. */
  readonly source: 'raw' | 'fields';
  /** The header block, lines separated by `\n`, folded lines kept folded, control characters removed. */
  readonly headers: string;
  readonly text: string;
  readonly headersTruncated: boolean;
  readonly textTruncated: boolean;
}

/** How an HTML part reads in the original: as text, its marked-up quotes kept, one character past the limit. */
export const originalHtmlText = (html: string): string => htmlToText(html, { maxText: maxOriginalText + 1 });

/**
 * The original of a raw RFC 822 message: its header block (up to {@link maxOriginalHeaderBytes}, cut at a line's
 * end) and `text`, its body's text as `mimeBody` read it with {@link originalHtmlText} (an HTML part keeps its
 * marked-up quotes). Made on the parser thread from the reading that gave the reply (`inbound-parser-thread.ts`).
 */
export function originalOf(raw: Buffer, text: string): OriginalText {
  const end = headerEnd(raw);
  const headersTruncated = end > maxOriginalHeaderBytes;
  let block = raw.subarray(0, Math.min(end, maxOriginalHeaderBytes));
  if (headersTruncated) {
    const lineEnd = block.lastIndexOf(0x0a);
    if (lineEnd > 0) block = block.subarray(0, lineEnd);
  }
  return { source: 'raw', headers: cleanText(block.toString('utf8')).trimEnd(), ...bounded(text), headersTruncated };
}

/**
 * The original of an email posted as the webhook's JSON fields: those fields written as headers (`From`, `To`,
 * `Subject`, `Message-ID`: what the provider gave) and the text as given. Cheap enough for the event loop: the
 * text is cut before it is cleaned.
 */
export function originalOfFields(email: InboundEmail): OriginalText {
  const headers = email.headers ?? '';
  const cut = headers.length > maxOriginalHeaderBytes;
  return {
    source: 'fields',
    headers: cleanText(cut ? headers.slice(0, maxOriginalHeaderBytes) : headers),
    ...bounded(email.text.slice(0, maxOriginalText + 1)),
    headersTruncated: cut,
  };
}

/** The text cleaned to what may be stored, and cut to {@link maxOriginalText}. */
function bounded(text: string): { text: string; textTruncated: boolean } {
  const clean = cleanText(text);
  if (clean.length <= maxOriginalText) return { text: clean, textTruncated: false };
  // Never half of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(clean[maxOriginalText - 1] ?? '') ? maxOriginalText - 1 : maxOriginalText;
  return { text: clean.slice(0, end), textTruncated: true };
}

/**
 * A header block as a list of headers, in order: each continuation line (starting with a space or a tab) joined to
 * the header it continues, with one space (none after an empty first line). A line without a colon is kept as a header without a name. Linear in the
 * block's length (at most {@link maxOriginalHeaderBytes}).
 */
export function headerList(block: string): Array<{ name: string; value: string }> {
  const headers: Array<{ name: string; value: string }> = [];
  for (const line of block.split('\n')) {
    if (line.trim() === '') continue;
    const last = headers.at(-1);
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.value = last.value === '' ? line.trim() : `${last.value} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    headers.push(
      colon > 0
        ? { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() }
        : { name: '', value: line },
    );
  }
  return headers;
}
