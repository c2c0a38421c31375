/** A staff member who can be mentioned: `@` followed by their name, in a private note. */
export interface Mentionable {
  readonly id: string;
  readonly name: string;
}

/** A letter, digit or joiner: a name that runs on into one of these is not a mention ("@Ana" in "@Anabel"). */
const wordCharacter = /[\p{L}\p{N}_-]/u;

/**
 * The ids of the staff a note mentions, in the order first mentioned, each once. A mention is `@` at the start of
 * the text or after a character that is not a letter or digit (so an email address is not one), followed by a
 * member's name (case-insensitive, the longest name that fits: `@Ana Lima` is Ana Lima, not Ana) and then a
 * character that does not carry the word on. The relay and the inbox both decide with this one function.
 */
export function findMentions(text: string, members: readonly Mentionable[]): string[] {
  if (!text.includes('@') || members.length === 0) return [];
  const byLength = members
    .filter((member) => member.name.trim() !== '')
    .map((member) => ({ id: member.id, name: member.name.trim().toLowerCase() }))
    .sort((a, b) => b.name.length - a.name.length);
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    if (at > 0 && wordCharacter.test(lower[at - 1]!)) continue;
    for (const member of byLength) {
      if (!lower.startsWith(member.name, at + 1)) continue;
      const next = lower[at + 1 + member.name.length];
      if (next !== undefined && wordCharacter.test(next)) continue;
      if (!found.includes(member.id)) found.push(member.id);
      break;
    }
  }
  return found;
}
