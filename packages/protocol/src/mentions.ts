/** A staff member who can be mentioned: `@` followed by their name, in a private note. */
export interface Mentionable {
  readonly id: string;
  readonly name: string;
}

/** A letter, digit or joiner: a name that runs on into one of these is not a mention ("@Ana" in "@Anabel"). */
const wordCharacter = /[\p{L}\p{N}_-]/u;

/** Where a note mentions a member: `text.slice(start, end)` is the `@` and the name as written. */
export interface MentionRange {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The mentions in `lower` (a note lower-cased), in order: `@` at the start of the text or after a character that
 * is not a letter or digit (so an email address is not one), followed by a member's name (case-insensitive, the
 * longest name that fits: `@Ana Lima` is Ana Lima, not Ana) and then a character that does not carry the word on.
 */
function scan(lower: string, members: readonly Mentionable[]): MentionRange[] {
  if (!lower.includes('@') || members.length === 0) return [];
  const byLength = members
    .filter((member) => member.name.trim() !== '')
    .map((member) => ({ id: member.id, name: member.name.trim().toLowerCase() }))
    .sort((a, b) => b.name.length - a.name.length);
  const ranges: MentionRange[] = [];
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    if (at > 0 && wordCharacter.test(lower[at - 1]!)) continue;
    for (const member of byLength) {
      if (!lower.startsWith(member.name, at + 1)) continue;
      const next = lower[at + 1 + member.name.length];
      if (next !== undefined && wordCharacter.test(next)) continue;
      ranges.push({ id: member.id, start: at, end: at + 1 + member.name.length });
      break;
    }
  }
  return ranges;
}

/**
 * The ids of the staff a note mentions, in the order first mentioned, each once (what a mention is: see
 * {@link mentionRanges}). The relay and the inbox both decide with this one function.
 */
export function findMentions(text: string, members: readonly Mentionable[]): string[] {
  return [...new Set(scan(text.toLowerCase(), members).map((range) => range.id))];
}

/**
 * Every mention in a note, in order (a member mentioned twice has two ranges), by the rule of
 * {@link findMentions}: `@` at the start or after a character that is not a letter or digit, a member's name
 * (case-insensitive, the longest that fits) and then a character that does not carry the word on. The inbox
 * highlights them. A text whose lower case has another length (a dotted capital İ) has none: its offsets would
 * not be the text's.
 *
 * @example mentionRanges('thanks @ana!', [{ id: 'st_1', name: 'Ana' }]) // [{ id: 'st_1', start: 7, end: 11 }]
 */
export function mentionRanges(text: string, members: readonly Mentionable[]): MentionRange[] {
  const lower = text.toLowerCase();
  return lower.length === text.length ? scan(lower, members) : [];
}
