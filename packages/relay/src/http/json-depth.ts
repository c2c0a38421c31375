/**
 * How deep a JSON body may nest. The admin API's deepest body (automation settings) nests 5 levels; JSON.parse's
 * cost grows with depth, and 1 MiB of `[` held the event loop for 50–120 ms before this bound.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * True when `text` nests arrays and objects deeper than `max`: one pass over its characters, skipping strings,
 * so a body is refused before `JSON.parse` spends its time on it. It does not validate the JSON; `JSON.parse`
 * still does.
 *
 * @example
 * jsonNestsDeeper('{"a":[[1]]}', 2); // true
 */
export function jsonNestsDeeper(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
  return false;
}
