/**
 * How deep a JSON body may nest. The admin API's deepest body (automation settings) nests 5 levels; JSON.parse's
 * cost grows with depth, and 1 MiB of `[` held the event loop for 50–120 ms before this bound.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Which bound `text` exceeds, if any: arrays and objects nested deeper than `maxDepth`, or an object of more than
 * `maxMembers` members. One pass over its characters, skipping strings, so a body is refused before `JSON.parse`
 * spends its time on it (1 MiB of `[` held the loop 50–120 ms; an object of 70,000 members costs `JSON.parse`
 * ~50 ms and a schema's check as much again). It does not validate the JSON; `JSON.parse` still does.
 *
 * @example
 * jsonExceeds('{"a":[[1]]}', 2, 10); // 'depth'
 * jsonExceeds('{"a":1,"b":{"c":2}}', 10, 1); // 'members'
 */
export function jsonExceeds(text: string, maxDepth: number, maxMembers: number): 'depth' | 'members' | undefined {
  // Per open bracket: its members so far (an object's), or -1 (an array's).
  const members: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      members.push(code === 0x7b ? 0 : -1);
      if (members.length > maxDepth) return 'depth';
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) members.pop();
    else if (code === 0x3a /* : */ && members.length > 0 && members[members.length - 1]! >= 0) {
      if (++members[members.length - 1]! > maxMembers) return 'members';
    }
  }
  return undefined;
}

/**
 * True when `text` nests arrays and objects deeper than `max` ({@link jsonExceeds}).
 *
 * @example
 * jsonNestsDeeper('{"a":[[1]]}', 2); // true
 */
export const jsonNestsDeeper = (text: string, max = MAX_JSON_DEPTH): boolean =>
  jsonExceeds(text, max, Infinity) === 'depth';

/**
 * True when an object of `text` holds more than `max` members ({@link jsonExceeds}).
 *
 * @example
 * jsonObjectWiderThan('{"a":1,"b":{"c":2}}', 1); // true
 */
export const jsonObjectWiderThan = (text: string, max: number): boolean =>
  jsonExceeds(text, Infinity, max) === 'members';
