/*
 * The rule behind every string a client sends: what the relay acknowledges is stored and returned exactly as it
 * was delivered live. Two things cannot make that round trip, so they are refused at the door (`bad_frame`):
 * - U+0000: PostgreSQL's text type cannot hold it at all, and C strings end at it;
 * - an unpaired UTF-16 surrogate (JSON's `"\ud800"`): UTF-8 cannot encode it, so a store writing UTF-8 keeps
 *   U+FFFD instead, and the text read back differs from the text acknowledged.
 * Every other code point, noncharacters and private-use ones included, is kept as it is.
 */

/** Why a string breaks the rule, as frame errors say it after the field's name. */
export const NOT_VERBATIM = 'expected text without U+0000 or unpaired UTF-16 surrogates';

// A lone high surrogate (no low one after it), a lone low one (no high one before it), or U+0000.
const unstorable = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `text` can be stored and returned exactly as sent: it holds no U+0000 and no unpaired surrogate.
 *
 * @example
 * isVerbatim('café 🦊'); // true
 * isVerbatim('a\u0000b'); // false
 * isVerbatim('\ud83e'); // false: half of an emoji
 */
export function isVerbatim(text: string): boolean {
  // String.prototype.isWellFormed (ES2024, Node 20) is native and fast; the pattern covers older engines.
  const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return wellFormed ? wellFormed.call(text) && !text.includes('\0') : !unstorable.test(text);
}
