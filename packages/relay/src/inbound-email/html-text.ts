import { Tokenizer } from 'htmlparser2';
import { type QuoteAttributes, maxQuoteAttribute, quoteKind } from './html-quotes.js';

/**
 * HTML to plain text for replies by email that carry only HTML (issue #33).
 *
 * mailparser's own conversion (html-to-text) builds a DOM and walks it in time that grows with the square of the
 * nesting depth: 600 KB of nested tags held the event loop for 14 s. This one reads the HTML once with
 * htmlparser2's tokenizer (a state machine: linear, entities decoded) and writes the text as it goes. Its only
 * memory of the document is the stack of open elements, with a count per tag name, so a closing tag that matches
 * nothing costs one lookup and one that closes several pops each once: the whole pass is linear in the input.
 * HTML nested deeper than {@link maxHtmlDepth} is refused ({@link HtmlTooDeepError}): no reply needs it. It stops
 * reading once it has written {@link maxHtmlText} characters, or (dropping quotes) once a quoted message's header
 * has begun what is left.
 *
 * What it keeps: text, with white space collapsed (kept as written in `pre`); line breaks for `br` and block
 * elements, a blank line around paragraphs, headings, lists, tables and quotes; `- ` before a list item (`1. `
 * in an ordered list); table cells of a row on one line, separated by ` | `; a link as its text followed by its
 * address in parentheses when the two differ (http, https and mailto only); `> ` before every line of a
 * `blockquote` (however nested: the quote stripper drops those lines). What it drops: `script`, `style`,
 * `title`, `template`, comments, images and every attribute but a link's `href`. With `dropQuotes`, it drops
 * the quoted history that mail programs mark up (see `html-quotes.ts`); {@link htmlReplyText} does so safely.
 */

/** Deepest nesting of elements taken; deeper HTML is refused. Real mail stays far below (a long Gmail thread ~150). */
export const maxHtmlDepth = 400;

/**
 * Most text written from one HTML body, in characters: the HTML after it is not read. A stored reply keeps at most
 * 4,000, and the quote stripper finds a reply in the first 100,000 (a quote marked up in HTML writes nothing, so
 * it never counts); this bounds the work on a body built to write much (1 MiB of `<p>x` is 262,144 paragraphs).
 */
export const maxHtmlText = 100_000;

/** The HTML nests deeper than {@link maxHtmlDepth}: refused, nothing of it is kept. */
export class HtmlTooDeepError extends Error {
  override name = 'HtmlTooDeepError';
  constructor() {
    super(`The HTML nests deeper than ${maxHtmlDepth} levels.`);
  }
}

/** Elements without content: never on the stack. */
const voidElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is not text for a reader. */
const hidden = new Set(['script', 'style', 'title', 'template']);

/** Elements set off by a blank line. */
const paragraphs = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'dl',
  'table',
  'blockquote',
  'pre',
  'hr',
  'figure',
]);

/** Elements that start and end a line. */
const lines = new Set([
  'div',
  'li',
  'tr',
  'dt',
  'dd',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'nav',
  'aside',
  'address',
  'form',
  'fieldset',
  'center',
  'caption',
  'figcaption',
  'thead',
  'tbody',
  'tfoot',
]);

/** Opening the key closes an open element of these names on top of the stack (HTML's implied end tags). */
const closedBy: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...[...paragraphs, ...lines].map((name): [string, ReadonlySet<string>] => [name, new Set(['p'])]),
  ['li', new Set(['li', 'p'])],
  ['dt', new Set(['dt', 'dd', 'p'])],
  ['dd', new Set(['dt', 'dd', 'p'])],
  ['tr', new Set(['tr', 'td', 'th'])],
  ['td', new Set(['td', 'th'])],
  ['th', new Set(['td', 'th'])],
  ['option', new Set(['option'])],
]);

/** A link's address worth showing: web and mail only, and not absurdly long. */
const shownHref = /^(?:https?:|mailto:)/i;
const maxHref = 2048;

/** The longest indentation of a nested list item (two spaces a level). */
const maxIndent = 8;

interface Open {
  readonly name: string;
  /** For `a`: the address, shown after its text when they differ. */
  readonly href: string | undefined;
  /** Where the output stood when the element opened (for `a`: its text is what follows). */
  readonly at: number;
  /** For `ol`: the next item's number. */
  counter?: number;
  /** A quote block being dropped: nothing in it is written. */
  readonly dropped: boolean;
}

/** The attributes read from a tag: a link's address, and those that mark a quote. */
const readAttributes = new Set(['href', 'class', 'id', 'type', 'style']);

/**
 * The visitor's own words in an HTML reply: {@link htmlToText} without the quoted history that mail programs mark
 * up (Gmail, Apple Mail, Thunderbird, Outlook, Yahoo: see `html-quotes.ts`). When that leaves nothing of a
 * reply that had text, the whole is kept instead (quotes as `> ` lines, for the quote stripper to judge): an
 * email is never read as empty because its markup was misread. Linear in the length of `html`, as is
 * {@link htmlToText}; throws {@link HtmlTooDeepError} likewise.
 */
export function htmlReplyText(html: string): string {
  const reply = htmlToText(html, { dropQuotes: true });
  return reply !== '' ? reply : htmlToText(html, { maxText: fallbackText });
}

/**
 * Most text read back when dropping the quotes left nothing: twice the 4,000 characters a stored reply keeps. The
 * second pass costs no more than a fraction of the first on HTML that is all quotes (1 MiB of quote blocks).
 */
const fallbackText = 8_000;

/**
 * The text of `html`, as a reader of the rendered email would read it (see the module's comment). Linear in the
 * length of `html`; throws {@link HtmlTooDeepError} when elements nest deeper than {@link maxHtmlDepth}. Options:
 * `dropQuotes` drops the quotes mail programs mark up (see `html-quotes.ts`); `maxText` (default
 * {@link maxHtmlText}) is the text after which the rest is not read.
 *
 * @example
 * htmlToText('<p>Yes &amp; thanks!</p><blockquote>On Mon, Jane wrote:<br>Hi</blockquote>');
 * // 'Yes & thanks!\n\n> On Mon, Jane wrote:\n> Hi'
 */
export function htmlToText(
  html: string,
  options: { readonly dropQuotes?: boolean; readonly maxText?: number } = {},
): string {
  const maxText = options.maxText ?? maxHtmlText;
  const out = new TextBuilder();
  const stack: Open[] = [];
  const openCounts = new Map<string, number>();
  let hiddenDepth = 0;
  /** Quote blocks open (with `dropQuotes`), and whether a quoted message's header has begun it all. */
  let droppedDepth = 0;
  let droppedRest = false;
  let preDepth = 0;
  let quoteDepth = 0;
  /** The open lists, innermost last: where a list item finds its kind and number. */
  const lists: Open[] = [];
  // The tag being read: its name and, for `a`, its `href`.
  let tag = '';
  let attribute = '';
  let href: string | undefined;
  let quoteAttributes: QuoteAttributes | undefined;
  const shown = (): boolean => hiddenDepth === 0 && droppedDepth === 0 && !droppedRest;

  const count = (name: string, by: number): void => {
    openCounts.set(name, (openCounts.get(name) ?? 0) + by);
  };

  const enter = (name: string): void => {
    if (hidden.has(name)) hiddenDepth += 1;
    else if (name === 'pre') preDepth += 1;
    else if (name === 'blockquote') quoteDepth += 1;
    // A list in a list item is its continuation: a line break, not a paragraph's.
    if (paragraphs.has(name)) out.breakLines((name === 'ul' || name === 'ol') && lists.length > 0 ? 1 : 2);
    else if (lines.has(name)) out.breakLines(1);
    // A bullet or a cell's separator in a dropped quote would be written before the next text shown.
    if (!shown()) return;
    if (name === 'li') {
      const list = lists.at(-1);
      const number = list?.name === 'ol' ? (list.counter = (list.counter ?? 0) + 1) : 0;
      const indent = ' '.repeat(Math.min(maxIndent, Math.max(0, lists.length - 1) * 2));
      out.startItem(indent + (number > 0 ? `${number}. ` : '- '));
    } else if (name === 'td' || name === 'th') out.separate(' | ');
  };

  const leave = (open: Open): void => {
    const { name } = open;
    if (open.dropped) droppedDepth -= 1;
    if (hidden.has(name)) hiddenDepth -= 1;
    else if (name === 'pre') preDepth -= 1;
    else if (name === 'blockquote') quoteDepth -= 1;
    if (paragraphs.has(name)) out.breakLines(2);
    else if (lines.has(name)) out.breakLines(1);
    else if (name === 'a' && open.href !== undefined) {
      const address = open.href.replace(/^mailto:/i, '');
      // Only a text about as long as the address can be the address: no need to read a longer one back.
      const length = out.length - open.at;
      const text = length <= address.length + 8 ? out.since(open.at).trim() : undefined;
      if (text !== '' && text !== address && text !== open.href && `${text}/` !== address)
        out.text(` (${address})`, true);
    }
    if (name === 'ul' || name === 'ol') lists.pop();
  };

  const pop = (): void => {
    const open = stack.pop()!;
    count(open.name, -1);
    leave(open);
  };

  const open = (name: string, selfClosing: boolean): void => {
    const closes = closedBy.get(name);
    while (closes && stack.length > 0 && closes.has(stack.at(-1)!.name)) pop();
    if (name === 'br') return shown() ? out.newline() : undefined;
    if (name === 'hr') return out.breakLines(2);
    if (voidElements.has(name)) return;
    // A link inside a link closes the first (as browsers do): one link at a time is read back.
    if (name === 'a' && openCounts.get('a')) close('a');
    const quote = quoteAttributes === undefined ? undefined : quoteKind(name, quoteAttributes);
    if (quote === 'rest') droppedRest = true;
    const element: Open = {
      name,
      at: out.length,
      href: name === 'a' ? href : undefined,
      dropped: quote === 'block',
    };
    if (quote === 'block') droppedDepth += 1;
    enter(name);
    if (name === 'ul' || name === 'ol') lists.push(element);
    // Self-closing (`<div/>`, an SVG's `<path/>`): opened and closed at once, whatever HTML would make of it.
    if (selfClosing) return leave(element);
    if (stack.length >= maxHtmlDepth) throw new HtmlTooDeepError();
    stack.push(element);
    count(name, 1);
  };

  const close = (name: string): void => {
    if (name === 'br') return shown() ? out.newline() : undefined;
    if (!openCounts.get(name)) {
      // `</p>` without a `<p>` makes an empty paragraph in browsers; any other stray end tag is nothing.
      if (name === 'p') out.breakLines(2);
      return;
    }
    while (stack.at(-1)!.name !== name) pop();
    pop();
  };

  const appendQuoteAttribute = (value: string): void => {
    const name = attribute as keyof QuoteAttributes;
    const sofar = quoteAttributes?.[name] ?? '';
    if (quoteAttributes !== undefined && sofar.length < maxQuoteAttribute) quoteAttributes[name] = sofar + value;
  };

  // Text read but not yet written. The tokenizer gives a run of text in pieces (each stray `<`, each entity):
  // a million one-character pieces would each cost a write, so a run is gathered (a contiguous range of `html`,
  // then a string) and written once, before the next tag.
  let pending = '';
  let rangeStart = 0;
  let rangeEnd = -1;
  const takeRange = (): void => {
    if (rangeEnd < 0) return;
    pending += html.slice(rangeStart, rangeEnd);
    rangeEnd = -1;
  };
  const flushText = (): void => {
    takeRange();
    if (pending === '') return;
    if (shown()) out.text(pending, preDepth > 0, quoteDepth > 0);
    pending = '';
  };

  /** Nothing more will be written: the rest of the HTML is not read (the tokenizer stops where it is). */
  const stopWhenDone = (): void => {
    if (droppedRest || out.length >= maxText) tokenizer.pause();
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        flushText();
        tag = html.slice(start, end).toLowerCase();
        href = undefined;
        quoteAttributes = undefined;
      },
      onattribname(start, end) {
        // Only a name that could be read is sliced and lowered: a crafted 1 MiB name costs one look at its length.
        attribute = end - start <= 5 ? html.slice(start, end).toLowerCase() : '';
        if (!readAttributes.has(attribute) || (attribute === 'href' && tag !== 'a')) attribute = '';
        else if (attribute === 'href') href = '';
        else if (options.dropQuotes) (quoteAttributes ??= {})[attribute as keyof QuoteAttributes] = '';
        else attribute = '';
      },
      onattribdata(start, end) {
        if (attribute === 'href') {
          if (href !== undefined && href.length < maxHref) href += html.slice(start, Math.min(end, start + maxHref));
        } else if (attribute !== '') appendQuoteAttribute(html.slice(start, Math.min(end, start + maxQuoteAttribute)));
      },
      onattribentity(codepoint) {
        if (attribute === 'href') {
          if (href !== undefined && href.length < maxHref) href += String.fromCodePoint(codepoint);
        } else if (attribute !== '') appendQuoteAttribute(String.fromCodePoint(codepoint));
      },
      onattribend() {
        if (attribute === 'href' && href !== undefined) {
          href = href.trim();
          if (!shownHref.test(href) || href.length >= maxHref) href = undefined;
        }
        attribute = '';
      },
      onopentagend() {
        open(tag, false);
        stopWhenDone();
      },
      onselfclosingtag() {
        open(tag, true);
        stopWhenDone();
      },
      onclosetag(start, end) {
        flushText();
        close(html.slice(start, end).toLowerCase());
        stopWhenDone();
      },
      ontext(start, end) {
        if (start !== rangeEnd) {
          takeRange();
          rangeStart = start;
        }
        rangeEnd = end;
      },
      ontextentity(codepoint) {
        takeRange();
        pending += String.fromCodePoint(codepoint);
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  flushText();
  return out.done();
}

/**
 * The text being written: breaks asked for are held until text follows (so empty elements add nothing, and
 * breaks in a row never make more than one blank line), and so are a list item's bullet and a cell's separator.
 */
class TextBuilder {
  readonly #parts: string[] = [];
  #length = 0;
  /** Newlines wanted before the next text: 0, 1 or 2. */
  #breaks = 0;
  #space = false;
  #lineStart = true;
  #bullet = '';
  #separator = '';

  get length(): number {
    return this.#length;
  }

  breakLines(count: 1 | 2): void {
    if (this.#length > 0) this.#breaks = Math.max(this.#breaks, count);
    this.#space = false;
  }

  /** A `br`: a line break every time (two in a row are an empty line, as the reader sees them). */
  newline(): void {
    this.#push(`${this.#takeBreaks()}\n`);
    this.#lineStart = true;
    this.#space = false;
  }

  startItem(bullet: string): void {
    this.breakLines(1);
    this.#bullet = bullet;
  }

  /** Between two table cells of a row: written only when both hold text. */
  separate(separator: string): void {
    if (!this.#lineStart) this.#separator = separator;
  }

  /** Text as it comes: white space collapsed unless `pre`; `quoted` lines begin with `> `. */
  text(value: string, pre: boolean, quoted = false): void {
    if (pre) {
      for (const [index, piece] of value.split('\n').entries()) {
        if (index > 0) {
          this.#push('\n');
          this.#lineStart = true;
        }
        if (piece !== '') this.#write(piece, quoted);
      }
      return;
    }
    const collapsed = value.replace(/[ \t\n\r\f]+/g, ' ');
    if (collapsed === '') return;
    if (collapsed === ' ') {
      this.#space = true;
      return;
    }
    const leading = collapsed.startsWith(' ');
    const trailing = collapsed.endsWith(' ');
    const word = collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined);
    if (leading) this.#space = true;
    this.#write(word, quoted);
    this.#space = trailing;
  }

  /** The text written since `at` (a position from {@link length}). */
  since(at: number): string {
    let text = '';
    let length = this.#length;
    for (let i = this.#parts.length - 1; i >= 0 && length > at; i--) {
      text = this.#parts[i]! + text;
      length -= this.#parts[i]!.length;
    }
    return text.slice(at - length);
  }

  done(): string {
    return this.#parts.join('').trim();
  }

  /** A word with what goes before it, in one piece (a piece each cost more than the rest on 1 MiB of `<p>x`). */
  #write(word: string, quoted: boolean): void {
    let before = this.#takeBreaks();
    if (this.#lineStart) {
      before += (quoted ? '> ' : '') + this.#bullet;
      this.#bullet = '';
      this.#separator = '';
    } else if (this.#separator !== '') {
      before += this.#separator;
      this.#separator = '';
    } else if (this.#space) before += ' ';
    this.#push(before === '' ? word : before + word);
    this.#lineStart = false;
    this.#space = false;
  }

  /** The line breaks held, to be written now (they start a line). */
  #takeBreaks(): string {
    if (this.#breaks === 0) return '';
    const breaks = (this.#lineStart ? '' : '\n') + (this.#breaks === 2 ? '\n' : '');
    this.#breaks = 0;
    this.#lineStart = true;
    return breaks;
  }

  #push(text: string): void {
    this.#parts.push(text);
    this.#length += text.length;
  }
}
