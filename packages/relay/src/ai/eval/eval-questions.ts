import * as z from 'zod/mini';
import { IN_ENGLISH } from '../../english-issues.js';
import { HELP_QUESTIONS } from './help-questions.js';

/** What a question expects of the agent (docs/ai.md, "Evaluating a model"): at most one of these. */
export interface EvalExpectation {
  /** An answer citing this article: its slug, or its full address on the portal. */
  readonly article?: string | undefined;
  /** A hand-over to a person. */
  readonly handover?: true | undefined;
  /** No answer: nothing related found, or the model unsure. */
  readonly refuse?: true | undefined;
}

/** One question of a question set. */
export interface EvalQuestion {
  readonly question: string;
  /** The visitor's language (their browser's), as the widget tells the relay; default `en`. */
  readonly language?: string | undefined;
  readonly expect: EvalExpectation;
}

/** The longest question file read (bytes): a question set, not a data dump. */
export const MAX_QUESTIONS_BYTES = 1024 * 1024;
/** The most questions in a set. */
export const MAX_QUESTIONS = 2000;
/** The longest question (characters): the agent reads at most this much of a visitor's message. */
const MAX_QUESTION = 2000;

const Expectation = z
  .strictObject({
    article: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
    handover: z.optional(z.literal(true)),
    refuse: z.optional(z.literal(true)),
  })
  .check(
    z.refine((expect) => Object.keys(expect).length <= 1, {
      message: 'at most one of article, handover, refuse',
    }),
  );

const Question = z.strictObject({
  question: z.string().check(
    z.maxLength(MAX_QUESTION),
    z.refine((text) => text.trim() !== '', { message: 'must not be empty' }),
  ),
  language: z.optional(z.string().check(z.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a language tag like de'))),
  expect: Expectation,
});

/** A question file that is not a question set: the message names the line and the field. */
export class QuestionsError extends Error {
  override name = 'QuestionsError';
}

/** The 1-based line of `offset` in `text`. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/**
 * Where each element of the top-level JSON array in `text` begins (offsets), read as JSON is: strings skipped, depth
 * counted. Only called on text `JSON.parse` accepted.
 */
function elementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (depth === 1 && expecting && char !== ']') {
      offsets.push(i);
      expecting = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth === 1) expecting = true;
    } else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 1) expecting = true;
  }
  return offsets;
}

/** Whether `prefix` fails to parse before its end (a prefix cut short only fails at its end). */
function failsWithin(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    return position === undefined ? !/end of JSON input/.test(message) : Number(position) < prefix.length;
  }
}

/**
 * Where `JSON.parse` failed on `text`: the position its message names, else (V8's "Unexpected token" names none) the
 * end of the shortest prefix that fails before its end, found by halving (some 20 parses of a megabyte).
 */
function errorOffset(text: string, message: string): number {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (failsWithin(text.slice(0, middle + 1))) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The path of a zod issue as the question file names it (`expect.article`). */
const fieldOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * Reads a question file (docs/ai.md, "Evaluating a model"): a JSON array of questions, each
 * `{ "question", "language"?, "expect": { "article"? | "handover"? | "refuse"? } }`, unknown fields refused. Throws a
 * {@link QuestionsError} naming the line (and the question's field) of the first thing wrong.
 */
export function parseQuestions(file: string): EvalQuestion[] {
  // A byte order mark some editors write is no part of the JSON.
  const text = file.replace(/^\uFEFF/, '');
  if (Buffer.byteLength(text) > MAX_QUESTIONS_BYTES)
    throw new QuestionsError(`larger than ${MAX_QUESTIONS_BYTES} bytes: split the question set.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/\s+/g, ' ');
    throw new QuestionsError(`line ${lineAt(text, errorOffset(text, message))}: not JSON (${message}).`);
  }
  if (!Array.isArray(parsed))
    throw new QuestionsError('line 1: not a JSON array of questions ([{ "question": "…", "expect": {…} }, …]).');
  if (parsed.length === 0) throw new QuestionsError('line 1: no questions.');
  if (parsed.length > MAX_QUESTIONS)
    throw new QuestionsError(`${parsed.length} questions, more than ${MAX_QUESTIONS}: split the question set.`);
  const offsets = elementOffsets(text);
  return parsed.map((item, index) => {
    const checked = z.safeParse(Question, item, IN_ENGLISH);
    if (checked.success) return checked.data;
    const issue = checked.error.issues[0]!;
    const field = fieldOf(issue.path);
    throw new QuestionsError(
      `line ${lineAt(text, offsets[index] ?? 0)}: question ${index + 1}${field === '' ? '' : `, ${field}`}: ${issue.message}.`,
    );
  });
}

/**
 * The questions asked when a site gives none: the help center's quality set (`help-questions.ts`), meaningful for a
 * site whose help center holds its articles (`test/support/help-corpus.ts`).
 */
export function defaultQuestions(): EvalQuestion[] {
  return HELP_QUESTIONS.map((item) => ({
    question: item.query,
    language: item.locale,
    expect: { article: item.answer },
  }));
}
