// The content filter's patterns (issue #39, docs/safety.md "The content filter and link rules"; the engine's choice
// is docs/decisions/0030-content-filter-re2js.md): regular expressions that site admins write, run by re2js (a
// pure-JS port of RE2: automata, no backtracking), so no pattern and no text can make a match take more than time
// linear in the text's length.
import { performance } from 'node:perf_hooks';
import { RE2JS, RE2JSException, RE2Set } from 're2js';

/**
 * The largest program (RE2 instructions, after case folding) one pattern may compile to. Counted repetitions
 * expand (`\w{50}` is fifty copies), and the worst case of a match is the text's length times the program's size.
 */
export const MAX_PATTERN_INSTRUCTIONS = 200;
/**
 * Memory for the patterns' shared automaton (a DFA built as it runs), per compiled filter. Past it, the automaton
 * is rebuilt; if it keeps growing faster than the text advances, it gives up and {@link FilterPatterns.find} runs
 * each pattern on its own within {@link FALLBACK_BUDGET_MS}.
 */
const DFA_MEMORY = 256 * 1024;
/** How long the one-pattern-at-a-time fallback may run before the rest count as unchecked. */
export const FALLBACK_BUDGET_MS = 5;
/** The fallback reads at most this many code units (a message is at most 4,000); the rest counts as unchecked. */
export const FALLBACK_TEXT_LIMIT = 4096;

const FLAGS = RE2JS.CASE_INSENSITIVE;

/** Why RE2 refuses some things that other engines take, in words a site admin can act on. */
const EXPLAINED: ReadonlyArray<[RegExp, string]> = [
  [/\(\?<?[=!]/, 'look-ahead and look-behind ((?=, (?!, (?<=, (?<!) are not supported'],
  [/\\[1-9]/, 'back-references (\\1) are not supported'],
  [/\(\?>|[*+?}][+]/, 'atomic groups and possessive quantifiers are not supported'],
];

/**
 * A clear message when `pattern` is not a valid pattern for the content filter; `undefined` when it is. Patterns use
 * RE2 syntax (https://github.com/google/re2/wiki/Syntax), without regard to case; a pattern that matches an empty
 * text (it would match every message) or compiles to more than {@link MAX_PATTERN_INSTRUCTIONS} instructions is
 * refused too.
 *
 * @example patternError('free\\s+bitcoin') // undefined
 * @example patternError('(?=x)') // 'not a valid pattern: look-ahead and look-behind … (RE2 syntax, linear time)'
 */
export function patternError(pattern: string): string | undefined {
  const compiled = compilePattern(pattern);
  return typeof compiled === 'string' ? compiled : undefined;
}

/** The pattern compiled, or why it cannot be (see {@link patternError}). */
function compilePattern(pattern: string): RE2JS | string {
  if (pattern.trim() === '') return 'an empty pattern';
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, FLAGS);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    const known = EXPLAINED.find(([shape]) => shape.test(pattern));
    const why = known?.[1] ?? error.message.replace(/^error parsing regexp: /, '');
    return `not a valid pattern: ${why} (patterns use RE2 syntax and always run in linear time)`;
  }
  if (compiled.test('')) return 'this pattern matches an empty text, so it would match every message';
  const size = compiled.re2Input.prog.numInst();
  if (size > MAX_PATTERN_INSTRUCTIONS) {
    return `this pattern is too large (${size} steps, at most ${MAX_PATTERN_INSTRUCTIONS}): use smaller repeat counts such as {1,20}`;
  }
  return compiled;
}

/** What {@link FilterPatterns.find} found: the pattern as written, or that some could not be checked in time. */
export type PatternFinding = { readonly pattern: string } | { readonly unchecked: true };

/** A site's patterns, compiled once into one automaton. */
export class FilterPatterns {
  private readonly set: RE2Set;

  private readonly patterns: string[] = [];
  private readonly singles: RE2JS[] = [];

  /** @param patterns the site's patterns; those {@link patternError} refuses are left out. */
  constructor(patterns: readonly string[]) {
    this.set = new RE2Set(RE2Set.UNANCHORED, FLAGS, DFA_MEMORY);
    for (const pattern of patterns) {
      const compiled = compilePattern(pattern);
      if (typeof compiled === 'string') continue;
      this.set.add(pattern);
      this.patterns.push(pattern);
      this.singles.push(compiled);
    }
    if (this.patterns.length === 0) return;
    this.set.compile();
    // RE2Set falls back to running every pattern together in an NFA when its DFA gives up: linear, but at the
    // cost of the text's length times every pattern's size. Stop it there, and run the patterns one at a time
    // under a time budget instead (find below).
    const dfa = this.set.dfa;
    const matchSet = dfa.matchSet.bind(dfa);
    dfa.matchSet = (...args: Parameters<typeof matchSet>) => {
      const found = matchSet(...args) as number[] | null;
      if (found === null) throw GAVE_UP;
      return found;
    };
  }

  /** How many patterns were compiled (the valid ones). */
  get size(): number {
    return this.patterns.length;
  }

  /** The first pattern (in the site's order) that matches somewhere in `text`. */
  find(text: string): PatternFinding | undefined {
    if (this.patterns.length === 0) return undefined;
    try {
      const matched = this.set.match(text);
      if (matched.length === 0) return undefined;
      return { pattern: this.patterns[Math.min(...matched)]! };
    } catch (error) {
      if (error !== GAVE_UP) throw error;
    }
    return this.oneAtATime(text);
  }

  private oneAtATime(text: string): PatternFinding | undefined {
    const read = text.length > FALLBACK_TEXT_LIMIT ? text.slice(0, FALLBACK_TEXT_LIMIT) : text;
    const start = performance.now();
    for (const [index, single] of this.singles.entries()) {
      if (performance.now() - start > FALLBACK_BUDGET_MS) return { unchecked: true };
      if (single.test(read)) return { pattern: this.patterns[index]! };
    }
    return read === text ? undefined : { unchecked: true };
  }
}

const GAVE_UP = Symbol('the patterns’ DFA gave up');
