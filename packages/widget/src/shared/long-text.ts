import { MAX_TEXT_LENGTH } from '@parley/protocol';

/*
 * Text longer than a message holds (issue #81): the composers (the widget's and the inbox's) no longer cut it at the
 * field's `maxlength` without a word (224,000 pasted characters became the first 4,000, sent). They say so before
 * sending and offer it in parts or as a text file. Only the parts' split lives here; each composer says it in its
 * own words.
 */

/**
 * The most messages a text is offered in: a visitor's connection may send 40 frames in a row (the relay's default
 * `PARLEY_RATE_LIMIT_BURST`), and a text of more parts is better read as a file.
 */
export const MAX_PARTS = 10;

/** Whether `text` (as it will be sent: trimmed) is longer than one message holds. */
export const tooLong = (text: string, max = MAX_TEXT_LENGTH): boolean => text.trim().length > max;

/**
 * `text` cut into messages of at most `max` UTF-16 code units, each ending at a paragraph, a line, a sentence or a
 * word where one falls in its last quarter (never inside a surrogate pair), each trimmed, none empty.
 *
 * @example splitText('a'.repeat(5000)) // two parts: 4,000 and 1,000 characters
 */
export function splitText(text: string, max = MAX_TEXT_LENGTH): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const mark of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(mark);
      if (at >= max * 0.75) {
        cut = at + mark.length;
        break;
      }
    }
    if (cut === -1) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    const part = rest.slice(0, cut).trim();
    if (part) parts.push(part);
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}
