// How the content filter reads words (issue #39, docs/safety.md "The content filter and link rules"): one folding
// for the listed words and the visitor's text, so that case, accents, fullwidth forms and compatibility characters
// never separate them. Pure and linear in the text's length.

/** Letters NFKD leaves whole that readers still take for their base letters. */
const EXTRA_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  þ: 'th',
  ς: 'σ',
};
const EXTRA = /[ßæœøđłıħþς]/g;

/** What a UTF-16 code unit is to the filter; computed once per unit, then read from a table. */
export const CharClass = { word: 1, mark: 2, space: 3, other: 4 } as const;
const CLASSES = new Uint8Array(65536);

/**
 * The class of a UTF-16 code unit: a letter or digit (`word`), a combining mark, white space, or anything else.
 * Surrogates (characters outside the Basic Multilingual Plane: emoji, rare ideographs) count as `other`.
 */
export function charClass(code: number): number {
  const known = CLASSES[code]!;
  if (known !== 0) return known;
  const char = String.fromCharCode(code);
  const found =
    code >= 0xd800 && code <= 0xdfff
      ? CharClass.other
      : /[\p{L}\p{N}]/u.test(char)
        ? CharClass.word
        : /\p{M}/u.test(char)
          ? CharClass.mark
          : /\s/u.test(char)
            ? CharClass.space
            : CharClass.other;
  CLASSES[code] = found;
  return found;
}

const NOT_ASCII = /[^\p{ASCII}]/u;
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const MARK = /\p{M}/gu;

/** One character folded on its own (see {@link fold}). */
function foldOne(char: string): string {
  const bare = char.normalize('NFKD').replace(MARK, '').toLowerCase().replace(MARK, '');
  return bare.replace(EXTRA, (c) => EXTRA_FOLDS[c] ?? c);
}

/**
 * Each code unit's fold, computed on first sight: the unit it folds to, or {@link MANY} when it folds to none or to
 * several (then in {@link FOLDED_MANY}); 0 when not yet computed.
 */
const FOLDED_ONE = new Uint16Array(65536);
const MANY = 0xffff;
const FOLDED_MANY = new Map<number, string>();
/** Characters outside the Basic Multilingual Plane (a surrogate pair each), folded. */
const FOLDED_PAIRS = new Map<string, string>();

function foldUnit(code: number): number {
  const folded = foldOne(String.fromCharCode(code));
  if (folded.length === 1 && folded.charCodeAt(0) !== MANY) {
    FOLDED_ONE[code] = folded.charCodeAt(0);
  } else {
    FOLDED_ONE[code] = MANY;
    FOLDED_MANY.set(code, folded);
  }
  return FOLDED_ONE[code]!;
}

/**
 * The text as the filter compares it: compatibility-decomposed (NFKD, so fullwidth `ｆｕｃｋ`, ligatures and
 * mathematical letters read as plain letters), combining marks removed (`é` → `e`, `й` → `и`, Arabic harakat and
 * Japanese voicing marks dropped), lower-cased, a few letters NFKD keeps (`ß`, `æ`, `ø`, `ł`…) spelt out, and the
 * Greek final `ς` read as `σ`. Folded one character at a time from a table (decomposition then dropping every mark
 * gives what NFKD of the whole text would, without its reordering), so a megabyte of accents costs a table look-up
 * per character. ASCII text is only lower-cased.
 */
export function fold(text: string): string {
  if (!NOT_ASCII.test(text)) return text.toLowerCase();
  let out = new Uint16Array(text.length + 16);
  let length = 0;
  const write = (unit: number) => {
    if (length === out.length) {
      const bigger = new Uint16Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[length++] = unit;
  };
  const writeAll = (folded: string) => {
    for (let at = 0; at < folded.length; at++) write(folded.charCodeAt(at));
  };
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x80) {
      write(code >= 65 && code <= 90 ? code + 32 : code);
    } else if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
      const next = text.charCodeAt(at + 1);
      if (next < 0xdc00 || next > 0xdfff) {
        write(code);
        continue;
      }
      const pair = text.slice(at, at + 2);
      let folded = FOLDED_PAIRS.get(pair);
      if (folded === undefined) {
        folded = foldOne(pair);
        if (FOLDED_PAIRS.size < 4096) FOLDED_PAIRS.set(pair, folded);
      }
      writeAll(folded);
      at += 1;
    } else {
      const one = FOLDED_ONE[code] || foldUnit(code);
      if (one === MANY) writeAll(FOLDED_MANY.get(code)!);
      else write(one);
    }
  }
  return UTF16.decode(out.subarray(0, length));
}

/**
 * Scripts written without spaces between words: there "a whole word" has no boundary to look for, so entries in
 * them match anywhere in the text (docs/safety.md says so).
 */
export const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

/** The words of a folded text, in order: runs of letters and digits ({@link charClass} `word`). */
export function words(folded: string): string[] {
  const found: string[] = [];
  let at = 0;
  while (at < folded.length) {
    if (charClass(folded.charCodeAt(at)) !== CharClass.word) {
      at += 1;
      continue;
    }
    const start = at;
    while (at < folded.length && charClass(folded.charCodeAt(at)) === CharClass.word) at += 1;
    found.push(folded.slice(start, at));
  }
  return found;
}

/** Digits and symbols read as letters in leetspeak. */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
};

/** True when a character stands three times or more in a row. */
export function hasRun(token: string): boolean {
  for (let at = 2; at < token.length; at++) {
    const c = token.charCodeAt(at);
    if (c === token.charCodeAt(at - 1) && c === token.charCodeAt(at - 2)) return true;
  }
  return false;
}

/** Runs of three or more of a character squeezed to `keep` (1 or 2). */
function squeeze(token: string, keep: number): string {
  let out = '';
  let from = 0;
  for (let at = 0; at < token.length;) {
    let end = at + 1;
    while (end < token.length && token.charCodeAt(end) === token.charCodeAt(at)) end += 1;
    if (end - at >= 3) {
      out += token.slice(from, at + keep);
      from = end;
    }
    at = end;
  }
  return out + token.slice(from);
}

/**
 * The cheap spellings a single word hides behind, for the single-word entries to be looked up again: leetspeak
 * (`sh1t`, `@ss`, `b!tch`: only in a token that also has a letter), and a character repeated three times or more
 * (`fuuuck`), squeezed to one and to two. At most six forms, none longer than the token or than `longest` (the
 * longest entry); none when the token is plain.
 */
export function variants(token: string, longest = Infinity): string[] {
  const forms: string[] = [];
  // Leetspeak keeps the length; squeezing keeps at least one character per run: forms longer than the longest
  // entry are not made at all.
  if (token.length <= longest && LEETABLE.test(token)) addLeet(token, forms);
  for (const form of [token, ...forms]) {
    if (hasRun(form) && runs(form) <= longest) forms.push(squeeze(form, 1), squeeze(form, 2));
  }
  return forms;
}

/** How many runs of one character a token has (its length once every run is squeezed to one). */
function runs(token: string): number {
  let count = token.length > 0 ? 1 : 0;
  for (let at = 1; at < token.length; at++) if (token.charCodeAt(at) !== token.charCodeAt(at - 1)) count += 1;
  return count;
}

const LEETABLE = /[0134578@$!|]/;
const LEET_ALL = /[0134578@$!|]/g;
const LETTER = /\p{L}/u;

function addLeet(token: string, forms: string[]): void {
  if (LETTER.test(token)) forms.push(token.replace(LEET_ALL, (c) => LEET[c] ?? c));
}
