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
const UTF16 = new TextDecoder('utf-16le');

/**
 * The text as the filter compares it: compatibility-decomposed (NFKD, so fullwidth `ｆｕｃｋ` and ligatures read as
 * plain letters), combining marks removed (`é` → `e`, `й` → `и`, Arabic harakat dropped), lower-cased, and a few
 * letters NFKD keeps (`ß`, `æ`, `ø`, `ł`…) spelt out, and the Greek final `ς` read as `σ`. ASCII text is only lower-cased.
 */
export function fold(text: string): string {
  if (!NOT_ASCII.test(text)) return text.toLowerCase();
  const decomposed = text.normalize('NFKD');
  // Written into one buffer and decoded once: a text of a million accents is a million marks to drop.
  const kept = new Uint16Array(decomposed.length);
  let length = 0;
  for (let at = 0; at < decomposed.length; at++) {
    const code = decomposed.charCodeAt(at);
    if (code < 0x300 || charClass(code) !== CharClass.mark) kept[length++] = code;
  }
  const lower = UTF16.decode(kept.subarray(0, length)).toLowerCase();
  return EXTRA.test(lower) ? lower.replace(EXTRA, (c) => EXTRA_FOLDS[c] ?? c) : lower;
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
 * (`fuuuck`), squeezed to one and to two. At most five forms, none longer than the token; none when the token is
 * plain.
 */
export function variants(token: string): string[] {
  const forms: string[] = [];
  if (LEETABLE.test(token)) addLeet(token, forms);
  for (const form of [token, ...forms]) {
    if (hasRun(form)) forms.push(squeeze(form, 1), squeeze(form, 2));
  }
  return forms;
}

const LEETABLE = /[0134578@$!|]/;
const LEET_ALL = /[0134578@$!|]/g;
const LETTER = /\p{L}/u;

function addLeet(token: string, forms: string[]): void {
  if (LETTER.test(token)) forms.push(token.replace(LEET_ALL, (c) => LEET[c] ?? c));
}
