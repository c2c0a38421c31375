/**
 * What a visitor wrote in an email reply, without the history their mail program quoted under it (issues #16, #38).
 *
 * Mail programs append the message being answered in a handful of recognisable shapes (`quote-markers.ts`): an
 * attribution line ("On <date>, <name> wrote:", in the reader's language, or any line or two ending in a colon with
 * a date or time and an address), `>`-quoted lines, a separator ("-----Original Message-----", "---------- Forwarded
 * message ---------", in any language), Outlook's "From: … Sent: …" header block (its field names in any language
 * under a known word for "From"), the sender's signature after the "-- " delimiter (RFC 3676) and a mobile
 * client's "Sent from my iPhone". Gmail's and Apple Mail's quote blocks arrive here as an attribution line and
 * `>`-quoted lines (HTML `blockquote`s become `>` lines when the HTML is turned into text).
 *
 * The reply is what comes before the first of those markers. A reply written under the quote (bottom-posting)
 * has nothing before it, or only a greeting ("Hi,"): then the quoted lines are dropped and what the visitor wrote
 * between and after them is kept. An attribution must carry a digit or an `@` (a date, an address), so that a
 * visitor's own "On Monday I wrote:" is not taken for one. What is left is never only separators: then nothing.
 */

import {
  attributionMaxLength,
  attributionStart,
  endsLikeAttribution,
  attributionKind,
  dashedTitle,
  isHeaderFrom,
  isHeaderLine,
  isMobileFooter,
  isForwardedHeading,
  isSeparatorTitle,
  rule,
  signatureDelimiter,
} from './quote-markers.js';

/** Bidirectional marks that clients put around names and addresses in right-to-left attributions. */
const bidiMarks = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const quoted = /^\s*>/;

/** A letter, digit or symbol (an emoji) of any script: a line with one is more than a separator. */
const hasText = /[\p{L}\p{N}\p{So}]/u;

/**
 * The reply that starts `text`, without the quoted history, signature and trailing blank lines; `''` when the
 * email holds nothing else (an empty reply, or only a quote). With a `limit`, reading stops once the reply is
 * surely longer than that (it is cut there anyway): what is returned then starts as the whole reply would.
 *
 * @example
 * stripQuoted('Thanks, that works!\n\nOn Mon, 1 Jan 2024 at 10:00, Acme <help@acme.example> wrote:\n> Try again?');
 * // 'Thanks, that works!'
 */
export function stripQuoted(text: string, limit = Infinity): string {
  // Three blank lines or more are two: the reply keeps at most one blank line in a row, and no marker spans two.
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n(?:[ \t]*\n){3,}/g, '\n\n\n')
    .split('\n');
  const bares = new Bares(lines, bidiMarks.test(text));
  bidiMarks.lastIndex = 0;
  const kept: string[] = [];
  // The kept lines with text, counted as they are kept, never by reading them all again (quadratic); the first.
  let textLines = 0;
  let firstText = '';
  // The length of the reply so far as `tidy` will write it, up to its last line that `tidy` cannot drop.
  let written = 0;
  let solid = 0;
  let blankBefore = false;
  for (let i = 0; i < lines.length && solid <= limit; i++) {
    const line = lines[i]!;
    const bare = bares.at(i);
    if (bare === '') {
      // A blank line is no marker, no quote, no signature: kept as it is.
      kept.push(line.trimEnd());
      blankBefore = true;
      continue;
    }
    const marker = markerAt(bares, i);
    if (marker.lines > 0) {
      // Top-posted: the reply is everything above the marker, unless that is only a greeting over a quote
      // ("Hi," then "On … wrote:" and `>` lines): then the reply goes on under the quote (bottom-posting).
      if (
        textLines > 0 &&
        !(marker.attribution && isGreeting(textLines, firstText) && quoteFollows(bares, i + marker.lines))
      ) {
        if (marker.header) dropHeaderLinesAbove(kept);
        break;
      }
      // A message that starts with its own header block ("Od: … Wysłano: … Temat: …", no separator above it):
      // nothing was written above, and what is under the block is the message. Skip the block only.
      if (marker.header && marker.bare && textLines === 0) {
        i = headerBlockEnd(bares, i) - 1;
        continue;
      }
      // Bottom-posted: skip the marker, keep reading for what was written under the quote.
      i += marker.lines - 1;
      continue;
    }
    if (bare.startsWith('-') && signatureDelimiter.test(line.trimEnd())) break;
    if (bare.startsWith('>') && quoted.test(line)) continue;
    if (isMobileFooter(bare)) {
      if (textLines > 0) break;
      continue;
    }
    kept.push(line.trimEnd());
    const hasText = textLines > 0;
    written += (hasText ? (blankBefore ? 2 : 1) : 0) + (hasText ? line.trimEnd() : bare).length;
    if (!rule.test(bare)) solid = written;
    if (!hasText) firstText = bare;
    textLines++;
    blankBefore = false;
  }
  return tidy(kept);
}

/** What a marker found at a line is: how many lines it takes (0: no marker), and its kind. */
interface Marker {
  readonly lines: number;
  /** An attribution line ("On … wrote:"), which `>`-quoted lines follow when the visitor writes under them. */
  readonly attribution: boolean;
  /** A header block ("From: … Sent: …"), whose first lines may already have been kept ("Message du : …"). */
  readonly header: boolean;
  /** A header block with no separator or rule above it. */
  readonly bare?: boolean;
}

const noMarker: Marker = { lines: 0, attribution: false, header: false };

/** How many lines a history marker takes from line `i` on, and which kind it is; `bares` are the lines trimmed. */
function markerAt(bares: Bares, i: number): Marker {
  // No closure made here: this runs once per line (and tsx wraps every function it makes, under test).
  const first = bares.at(i);
  const rest = bares.length - i;
  if (isSeparator(bares, i)) return { lines: rest, attribution: false, header: false };
  if (isHeaderBlock(bares, i)) return { lines: rest, attribution: false, header: true, bare: true };
  if (rule.test(first) && isHeaderBlock(bares, i + 1)) return { lines: rest, attribution: false, header: true };
  // One line is an attribution only with a digit or an `@`; two or three only when their first starts one: in a
  // known language, or with a date after a blank line (Finnish "pe 20. lokakuuta 2017 klo 17.50 Jane", then the
  // address and "kirjoitti:" on the next), not ending a sentence unless it holds an address (Gmail's German "Jane
  // <jane@example.com> schrieb am Fr., 28.", then "Apr. 2017 um 11:53 Uhr:").
  const oneLine = /[\d@]/.test(first);
  const starts =
    attributionStart.test(first) ||
    (oneLine && (i === 0 || bares.at(i - 1) === '') && (!/[.!?。]$/.test(first) || first.includes('@')));
  if (!starts && !oneLine) return noMarker;
  for (let span = 1; span <= 3; span++) {
    if (span > 1 && !starts) break;
    const last = bares.at(i + span - 1);
    // A wrapped attribution has neither a blank nor a quoted line inside ("On Thursday." above a quote is a
    // reply), only the end of its address (Gmail's Norwegian "… <jane@example.com" then ">:").
    if (last === '' || (span > 1 && last.startsWith('>') && last !== '>:')) break;
    // Nor a line that starts one itself: "It is 4411." above "On Mon, … <" and "help@… wrote:" is the reply.
    if (span > 1 && attributionStart.test(last)) break;
    if (!endsLikeAttribution(last)) continue;
    const joined = bares.join(i, span).replace(/\s+/g, ' ');
    if (joined.length > attributionMaxLength) break;
    const kind = attributionKind(joined);
    // Known only by its shape, an attribution is followed by the quote, a blank line or nothing: a visitor's "I sent
    // it on 8 Jan at 10:02 from jane@example.com:" is followed by what they sent.
    const next = bares.at(i + span);
    if (kind === 'words' || (kind === 'shape' && (next === '' || next.startsWith('>'))))
      return { lines: span, attribution: true, header: false };
  }
  return noMarker;
}

/**
 * Whether a separator is at line `i`: Apple Mail's "Begin forwarded message:", or a title between dashes that is
 * a known one ("-----Original Message-----", "---------- Forwarded message ---------", in their languages), an
 * attribution (Zoho's "---- On … wrote ----"), or that has a header block within the next three lines (a title
 * in another language). A visitor's "--- Step 1 ---" is none of these.
 */
function isSeparator(bares: Bares, i: number): boolean {
  const line = bares.at(i);
  if (isForwardedHeading(line)) return true;
  const title = dashedTitle(line);
  if (title === undefined) return false;
  if (isSeparatorTitle(title) || attributionKind(title) !== undefined) return true;
  for (let next = i + 1; next <= i + 3 && next < bares.length; next++) if (isHeaderBlock(bares, next)) return true;
  return false;
}

/**
 * Whether a header block starts at line `i`: a `From:` line (in a known language), followed within four lines by
 * another `Name: value` line, the block's lines carrying an address or a digit (a date). "From: the shop in Lyon"
 * then "To: my home" is a visitor's. Hotmail's and some webmails' blocks start with another field ("Date: …",
 * "Subject: …", then "From: jane@example.com"): a block of three fields or more in a row, one of them a `From:` with
 * an address, is one too.
 */
function isHeaderBlock(bares: Bares, i: number): boolean {
  const first = bares.at(i);
  if (!isHeaderFrom(first)) return isHeaderBlockFromInside(bares, i);
  let evidence = /[\d@]/.test(first);
  let fields = 0;
  for (let next = i + 1; next <= i + 4 && next < bares.length; next++) {
    const line = bares.at(next);
    if (line === '' || !isHeaderLine(line)) continue;
    fields++;
    evidence ||= /[\d@]/.test(line);
  }
  return fields > 0 && evidence;
}

/** A header block whose `From:` (with an address) is its second to fourth line, each line of it a field. */
function isHeaderBlockFromInside(bares: Bares, i: number): boolean {
  if (!isHeaderLine(bares.at(i))) return false;
  let from = false;
  let fields = 1;
  for (let next = i + 1; next <= i + 3 && next < bares.length; next++) {
    const line = bares.at(next);
    if (!isHeaderLine(line)) break;
    fields++;
    from ||= isHeaderFrom(line) && line.includes('@');
  }
  return from && fields >= 3;
}

/** The line after the header block that starts at line `i`: its first blank line (the block has no blank inside). */
function headerBlockEnd(bares: Bares, i: number): number {
  let end = i;
  while (end < bares.length && bares.at(end) !== '') end++;
  return end;
}

/** Whether the reply so far is only a greeting: one line that ends with a comma ("Hi,", "Hallo Acme,"). */
function isGreeting(textLines: number, firstText: string): boolean {
  return textLines === 1 && firstText.length <= 40 && firstText.endsWith(',');
}

/** Whether the first line from `i` on that is not blank is `>`-quoted. */
function quoteFollows(bares: Bares, i: number): boolean {
  // Blank lines come at most three in a row (see `stripQuoted`).
  for (let next = i; next < i + 4 && next < bares.length; next++) {
    const line = bares.at(next);
    if (line !== '') return line.startsWith('>');
  }
  return false;
}

/**
 * Drops the kept lines just above a header block that belong to it: up to two `Name: value` lines with a digit
 * (a French webmail's "Message du : 12/12/2016 13:20" above its "De :").
 */
function dropHeaderLinesAbove(kept: string[]): void {
  for (let dropped = 0; dropped < 2 && kept.length > 0; dropped++) {
    const line = kept.at(-1)!.trim();
    if (!isHeaderLine(line) || !/\d/.test(line)) return;
    kept.pop();
  }
}

/** The lines without bidirectional marks and trimmed (`''` past the end), each made once when first asked for. */
class Bares {
  readonly #lines: readonly string[];
  readonly #made: string[] = [];
  readonly #bidi: boolean;
  readonly length: number;

  constructor(lines: readonly string[], bidi: boolean) {
    this.#lines = lines;
    this.#bidi = bidi;
    this.length = lines.length;
  }

  at(index: number): string {
    let bare = this.#made[index];
    if (bare === undefined) {
      const line = this.#lines[index] ?? '';
      bare = this.#bidi ? line.replace(bidiMarks, '').trim() : line.trim();
      this.#made[index] = bare;
    }
    return bare;
  }

  /** `count` lines from `index` on (fewer past the end), joined with spaces. */
  join(index: number, count: number): string {
    let joined = this.at(index);
    for (let k = 1; k < count && index + k < this.length; k++) joined += ` ${this.at(index + k)}`;
    return joined;
  }
}

/**
 * Joins the lines kept: no blank lines around, at most one blank line in a row, no trailing rule; `''` when only
 * separators are left (a reply is never a line of dashes).
 */
function tidy(lines: string[]): string {
  while (lines.length > 0 && (lines.at(-1)!.trim() === '' || rule.test(lines.at(-1)!.trim()))) lines.pop();
  // Found first, cut once: `shift()` in a loop moves the whole array each time.
  const first = lines.findIndex((line) => line.trim() !== '');
  if (!lines.some((line) => hasText.test(line))) return '';
  return lines
    .slice(first < 0 ? lines.length : first)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
