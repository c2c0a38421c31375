/*
 * The portal's meta descriptions (docs/help-center.md, "The portal"): what a search engine shows under a page's
 * title. An article's is its summary, else the first sentences of its body as plain text, about as long as results
 * show (~155 characters), cut at a sentence end or else at a word boundary with an ellipsis.
 */

/** Longest description, in characters: what search results show before they cut one themselves. */
export const DESCRIPTION_MAX = 155;
/** First sentences shorter than this are too little to stand alone: the text goes on to a word boundary. */
const SENTENCES_MIN = 80;
/** HTML read for a description: its first sentences are far within this, and a long body costs nothing more. */
const HTML_READ = 4000;

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Character references decoded (those markdown-it writes, and numeric ones); an unknown name stays as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/**
 * The plain text of an article's body as `renderMarkdown` writes it (markdown-it: every `<` of the text and every
 * `>` of an attribute escaped, so a tag ends at its first `>`): the paragraphs, lists and quotes, without headings
 * and code blocks (they read badly in a result), unless the body has nothing else. Only its first
 * {@link HTML_READ} characters are read.
 */
export function bodyText(html: string): string {
  const head = html.length > HTML_READ ? html.slice(0, HTML_READ).replace(/<[^>]*$/, '') : html;
  const plain = (text: string): string =>
    decodeEntities(text.replace(/<[^>]*>/g, ''))
      .replace(/\s+/g, ' ')
      .trim();
  const prose = plain(head.replace(/<(h[1-6]|pre)\b[^>]*>[\s\S]*?<\/\1>/g, ' '));
  return prose || plain(head);
}

const segmenters = new Map<string, { sentences: Intl.Segmenter; words: Intl.Segmenter }>();
/** The locale's segmenters (made once per locale: a site has a few). */
function segmentersOf(locale: string): { sentences: Intl.Segmenter; words: Intl.Segmenter } {
  let found = segmenters.get(locale);
  if (!found) {
    let tag = 'en';
    try {
      tag = Intl.getCanonicalLocales(locale)[0] ?? 'en';
    } catch {
      // A tag ICU refuses: English rules cut at spaces and full stops, which is still a fair cut.
    }
    found = {
      sentences: new Intl.Segmenter(tag, { granularity: 'sentence' }),
      words: new Intl.Segmenter(tag, { granularity: 'word' }),
    };
    if (segmenters.size < 200) segmenters.set(locale, found);
  }
  return found;
}

/**
 * `text` (plain, whitespace collapsed) as a description of at most {@link DESCRIPTION_MAX} characters: all of it
 * when it fits; else its first whole sentences when they say enough; else cut at the last word boundary that fits,
 * with `…`. Sentences and words as the locale's rules tell them (a Japanese text has no spaces).
 */
export function describe(text: string, locale: string): string {
  const whole = text.replace(/\s+/g, ' ').trim();
  if (whole.length <= DESCRIPTION_MAX) return whole;
  // A little past the limit is enough to tell where its sentences and words end.
  const start = whole.slice(0, DESCRIPTION_MAX + 40);
  const { sentences, words } = segmentersOf(locale);
  let kept = '';
  for (const { segment } of sentences.segment(start)) {
    if ((kept + segment).trimEnd().length > DESCRIPTION_MAX) break;
    kept += segment;
  }
  if (kept.trimEnd().length >= SENTENCES_MIN) return kept.trimEnd();
  let cut = '';
  for (const { segment } of words.segment(start)) {
    if ((cut + segment).trimEnd().length > DESCRIPTION_MAX - 1) break;
    cut += segment;
  }
  // A word longer than the rest of the room (a URL): cut inside it, never inside a character.
  if (cut.trim().length < DESCRIPTION_MAX / 2) {
    cut = '';
    for (const character of whole) {
      if (cut.length + character.length > DESCRIPTION_MAX - 1) break;
      cut += character;
    }
  }
  return `${cut.replace(/[\s,;:.\-–—([{"'“‘]+$/u, '')}…`;
}

/** An article's description: its summary, else the first sentences of its body (see {@link describe}). */
export function articleDescription(
  article: { readonly summary: string | null; readonly locale: string },
  html: string,
): string | undefined {
  const summary = article.summary?.trim();
  if (summary) return describe(summary, article.locale);
  return describe(bodyText(html), article.locale) || undefined;
}
