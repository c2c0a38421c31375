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
 * email holds nothing else (an empty reply, or only a quote).
 *
 * @example
 * stripQuoted('Thanks, that works!\n\nOn Mon, 1 Jan 2024 at 10:00, Acme <help@acme.example> wrote:\n> Try again?');
 * // 'Thanks, that works!'
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  // Whether a kept line has text: known as lines are kept, never by reading them all again (quadratic).
  let hasText = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const bare = line.replace(bidiMarks, '').trim();
    if (bare === '') {
      // A blank line is no marker, no quote, no signature: kept as it is.
      kept.push(line.trimEnd());
      continue;
    }
    const marker = markerAt(lines, i);
    if (marker > 0) {
      // Top-posted: the reply is everything above the marker.
      if (hasText) break;
      // Bottom-posted: skip the marker, keep reading for what was written under the quote.
      i += marker - 1;
      continue;
    }
    if (signatureDelimiter.test(line.trimEnd())) break;
    if (quoted.test(line)) continue;
    if (mobileSignature.test(bare)) {
      if (hasText) break;
      continue;
    }
    kept.push(line.trimEnd());
    hasText = true;
  }
  return tidy(kept);
}

/** How many lines a history marker takes from line `i` on (0: none there). */
function markerAt(lines: readonly string[], i: number): number {
  const bare = (at: number): string => (lines[at] ?? '').replace(bidiMarks, '').trim();
  const first = bare(i);
  if (first === '') return 0;
  if (originalMessage.test(first)) return lines.length - i;
  if (headerFrom.test(first)) {
    // A header block: `From:` followed within a few lines by `Sent:`/`Date:`/`To:`/`Subject:`.
    for (let next = i + 1; next <= i + 4 && next < lines.length; next++)
      if (headerOther.test(bare(next))) return lines.length - i;
    return 0;
  }
  if (rule.test(first) && headerFrom.test(bare(i + 1))) return markerAt(lines, i + 1) > 0 ? lines.length - i : 0;
  // One line is an attribution only with a digit or an `@`; two or three only from a known beginning.
  const starts = attributionStart.test(first);
  if (!starts && !/[\d@]/.test(first)) return 0;
  for (let span = 1; span <= 3; span++) {
    if (span > 1 && !starts) break;
    const joined = Array.from({ length: span }, (_, k) => bare(i + k))
      .join(' ')
      .replace(/\s+/g, ' ');
    if (joined.length > 400) break;
    if (/[\d@]/.test(joined) && attributions.some((matches) => matches(joined))) return span;
  }
  return 0;
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
