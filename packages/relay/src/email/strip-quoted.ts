/**
 * What a visitor wrote in an email reply, without the history their mail program quoted under it (issue #16).
 *
 * Mail programs append the message being answered in a handful of recognisable shapes: an attribution line ("On
 * <date>, <name> wrote:", in the reader's language), `>`-quoted lines, Outlook's "-----Original Message-----" or
 * its "From: … Sent: …" header block, and the sender's signature after the "-- " delimiter (RFC 3676) or a
 * mobile client's "Sent from my iPhone". Gmail's and Apple Mail's quote blocks arrive here as an attribution line
 * and `>`-quoted lines (HTML `blockquote`s become `>` lines when the HTML is turned into text).
 *
 * The reply is what comes before the first of those markers. A reply written under the quote (bottom-posting)
 * has nothing before it: then the quoted lines are dropped and what the visitor wrote between and after them is
 * kept. An attribution must carry a digit or an `@` (a date, an address), so that a visitor's own "On Monday I
 * wrote:" is not taken for one.
 */

/** Bidirectional marks that clients put around names and addresses in right-to-left attributions. */
const bidiMarks = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Attribution lines, per language: they introduce the quoted message. Matched on a line, or 2–3 joined lines.
 * Each is linear: one `.+` followed by a fixed ending, or (where two open-ended parts would backtrack into each
 * other, quadratic on a crafted line) a first match of its middle word and an ending checked apart.
 */
const attributions: ReadonlyArray<(line: string) => boolean> = [
  (line) => /^On\s.+\swrote\s?:?$/i.test(line), // en (Gmail, Apple Mail, Thunderbird, Yahoo)
  // en, without the date: "Jane Doe <jane@example.com> wrote:"
  (line) => /.\s<[^<>\s@]+@[^<>\s]+>\s+wrote\s?:$/i.test(line),
  (line) => /^Le\s.+\sa\s[ée]crit\s?:$/i.test(line), // fr
  (line) => /^El\s.+\sescribi[óo]\s?:$/i.test(line), // es
  // de (Gmail: "Am Mo., 1. Jan. 2024 um 10:00 Uhr schrieb Jane <…>:")
  (line) => line.endsWith(':') && /^Am\s.+?\sschrieb\s/i.test(line),
  // de (Thunderbird: "Jane <…> schrieb am 01.01.24 um 10:00:")
  (line) => line.endsWith(':') && endsAfter(/.\sschrieb\sam\s/i.exec(line), line, 2),
  // ar (Gmail: "في الاثنين، … تمت كتابة ما يلي بواسطة Jane <…>:")
  (line) => line.endsWith(':') && /^في\s.+?(?:كتب|بواسطة)/.test(line),
  (line) => /^.+\sكتب\s?:$/.test(line), // ar, short form
  (line) => /^Em\s.+\sescreveu\s?:$/i.test(line), // pt
  (line) => /^Il giorno\s.+\sha scritto\s?:$/i.test(line), // it
  (line) => line.endsWith(':') && /^Op\s.+?\sschreef\s/i.test(line), // nl
];

function isAttribution(line: string): boolean {
  for (const matches of attributions) if (matches(line)) return true;
  return false;
}

/** Whether `match` leaves at least `rest` characters of `line` after it. */
function endsAfter(match: RegExpExecArray | null, line: string, rest: number): boolean {
  return match !== null && line.length - (match.index + match[0].length) >= rest;
}

/** How an attribution may begin: a line that starts so may continue on the next one or two (Gmail wraps at 78). */
const attributionStart = /^(?:On|Le|El|Am|في|Em|Il giorno|Op)\s/i;

/** Outlook's and others' separator lines before the quoted message. */
const originalMessage =
  /^-{2,}\s*(?:Original Message|Message d'origine|Mensaje original|Ursprüngliche Nachricht|Messaggio originale|Mensagem original|Oorspronkelijk bericht|الرسالة الأصلية)\s*-{2,}$/i;

/** The first line of a quoted header block ("From: Jane <…>"), in Outlook's languages; bold in some (`*From:*`). */
const headerFrom = /^\*?(?:From|De|Von|Da|Van|Från|Fra|من)\s?:\*?\s+\S/i;
/** A line of the same block that only a header block has near its `From:`. */
const headerOther =
  /^\*?(?:Sent|Date|To|Subject|Envoyé|À|Objet|Gesendet|Datum|An|Betreff|Enviado|Fecha|Para|Asunto|Inviato|Oggetto|Verzonden|Onderwerp|Skickat|Ämne|Sendt|Emne|تاريخ|التاريخ|أرسل|مرسل|إلى|الموضوع)\s?:/i;

/** A line of underscores, dashes or equals signs alone: Outlook's rule above its header block, and the like. */
const rule = /^[_=-]{8,}$/;

/** The signature delimiter (RFC 3676 "-- "; some clients drop its trailing space). */
const signatureDelimiter = /^-- ?$/;

/** What mobile mail programs add under a reply. */
const mobileSignature =
  /^(?:Sent from my\s.+|Sent from (?:Mail|Outlook|Yahoo Mail)\b.*|Get Outlook for\s.+|Envoyé de mon\s.+|Envoyé depuis\s.+|Enviado desde mi\s.+|Von meinem\s.+gesendet|Gesendet von\s.+|Inviato da\s.+|Enviado do meu\s.+|أرسلت من\s.+|تم الإرسال من\s.+)$/i;

const quoted = /^\s*>/;

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
  // Whether a kept line has text: known as lines are kept, never by reading them all again (quadratic).
  let hasText = false;
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
    if (marker > 0) {
      // Top-posted: the reply is everything above the marker.
      if (hasText) break;
      // Bottom-posted: skip the marker, keep reading for what was written under the quote.
      i += marker - 1;
      continue;
    }
    if (bare.startsWith('-') && signatureDelimiter.test(line.trimEnd())) break;
    if (bare.startsWith('>') && quoted.test(line)) continue;
    if (mobileSignature.test(bare)) {
      if (hasText) break;
      continue;
    }
    kept.push(line.trimEnd());
    written += (hasText ? (blankBefore ? 2 : 1) : 0) + (hasText ? line.trimEnd() : bare).length;
    if (!rule.test(bare)) solid = written;
    hasText = true;
    blankBefore = false;
  }
  return tidy(kept);
}

/** How many lines a history marker takes from line `i` on (0: none there); `bares` are the lines trimmed. */
function markerAt(bares: Bares, i: number): number {
  // No closure made here: this runs once per line (and tsx wraps every function it makes, under test).
  const first = bares.at(i);
  if (first === '') return 0;
  if (originalMessage.test(first)) return bares.length - i;
  if (headerFrom.test(first)) {
    // A header block: `From:` followed within a few lines by `Sent:`/`Date:`/`To:`/`Subject:`.
    for (let next = i + 1; next <= i + 4 && next < bares.length; next++)
      if (headerOther.test(bares.at(next))) return bares.length - i;
    return 0;
  }
  if (rule.test(first) && headerFrom.test(bares.at(i + 1))) return markerAt(bares, i + 1) > 0 ? bares.length - i : 0;
  // One line is an attribution only with a digit or an `@`; two or three only from a known beginning.
  const starts = attributionStart.test(first);
  if (!starts && !/[\d@]/.test(first)) return 0;
  for (let span = 1; span <= 3; span++) {
    if (span > 1 && !starts) break;
    if (!endsLikeAttribution(bares.at(i + span - 1))) continue;
    const joined = bares.join(i, span).replace(/\s+/g, ' ');
    if (joined.length > 400) break;
    if (/[\d@]/.test(joined) && isAttribution(joined)) return span;
  }
  return 0;
}

/** Every attribution ends with a colon, or with "wrote" (English, the colon optional). */
function endsLikeAttribution(line: string): boolean {
  return line.endsWith(':') || line.slice(-5).toLowerCase() === 'wrote';
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

/** Joins the lines kept: no blank lines around, at most one blank line in a row, no trailing rule. */
function tidy(lines: string[]): string {
  while (lines.length > 0 && (lines.at(-1)!.trim() === '' || rule.test(lines.at(-1)!.trim()))) lines.pop();
  // Found first, cut once: `shift()` in a loop moves the whole array each time.
  const first = lines.findIndex((line) => line.trim() !== '');
  return lines
    .slice(first < 0 ? lines.length : first)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
