// Finds sensitive data in a message's text (issue #39): payment card numbers, IBANs, US social security numbers and
// secrets by their well-known shapes. Pure and linear in the text's length: card numbers are read by a hand-written
// scanner, and every regular expression has one bounded quantifier per part, anchored by a look-behind that only
// the start of a token passes, so no input makes it backtrack more than a bounded number of steps per token. They
// read the text as `scanText` gives it (format characters dropped, space separators one space, every script's
// digits ASCII), and the matches are mapped back to the text as written.
import { redactionText } from './sensitive-strings.js';
import { scanText } from './sensitive-text.js';
import { SENSITIVE_KINDS, type SensitiveKind, type SensitiveMatch } from './sensitive-kinds.js';

export { SENSITIVE_KINDS, type SensitiveKind, type SensitiveMatch } from './sensitive-kinds.js';

/** How a text is read: `name`, a file's name, where `_`, `-` and letters end a number (`card_4242….png`). */
export interface SensitiveOptions {
  readonly name?: boolean;
}

/**
 * The sensitive parts of `text`, sorted by position and never overlapping (where two would, the one that starts
 * first wins, the longer on a tie). Only the `kinds` asked for are looked for (default: all of them). Groups
 * joined by invisible characters (a zero-width space, a soft hyphen), any space separator or a tab, and digits of
 * any script are read as the number they show; a match covers the characters as written.
 *
 * @example
 * findSensitive('my card is 4242 4242 4242 4242, thanks')
 * // [{ kind: 'card', start: 11, end: 30, hint: '4242' }]
 */
export function findSensitive(
  text: string,
  kinds: readonly SensitiveKind[] = SENSITIVE_KINDS,
  options: SensitiveOptions = {},
): SensitiveMatch[] {
  const scan = scanText(text);
  const found = findIn(scan.text, kinds, options.name === true);
  const { from, to } = scan;
  if (!from || !to) return found;
  return found.map((match) => ({ ...match, start: from[match.start]!, end: to[match.end - 1]! }));
}

function findIn(text: string, kinds: readonly SensitiveKind[], name: boolean): SensitiveMatch[] {
  const found: SensitiveMatch[] = [];
  // `includes` over the ten kinds at most, not a Set made per call: a Set of ten cost ~600 bytes of garbage, an
  // eighth of what the relay allocated for a whole stored message (docs/performance.md).
  if (kinds.includes('card')) findCards(text, found, name);
  if (kinds.includes('iban')) findIbans(text, found);
  if (kinds.includes('ssn')) findSsns(text, found, name);
  // Every secret starts with one of a few fixed prefixes: one pass for all of them, and none at all for the (most
  // common) text with none (each shape's own pass costs about as much as this one).
  if (SECRET_PREFIX.test(text)) findSecrets(text, kinds, found);
  if (found.length === 0) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SensitiveMatch[] = [];
  let reached = 0;
  for (const match of found) {
    if (match.start < reached) continue;
    kept.push(match);
    reached = match.end;
  }
  return kept;
}

/**
 * `text` with each of `matches` replaced by a short label: `[card ending 4242]`, `[IBAN ending 1234]`, `[SSN]`,
 * `[secret: AWS key]`… Matches that overlap one already replaced are skipped.
 *
 * @example redact(text, findSensitive(text))
 */
export function redact(text: string, matches: readonly SensitiveMatch[]): string {
  const ordered = [...matches].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const match of ordered) {
    if (match.start < at || match.end > text.length) continue;
    out += text.slice(at, match.start) + redactionText(match.kind, match.hint);
    at = match.end;
  }
  return out + text.slice(at);
}

// ---- Payment cards -------------------------------------------------------------------------------------------

/** The value of the digit at `i`, else -1 (every script's digits are ASCII in the scanned text). */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * One space or dash between a card's groups: every space separator (the no-break and thin spaces French typography
 * puts there, the ideographic space typed in Japanese, a tab) is a space in the scanned text; the dashes are also
 * the fullwidth hyphen and Unicode's hyphens and en dash.
 */
function isCardSeparator(c: number): boolean {
  return c === 0x20 || c === 0x2d || c === 0xff0d || (c >= 0x2010 && c <= 0x2013);
}

/** The most groups a card is written in (4-4-4-4-3); a longer run is only looked at from its start. */
const MAX_CARD_GROUPS = 6;

/**
 * Cards are runs of digit groups joined by one space or dash (see `isCardSeparator`). A candidate starts where the run starts (so a card
 * is never taken from the middle of a longer number) and ends at a group's end (so a CVV typed after it does not
 * hide it), the longest first; it must be grouped as cards are printed, have 13 to 19 digits, a known network's
 * prefix and length, and pass the Luhn check.
 */
/** Where each group of the digit run being read ends: one array for every call (the scan never re-enters). */
const groupEnds = new Int32Array(MAX_CARD_GROUPS);

function findCards(text: string, found: SensitiveMatch[], name: boolean): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (digitAt(text, i) < 0) {
      i++;
      continue;
    }
    const runStart = i;
    let groups = 0;
    let k = i;
    for (;;) {
      while (k < n && digitAt(text, k) >= 0) k++;
      if (groups < MAX_CARD_GROUPS) groupEnds[groups] = k;
      groups++;
      if (isCardSeparator(text.charCodeAt(k)) && digitAt(text, k + 1) >= 0) k++;
      else break;
    }
    i = k;
    // Fewer than 13 digits in the whole run: nothing to look at (the common case, checked before anything else).
    if (k - runStart - (groups - 1) < 13 || (!name && !cardMayStart(text, runStart))) continue;
    for (let g = Math.min(groups, MAX_CARD_GROUPS) - 1; g >= 0; g--) {
      const end = groupEnds[g]!;
      const count = end - runStart - g;
      if (count < 13 || count > 19) continue;
      if (g === groups - 1 && !name && !cardMayEnd(text, end)) continue;
      if (!cardGrouping(groupEnds, runStart, g)) continue;
      const digits = digitsOf(text, runStart, end);
      if (!plausibleIin(digits)) continue;
      // A card-shaped number that fails the check is a mistyped card or something else; its first groups are not
      // looked at on their own (they would pass the check one time in ten).
      if (luhn(digits)) found.push({ kind: 'card', start: runStart, end, hint: digits.slice(-4) });
      break;
    }
  }
}

/** Not glued to a word, a sign, or a decimal point: `ORD-4111…`, `+4111…`, `0.4111…` are something else. */
function cardMayStart(text: string, start: number): boolean {
  if (start === 0) return true;
  const before = text.charCodeAt(start - 1);
  if (isWordChar(before) || before === 0x2b) return false;
  const joined = before === 0x2d || before === 0x2e || before === 0x2f || before === 0x2c;
  return !(joined && start >= 2 && isWordChar(text.charCodeAt(start - 2)));
}

function cardMayEnd(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const after = text.charCodeAt(end);
  if (isWordChar(after)) return false;
  return !((after === 0x2e || after === 0x2c) && digitAt(text, end + 1) >= 0);
}

/** The digits from `start` to `end` as ASCII, separators left out (at most a card's 19 plus its separators). */
function digitsOf(text: string, start: number, end: number): string {
  let digits = '';
  for (let i = start; i < end && digits.length <= 19; i++) {
    const d = digitAt(text, i);
    if (d >= 0) digits += String(d);
  }
  return digits;
}

/** Written as cards are printed: one block, 4-6-5 or 4-6-4 (Amex, Diners), or fours with a shorter last group. */
function cardGrouping(groupEnds: Int32Array, start: number, last: number): boolean {
  if (last === 0) return true;
  const sizes: number[] = [];
  let from = start;
  for (let g = 0; g <= last; g++) {
    sizes.push(groupEnds[g]! - from);
    from = groupEnds[g]! + 1;
  }
  if (sizes.length === 3 && sizes[0] === 4 && sizes[1] === 6 && (sizes[2] === 5 || sizes[2] === 4)) return true;
  return sizes.every((size, g) => (g === sizes.length - 1 ? size >= 1 && size <= 4 : size === 4));
}

const MAESTRO_PREFIXES = new Set([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763]);

/** A prefix and length that a major network issues (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Mir, Maestro). */
function plausibleIin(digits: string): boolean {
  const length = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4') return length === 13 || length === 16 || length === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return length === 16;
  if (p2 === 34 || p2 === 37) return length === 15;
  if (p4 >= 2200 && p4 <= 2204) return length >= 16;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) return length >= 16;
  if (p2 === 62) return length >= 16;
  if (p4 >= 3528 && p4 <= 3589) return length >= 16;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return length >= 14;
  return MAESTRO_PREFIXES.has(p4);
}

/** The Luhn (mod 10) check, over ASCII digits. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 0x30;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// ---- IBANs ---------------------------------------------------------------------------------------------------

/** Each country's IBAN length, from the ISO 13616 registry (SWIFT's IBAN Registry). */
// prettier-ignore
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/** `IBAN_LENGTHS` keyed by the country code's two character codes, upper case (`'D' << 8 | 'E'`). */
const IBAN_LENGTH_BY_CODE = new Map(
  Object.entries(IBAN_LENGTHS).map(([code, length]) => [(code.charCodeAt(0) << 8) | code.charCodeAt(1), length]),
);

/** Where an IBAN may start: two letters and two check digits, not inside a word. */
const IBAN_START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}/g;

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** A space between an IBAN's groups (the no-break spaces word processors put there are spaces in the scan). */
function isIbanSpace(c: number): boolean {
  return c === 0x20;
}

/** IBANs: the country's exact length, written whole or in groups of 4 split by single spaces, and mod 97 = 1. */
function findIbans(text: string, found: SensitiveMatch[]): void {
  IBAN_START.lastIndex = 0;
  // `test` rather than `exec`: hostile text can hold a candidate every few characters, and this allocates nothing.
  while (IBAN_START.test(text)) {
    const start = IBAN_START.lastIndex - 4;
    const length = IBAN_LENGTH_BY_CODE.get(
      ((text.charCodeAt(start) & 0xdf) << 8) | (text.charCodeAt(start + 1) & 0xdf),
    );
    if (length === undefined) continue;
    let count = 0;
    let j = start;
    while (count < length && j < text.length) {
      const c = text.charCodeAt(j);
      if (isAlnum(c)) count++;
      else if (!(isIbanSpace(c) && count % 4 === 0 && isAlnum(text.charCodeAt(j + 1)))) break;
      j++;
    }
    if (count !== length || isAlnum(text.charCodeAt(j)) || mod97(text, start, j) !== 1) continue;
    const hint = text.slice(start, j).replace(/ /g, '').slice(-4).toUpperCase();
    found.push({ kind: 'iban', start, end: j, hint });
    IBAN_START.lastIndex = j;
  }
}

/** ISO 13616 / ISO 7064 mod 97-10: the first four characters moved to the end, letters as 10–35, mod 97 is 1. */
export function ibanChecksumValid(iban: string): boolean {
  const check = Number(iban.slice(2, 4));
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) || check < 2 || check > 98) return false;
  return mod97(iban, 0, iban.length) === 1;
}

/**
 * The IBAN from `start` to `end` with its first four characters moved to the end, letters (either case) as 10–35
 * and spaces skipped, as one number mod 97, without building the rearranged string.
 */
function mod97(text: string, start: number, end: number): number {
  return mod97Part(text, start, start + 4, mod97Part(text, start + 4, end, 0));
}

function mod97Part(text: string, from: number, to: number, carried: number): number {
  let rest = carried;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isIbanSpace(c)) continue;
    rest = c <= 0x39 ? (rest * 10 + (c - 0x30)) % 97 : (rest * 100 + ((c | 0x20) - 0x57)) % 97;
  }
  return rest;
}

// ---- US social security numbers ------------------------------------------------------------------------------

/** AAA-GG-SSSS or AAA GG SSSS with the same separator twice, not inside a longer number or word. */
const SSN = /(?<![A-Za-z0-9_]|\d[- ])(\d{3})([- ])(\d{2})\2(\d{4})(?![A-Za-z0-9_]|[- ]\d)/g;
/** The same in a file's name, where a letter or `_` may be glued to it (`ssn_123-45-6789.pdf`). */
const SSN_IN_NAME = /(?<!\d|\d[- ])(\d{3})([- ])(\d{2})\2(\d{4})(?!\d|[- ]\d)/g;

/** SSNs the SSA can issue: never area 000, 666 or 9xx, group 00 or serial 0000. */
function findSsns(text: string, found: SensitiveMatch[], name: boolean): void {
  const shape = name ? SSN_IN_NAME : SSN;
  shape.lastIndex = 0;
  for (let m = shape.exec(text); m !== null; m = shape.exec(text)) {
    const [whole, area, , group, serial] = m as unknown as [string, string, string, string, string];
    if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') continue;
    found.push({ kind: 'ssn', start: m.index, end: m.index + whole.length, hint: '' });
  }
}

// ---- Secrets -------------------------------------------------------------------------------------------------

/** Secrets known by a fixed prefix and a bounded run of characters, not inside a longer token. */
const SECRET_PATTERNS: ReadonlyArray<readonly [SensitiveKind, RegExp]> = [
  ['aws-key', /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g],
  [
    'github-token',
    /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244})(?![A-Za-z0-9_])/g,
  ],
  ['slack-token', /(?<![A-Za-z0-9-])xox[abpr]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/g],
  ['stripe-key', /(?<![A-Za-z0-9_])[rs]k_live_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])/g],
  ['google-api-key', /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g],
];

/**
 * What every secret shape starts with (the keys' prefixes, a PEM block's BEGIN line, a JWT's `eyJ`): a text without
 * any holds no secret. Literal alternatives only, so one linear pass.
 */
const SECRET_PREFIX = /AKIA|ASIA|gh[pousr]_|github_pat_|xox[abpr]-|[rs]k_live_|AIza|-----BEGIN |eyJ/;

/** The secrets of the kinds `wanted` in `text`, appended to `found`. */
function findSecrets(text: string, wanted: readonly SensitiveKind[], found: SensitiveMatch[]): void {
  if (wanted.includes('private-key')) findPrivateKeys(text, found);
  if (wanted.includes('jwt')) findJwts(text, found);
  for (const [kind, pattern] of SECRET_PATTERNS) {
    if (!wanted.includes(kind)) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      found.push({ kind, start: m.index, end: m.index + m[0].length, hint: '' });
    }
  }
}

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/g;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----/g;

/** PEM private keys, BEGIN line to END line; a block with no END runs to the end of the text (half a key is a leak). */
function findPrivateKeys(text: string, found: SensitiveMatch[]): void {
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
    PEM_END.lastIndex = m.index + m[0].length;
    const end = PEM_END.exec(text);
    if (end === null) {
      found.push({ kind: 'private-key', start: m.index, end: text.length, hint: '' });
      return;
    }
    found.push({ kind: 'private-key', start: m.index, end: end.index + end[0].length, hint: '' });
    PEM_BEGIN.lastIndex = end.index + end[0].length;
  }
}

/** Three base64url parts, the first one `{"…` (base64url `eyJ`); a sentence's full stop may follow. */
const JWT =
  /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,16384}\.[A-Za-z0-9_-]{0,4096}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/g;

/** JWTs whose header decodes to a JSON object with an `alg`. */
function findJwts(text: string, found: SensitiveMatch[]): void {
  JWT.lastIndex = 0;
  for (let m = JWT.exec(text); m !== null; m = JWT.exec(text)) {
    if (!jwtHeader(m[0].slice(0, m[0].indexOf('.')))) continue;
    found.push({ kind: 'jwt', start: m.index, end: m.index + m[0].length, hint: '' });
  }
}

/** A base64url text decoded as UTF-8 (in browsers too: the widget runs this detector); throws when it is not. */
function base64urlText(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function jwtHeader(part: string): boolean {
  try {
    const header: unknown = JSON.parse(base64urlText(part));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}
