// The text the sensitive-data scanners read (issue #80): the shapes people paste are the shapes they see, not the
// code points under them. Groups joined by a zero-width space, a soft hyphen, a figure space or a tab, or written in
// Devanagari, Bengali or mathematical digits, read as the plain card, IBAN or SSN they look like. One pass, linear
// in the text's length; a text with nothing to change (the common case) is read as it is, with nothing allocated.

/** The text the scanners read, and where each of its characters came from in the text as written. */
export interface ScanText {
  readonly text: string;
  /**
   * For each character of `text`, the index of the character (or surrogate pair) it stands for in the original,
   * and the index just past it; both absent when `text` is the original.
   */
  readonly from?: Int32Array;
  readonly to?: Int32Array;
}

/** Character classes, by code point: computed once each (see {@link classOf}); `DIGIT + value` for a digit. */
const UNKNOWN = 0;
const OTHER = 1;
const FORMAT = 2;
const SPACE = 3;
const DIGIT = 4;

const IS_FORMAT = /^\p{Cf}$/u;
const IS_SPACE = /^\p{Zs}$/u;
const IS_DIGIT = /^\p{Nd}$/u;

/** The class of each BMP code point seen so far (64 KiB, made on the first non-ASCII text). */
let bmp: Uint8Array | undefined;
/** The class of each astral code point seen so far; emptied past {@link maxAstral} (hostile text cannot grow it). */
const astral = new Map<number, number>();
const maxAstral = 4096;

/**
 * A code point's class by Unicode's general category: a format character (Cf: zero-width spaces and joiners, the
 * soft hyphen, bidirectional marks) is dropped, a space separator (Zs: no-break, figure, thin, ideographic…) is a
 * space, a decimal digit (Nd, any script) is its value. Unicode encodes each script's digits as runs of whole
 * decades from 0, so a digit's value is its distance from its run's start, mod 10 (mathematical digits are five
 * decades in a row).
 */
function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (IS_FORMAT.test(ch)) return FORMAT;
  if (IS_SPACE.test(ch)) return SPACE;
  if (!IS_DIGIT.test(ch)) return OTHER;
  let zero = cp;
  while (zero > 0 && IS_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return DIGIT + ((cp - zero) % 10);
}

function classOf(cp: number): number {
  if (cp < 0x10000) {
    bmp ??= new Uint8Array(0x10000);
    let known = bmp[cp]!;
    if (known === UNKNOWN) bmp[cp] = known = classify(cp);
    return known;
  }
  let known = astral.get(cp);
  if (known === undefined) {
    if (astral.size >= maxAstral) astral.clear();
    astral.set(cp, (known = classify(cp)));
  }
  return known;
}

/** Kept as written. */
const KEEP = -1;
/** Dropped. */
const DROP = -2;

/** What the character at `i` stands for in the scan: {@link KEEP}, {@link DROP}, or the code of a space or a digit. */
function replacement(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c === 0x09 ? 0x20 : KEEP;
  const known = classOf(text.codePointAt(i)!);
  if (known === FORMAT) return DROP;
  if (known === SPACE) return 0x20;
  return known >= DIGIT ? 0x30 + known - DIGIT : KEEP;
}

/** Most code units given to one `String.fromCharCode` call (an engine's limit on arguments is far above). */
const CHUNK = 8192;

/**
 * `text` as the scanners read it: format characters dropped, every space separator and the tab a space, every
 * decimal digit an ASCII one. Newlines stay: a number is never read across lines.
 */
export function scanText(text: string): ScanText {
  const n = text.length;
  let first = 0;
  while (first < n && replacement(text, first) === KEEP) first += width(text, first);
  if (first === n) return { text };
  const codes = new Uint16Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n;) {
    const size = width(text, i);
    const instead = i < first ? KEEP : replacement(text, i);
    if (instead === KEEP) {
      for (let j = 0; j < size; j++, k++) {
        codes[k] = text.charCodeAt(i + j);
        from[k] = i + j;
        to[k] = i + j + 1;
      }
    } else if (instead !== DROP) {
      codes[k] = instead;
      from[k] = i;
      to[k] = i + size;
      k++;
    }
    i += size;
  }
  let out = '';
  for (let at = 0; at < k; at += CHUNK)
    out += String.fromCharCode.apply(null, codes.subarray(at, Math.min(k, at + CHUNK)) as unknown as number[]);
  return { text: out, from, to };
}

/** 2 for a surrogate pair at `i`, else 1. */
function width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}
