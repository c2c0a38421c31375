import { askAgent, type EvalAgent, type EvalAsked } from './eval-ask.js';
import type { EvalExpectation, EvalQuestion } from './eval-questions.js';

/** The version of the run's JSON document (docs/ai.md, "Evaluating a model"): raised only when a field changes meaning. */
export const EVAL_FORMAT = 1;

/** One question's line in the results. */
export type EvalResult = EvalAsked & {
  /** 1-based, in the order of the question set. */
  readonly index: number;
  readonly question: string;
  readonly language: string;
  readonly expect: EvalExpectation;
  /** For an answer to a question expecting an article: whether it cited that article; otherwise null. */
  readonly citedExpected: boolean | null;
  /** Whether the outcome is what the question expects; null when it expects nothing. */
  readonly met: boolean | null;
};

/** The run's figures. Rates are of every question asked, rounded to 4 places. */
export interface EvalSummary {
  readonly questions: number;
  readonly answered: number;
  /** Answers that cited the article their question expects. */
  readonly answeredCorrectly: number;
  readonly handover: number;
  readonly refused: number;
  readonly failed: number;
  /** Questions with an expectation, and those whose outcome met it. */
  readonly expected: number;
  readonly met: number;
  readonly rates: {
    readonly answeredCorrectly: number;
    readonly handover: number;
    readonly refused: number;
    readonly failed: number;
  };
  /** Tokens the provider counted, over every call. */
  readonly tokens: { readonly input: number; readonly output: number };
  /** Over the questions that called the model (ms); null when none did. */
  readonly latencyMs: { readonly p50: number; readonly p90: number } | null;
}

/** The run as `--format json` prints it. */
export interface EvalReport {
  readonly format: typeof EVAL_FORMAT;
  readonly site: string;
  /** The site's provider and model (never its address or key). */
  readonly model: { readonly provider: string | null; readonly model: string | null };
  /** `default` (the help center's quality set) or `file` (`--questions`). */
  readonly questionSet: 'default' | 'file';
  readonly startedAt: string;
  readonly summary: EvalSummary;
  readonly results: readonly EvalResult[];
}

/** What a run is given besides the agent and its questions. */
export interface EvalRunOptions {
  /** Questions asked at once (the provider's rate limit is the site's). */
  readonly concurrency: number;
  readonly signal?: AbortSignal | undefined;
}

/** The slug an expected article names: itself, or the last segment of its address. */
const slugOf = (article: string): string => {
  const last =
    article
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .at(-1) ?? article;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
};

/** Whether `cited` names the article `expected` names (an address compared whole, a slug with the cited slugs). */
export function citesArticle(cited: readonly string[], expected: string): boolean {
  if (expected.includes('/')) return cited.includes(expected.replace(/\/+$/, ''));
  return cited.some((source) => source.includes('/') && slugOf(source) === expected);
}

function scored(index: number, question: EvalQuestion, asked: EvalAsked): EvalResult {
  const { expect } = question;
  const citedExpected =
    asked.outcome === 'answered' && expect.article !== undefined ? citesArticle(asked.cited, expect.article) : null;
  const met =
    expect.article !== undefined
      ? citedExpected === true
      : expect.handover
        ? asked.outcome === 'handover'
        : expect.refuse
          ? asked.outcome === 'refused'
          : null;
  return {
    index,
    question: question.question,
    language: question.language ?? 'en',
    expect,
    ...asked,
    citedExpected,
    met,
  };
}

/** The `p`-th percentile of `values` (nearest rank). */
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

const rate = (count: number, of: number): number => (of === 0 ? 0 : Math.round((count / of) * 10_000) / 10_000);

/** The figures of a run's results. */
export function summarise(results: readonly EvalResult[]): EvalSummary {
  const count = (test: (result: EvalResult) => boolean) => results.filter(test).length;
  const total = results.length;
  const answeredCorrectly = count((result) => result.citedExpected === true);
  const handover = count((result) => result.outcome === 'handover');
  const refused = count((result) => result.outcome === 'refused');
  const failed = count((result) => result.outcome === 'failed');
  const latencies = results
    .filter((result) => result.modelCalled)
    .map((result) => result.latencyMs)
    .sort((a, b) => a - b);
  return {
    questions: total,
    answered: count((result) => result.outcome === 'answered'),
    answeredCorrectly,
    handover,
    refused,
    failed,
    expected: count((result) => result.met !== null),
    met: count((result) => result.met === true),
    rates: {
      answeredCorrectly: rate(answeredCorrectly, total),
      handover: rate(handover, total),
      refused: rate(refused, total),
      failed: rate(failed, total),
    },
    tokens: {
      input: results.reduce((sum, result) => sum + result.inputTokens, 0),
      output: results.reduce((sum, result) => sum + result.outputTokens, 0),
    },
    latencyMs: latencies.length === 0 ? null : { p50: percentile(latencies, 50), p90: percentile(latencies, 90) },
  };
}

/** The run's document (`--format json`), from its results. */
export function evalReport(run: {
  readonly site: string;
  readonly model: EvalReport['model'];
  readonly questionSet: EvalReport['questionSet'];
  readonly startedAt: number;
  readonly results: readonly EvalResult[];
}): EvalReport {
  return {
    format: EVAL_FORMAT,
    site: run.site,
    model: run.model,
    questionSet: run.questionSet,
    startedAt: new Date(run.startedAt).toISOString(),
    summary: summarise(run.results),
    results: run.results,
  };
}

/**
 * Asks the agent every question, `concurrency` at a time, and scores each against its expectation. The results keep
 * the set's order whatever order the answers come in.
 */
export async function runEval(
  agent: EvalAgent,
  questions: readonly EvalQuestion[],
  options: EvalRunOptions,
): Promise<EvalResult[]> {
  const results: EvalResult[] = new Array<EvalResult>(questions.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < questions.length && !options.signal?.aborted) {
      const index = next++;
      const question = questions[index]!;
      results[index] = scored(index + 1, question, await askAgent(agent, question, options.signal));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, questions.length) }, worker));
  return results.filter((result) => result !== undefined);
}
