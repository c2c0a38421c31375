/** What the model's answer to the AI agent's prompt says (see `agentPrompt`). */
export type AgentReply =
  /** An answer drawn from the sources it cites (their numbers, 1-based, each once, as cited). */
  | { readonly kind: 'answer'; readonly text: string; readonly cited: readonly number[] }
  /** The sources do not answer it (or the answer could not be read, or cites no source). */
  | { readonly kind: 'unknown' }
  /** The visitor asks for a person. */
  | { readonly kind: 'person' };

/** The longest answer kept (characters): a chat message, not an article. */
const MAX_ANSWER = 2000;

const TAG = /^[\s*_#>`"'-]*(ANSWER|UNKNOWN|PERSON)\b[\s*_]*:?[\s*_]*(.*)$/i;
const SOURCES_LINE = /^[\s*_#>`-]*SOURCES?\b[\s*_]*:?(.*)$/i;
/** A citation in the text: `[1]`, `[1, 3]`, `[source 2]`. */
const CITATION = /\s?\[(?:sources?\s*)?(\d{1,2}(?:\s*,\s*\d{1,2})*)\]/gi;

/**
 * Reads the model's answer defensively: code fences and markdown around the words are ignored, the first word that
 * is one of ANSWER, UNKNOWN, PERSON decides; an answer's sources are its SOURCES line and any `[n]` in its text,
 * only those among the `sources` numbers. An answer that cites none is not trusted (the agent answers only from the
 * sources): it reads as UNKNOWN, as does text in no form at all.
 */
export function parseAgentReply(raw: string, sources: number): AgentReply {
  const lines = raw
    .replace(/```[a-z]*\n?/gi, '')
    .split('\n')
    .map((line) => line.trimEnd());
  const start = lines.findIndex((line) => line.trim() !== '');
  if (start === -1) return { kind: 'unknown' };
  const tag = TAG.exec(lines[start]!);
  const word = tag?.[1]?.toUpperCase();
  if (word === 'PERSON') return { kind: 'person' };
  if (word === 'UNKNOWN') return { kind: 'unknown' };
  const cited: number[] = [];
  const cite = (list: string) => {
    for (const number of list.match(/\d{1,2}/g) ?? []) {
      const n = Number(number);
      if (n >= 1 && n <= sources && !cited.includes(n)) cited.push(n);
    }
  };
  const body: string[] = [];
  // An answer without its word: the whole text, trusted only for the sources it cites.
  const first = tag ? tag[2]! : lines[start]!;
  for (const line of [first, ...lines.slice(start + 1)]) {
    const sourcesLine = SOURCES_LINE.exec(line);
    if (sourcesLine) {
      cite(sourcesLine[1]!);
      continue;
    }
    body.push(line);
  }
  let text = body.join('\n');
  for (const match of text.matchAll(CITATION)) cite(match[1]!);
  text = text.replace(CITATION, '').trim();
  if (text === '' || cited.length === 0 || /^(UNKNOWN|PERSON)$/i.test(text)) return { kind: 'unknown' };
  return { kind: 'answer', text: text.length > MAX_ANSWER ? `${text.slice(0, MAX_ANSWER - 1)}…` : text, cited };
}
