/**
 * The quoted history of an HTML reply, recognised by the markup mail programs wrap it in (issue #38), so that it
 * is dropped before the HTML becomes text, where it could only be guessed at from its words.
 *
 * - `block`: the element holds the quote, and only it: Gmail's `blockquote class="gmail_quote"` and its
 *   `gmail_attr` attribution, Thunderbird's `moz-cite-prefix` attribution, Apple Mail's and Thunderbird's
 *   `blockquote type="cite"`, Yahoo's `yahoo_quoted`, Proton Mail's `protonmail_quote`, Outlook for Mac's
 *   `OLK_SRC_BODY_SECTION` (its header block and the quoted message, in one `span`). What the visitor wrote after it (bottom-posting) is kept, and
 *   so is what they wrote between Gmail's quotes (answering inline, Gmail splits its quote in several, all in one
 *   `div class="gmail_quote"`: that container is not dropped whole).
 * - `rest`: the element is the header of a quoted message that follows it unwrapped, to the end: Outlook's
 *   `divRplyFwdMsg`, and its older header `div` with a top border of `#E1E1E1` or `#B5C4DF`.
 */
export type QuoteKind = 'block' | 'rest';

/** The attributes read to recognise a quote (each cut to {@link maxQuoteAttribute} characters). */
export interface QuoteAttributes {
  class?: string;
  id?: string;
  type?: string;
  style?: string;
}

/** Longest attribute value read for it: real ones are short, and a crafted long one is read no further. */
export const maxQuoteAttribute = 512;

/** Classes of elements that hold only quoted history (`gmail_quote` only on a `blockquote`: see {@link QuoteKind}). */
const quoteClasses = new Set(['gmail_attr', 'moz-cite-prefix', 'yahoo_quoted', 'protonmail_quote']);

/** Outlook's reply header: a top border in one of its two colours (`border-top:solid #E1E1E1 1.0pt`). */
const outlookBorder = /border-top:solid#(?:e1e1e1|b5c4df)/;

/** What `element` (a lower-case tag name) with `attributes` holds, if it is a quote: see {@link QuoteKind}. */
export function quoteKind(element: string, attributes: QuoteAttributes): QuoteKind | undefined {
  const { class: classes, id, type, style } = attributes;
  if (classes !== undefined) {
    const names = classes.toLowerCase().split(/[ \t\n\f\r]+/);
    if (names.some((name) => quoteClasses.has(name))) return 'block';
    if (element === 'blockquote' && names.includes('gmail_quote')) return 'block';
  }
  if (element === 'blockquote' && type?.trim().toLowerCase() === 'cite') return 'block';
  const trimmedId = id?.trim();
  if (trimmedId === 'OLK_SRC_BODY_SECTION') return 'block';
  // Outlook on the web prefixes the ids of a message it quotes again: `x_divRplyFwdMsg`.
  if (trimmedId === 'divRplyFwdMsg' || trimmedId === 'x_divRplyFwdMsg') return 'rest';
  if (element === 'div' && style !== undefined && outlookBorder.test(style.toLowerCase().replace(/\s+/g, '')))
    return 'rest';
  return undefined;
}
