// The content filter's patterns (issue #39, docs/safety.md "The content filter and link rules"; the engine's choice
// is docs/decisions/0030-content-filter-re2js.md): regular expressions that site admins write, run by re2js (a
// pure-JS port of RE2: automata, no backtracking), so no pattern and no text can make a match take more than time
// linear in the text's length.
import { performance } from 'node:perf_hooks';
import { RE2JS, RE2JSException, RE2Set } from 're2js';
import type { TimeSlice } from '../time-slice.js';

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

/**
 * What {@link FilterPatterns.findAll} found: every pattern (as written) that matches, and those it could not check in
 * time (the one-at-a-time fallback's budget ran out, or the text is longer than it reads); the rest do not match.
 */
export interface PatternFindings {
  readonly matched: ReadonlySet<string>;
  readonly unchecked: ReadonlySet<string>;
}

/** A site's patterns, compiled once into one automaton. */
export class FilterPatterns {
  private readonly set: RE2Set;

  private readonly patterns: string[] = [];
  private readonly singles: RE2JS[] = [];
  /** While {@link findAll} runs: when the automaton must stop building states (`performance.now()`). */
  private deadline: number | undefined;

  /** @param patterns the site's patterns; those {@link patternError} refuses are left out. */
  constructor(patterns: readonly string[]) {
    this.set = new RE2Set(RE2Set.UNANCHORED, FLAGS, DFA_MEMORY);
    for (const pattern of patterns) this.add(pattern);
    this.seal();
  }

  /**
   * The same, compiled a pattern at a time with `slice.pass()` between them, so that a large set (a site's rules)
   * does not hold the event loop while it compiles: each pattern takes up to a millisecond or so.
   */
  static async inSlices(patterns: readonly string[], slice: TimeSlice): Promise<FilterPatterns> {
    const built = new FilterPatterns([]);
    for (const pattern of patterns) {
      await slice.pass();
      built.add(pattern);
    }
    await slice.pass();
    built.seal();
    return built;
  }

  private add(pattern: string): void {
    const compiled = compilePattern(pattern);
    if (typeof compiled === 'string') return;
    this.set.add(pattern);
    this.patterns.push(pattern);
    this.singles.push(compiled);
  }

  private seal(): void {
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
    // A new automaton builds its states as it reads (a cold one takes tens of ms over 4,000 characters). A step not
    // cached yet is where that time goes: past the deadline, stop there. The states built so far stay, so the
    // next try goes further (findAllInSlices) or the patterns are run one at a time (findAll).
    const step = dfa.step.bind(dfa);
    dfa.step = (...args: Parameters<typeof step>) => {
      if (this.deadline !== undefined && performance.now() > this.deadline) throw OUT_OF_TIME;
      return step(...args);
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

  /**
   * Every pattern that matches somewhere in `text` (the rules' `matches` conditions, docs/rules.md): one pass of the
   * shared automaton within {@link FALLBACK_BUDGET_MS}, or, when it gives up or runs out of time, the patterns one
   * at a time within as much again (those not reached are `unchecked`).
   */
  findAll(text: string): PatternFindings {
    if (this.patterns.length === 0) return NOTHING_FOUND;
    try {
      const found = this.allAtOnce(text);
      if (found !== undefined) return found;
    } catch (error) {
      if (error !== OUT_OF_TIME) throw error;
    }
    const read = text.length > FALLBACK_TEXT_LIMIT ? text.slice(0, FALLBACK_TEXT_LIMIT) : text;
    const start = performance.now();
    const matched = new Set<string>();
    const unchecked = new Set<string>();
    for (const [index, single] of this.singles.entries()) {
      const pattern = this.patterns[index]!;
      if (performance.now() - start > FALLBACK_BUDGET_MS) unchecked.add(pattern);
      else if (single.test(read)) matched.add(pattern);
      else if (read !== text) unchecked.add(pattern);
    }
    return { matched, unchecked };
  }

  /**
   * {@link findAll} without its budget, in slices of the event loop: the automaton is given
   * {@link FALLBACK_BUDGET_MS} at a time (each try starts again, faster, on the states the last one built), and
   * when it gives up the patterns run one at a time, the loop turning between them. Every pattern is checked.
   */
  async findAllInSlices(text: string, slice: TimeSlice): Promise<PatternFindings> {
    if (this.patterns.length === 0) return NOTHING_FOUND;
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      await slice.pass();
      let found: PatternFindings | undefined | typeof OUT_OF_TIME;
      try {
        found = this.allAtOnce(text);
      } catch (error) {
        if (error !== OUT_OF_TIME) throw error;
        found = OUT_OF_TIME;
      }
      if (found === undefined) break;
      if (found !== OUT_OF_TIME) return found;
    }
    const matched = new Set<string>();
    for (const [index, single] of this.singles.entries()) {
      await slice.pass();
      if (single.test(text)) matched.add(this.patterns[index]!);
    }
    return { matched, unchecked: NOTHING };
  }

  /** One pass of the shared automaton within the budget; `undefined` when it gave up (throws OUT_OF_TIME). */
  private allAtOnce(text: string): PatternFindings | undefined {
    this.deadline = performance.now() + FALLBACK_BUDGET_MS;
    try {
      const matched = this.set.match(text);
      return { matched: new Set(matched.map((index) => this.patterns[index]!)), unchecked: NOTHING };
    } catch (error) {
      if (error === GAVE_UP) return undefined;
      throw error;
    } finally {
      this.deadline = undefined;
    }
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
const OUT_OF_TIME = Symbol('the patterns’ DFA ran out of time');
/** Tries of the automaton before the one-at-a-time fallback (each builds more states; a text needs a few). */
const MAX_TRIES = 50;
const NOTHING: ReadonlySet<string> = new Set();
const NOTHING_FOUND: PatternFindings = { matched: NOTHING, unchecked: NOTHING };
