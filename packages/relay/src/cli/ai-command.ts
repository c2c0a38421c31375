import { readFile, stat } from 'node:fs/promises';
import type { EvalQuestion } from '../ai/eval/eval-questions.js';
import type { EvalReport } from '../ai/eval/eval-run.js';
import {
  CliError,
  EXIT,
  UsageError,
  parseCommandArgs,
  stringOption,
  subcommandRunner,
  table,
  type CliCommand,
  type CliOutput,
} from '../commands/command.js';
import { relayParts } from './load-relay-parts.js';

/** The exit status of a run in which every question failed (the provider down, a wrong key). */
const ALL_FAILED = 1;
/** The most questions asked at once. */
const MAX_CONCURRENCY = 16;

const evalUsage = [
  'Usage: parley-relay ai eval --site <id> [--questions <file.json|->] [--format text|json] [--limit N]',
  '                            [--concurrency N]',
  '',
  "Asks the site's AI agent a set of questions as its visitors would, with the site's model, sources and agent",
  'settings (docs/ai.md, "Evaluating a model"), and reports each outcome: answered (citing the expected article or',
  'not), handed over, refused (nothing related found, or the model unsure), failed (with its error code); then the',
  'rates, the tokens used and the latency. Nothing is stored in any conversation. Every call counts against the',
  "site's monthly AI budget and is recorded in its usage as the agent's (feature agent). The provider's key is",
  'never printed.',
  '',
  'Options:',
  '  --site <id>            the site (its id, as `parley-relay site list` shows it)',
  '  --questions <file>     a JSON array of {"question", "language"?, "expect": {"article"? | "handover"? |',
  '                         "refuse"?}}; - reads it from stdin. Default: the help center\'s quality set (110',
  '                         questions about its 50 sample articles)',
  '  --format text|json     a table (default), or one JSON document ("format": 1) to compare two runs',
  '  --limit N              ask only the first N questions',
  '  --concurrency N        questions asked at once, 1-16 (default 2)',
  '',
  'Exit status: 0 done, 1 every question failed, 64 wrong arguments, 65 a malformed question file, 66 no database',
  'or no such question file, 69 AI off for the site or its budget used up, 78 configuration.',
].join('\n');

/** A positive whole number option, or a {@link UsageError} naming it. */
function countOption(value: string | boolean | undefined, name: string, max = Number.MAX_SAFE_INTEGER) {
  const text = stringOption(value, name);
  if (text === undefined) return undefined;
  const count = /^\d{1,9}$/.test(text) ? Number(text) : 0;
  if (count < 1 || count > max)
    throw new UsageError(
      `--${name}: expected a whole number from 1${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got "${text}".`,
      evalUsage,
    );
  return count;
}

/** The question file's text (`-`: stdin), bounded. */
async function readQuestions(path: string, maxBytes: number): Promise<string> {
  if (path !== '-') {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      throw new CliError(
        EXIT.noInput,
        `--questions: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      );
    }
    if (size > maxBytes) throw new CliError(EXIT.dataError, `--questions: ${path} is larger than ${maxBytes} bytes.`);
    return readFile(path, 'utf8');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new CliError(EXIT.dataError, `--questions: stdin is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** Shortened to `width` characters, for a column. */
const cut = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

/** The run as a table, then its figures. */
function textReport(report: EvalReport): string {
  const { summary } = report;
  const expected = (result: EvalReport['results'][number]) =>
    result.expect.article ?? (result.expect.handover ? 'handover' : result.expect.refuse ? 'refuse' : '');
  const detail = (result: EvalReport['results'][number]) =>
    result.outcome === 'answered' ? result.cited.join(' ') : result.outcome === 'failed' ? result.code : result.by;
  const rows = report.results.map((result) => [
    String(result.index),
    result.outcome,
    cut(expected(result), 28),
    result.met === null ? '' : result.met ? 'yes' : 'no',
    String(result.latencyMs),
    cut(result.question.replace(/\s+/g, ' '), 48),
    cut(detail(result), 60),
  ]);
  const figure = (label: string, value: string) => `${label.padEnd(40)}${value}`;
  const line = (label: string, count: number, rate: number) =>
    figure(label, `${`${count}/${summary.questions}`.padEnd(10)}${percent(rate)}`);
  return [
    `Site ${report.site}, ${report.model.provider ?? '?'} ${report.model.model ?? '?'}, ${summary.questions} questions (${report.questionSet === 'default' ? "the help center's quality set" : 'from --questions'})`,
    '',
    table(['#', 'OUTCOME', 'EXPECTED', 'MET', 'MS', 'QUESTION', 'CITED / WHY'], rows).trimEnd(),
    '',
    line('Answered, citing the expected article', summary.answeredCorrectly, summary.rates.answeredCorrectly),
    line('Handed over', summary.handover, summary.rates.handover),
    line('Refused', summary.refused, summary.rates.refused),
    line('Failed', summary.failed, summary.rates.failed),
    figure('Expectations met', `${summary.met}/${summary.expected}`),
    figure('Tokens', `in ${summary.tokens.input}, out ${summary.tokens.output}`),
    figure(
      'Latency of the questions the model got',
      summary.latencyMs === null ? 'none asked' : `p50 ${summary.latencyMs.p50} ms, p90 ${summary.latencyMs.p90} ms`,
    ),
    '',
  ].join('\n');
}

async function runEvalCommand(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      site: { type: 'string' },
      questions: { type: 'string' },
      format: { type: 'string' },
      limit: { type: 'string' },
      concurrency: { type: 'string' },
    },
    { min: 0, max: 0 },
    evalUsage,
  );
  const siteId = stringOption(values.site, 'site');
  if (siteId === undefined) throw new UsageError('--site is required.', evalUsage);
  const format = stringOption(values.format, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format: expected text or json, got "${format}".`, evalUsage);
  const limit = countOption(values.limit, 'limit');
  const concurrency = countOption(values.concurrency, 'concurrency', MAX_CONCURRENCY) ?? 2;
  const questionsPath = stringOption(values.questions, 'questions');
  const [{ loadConfig, openStores }, { parseQuestions, defaultQuestions, QuestionsError, MAX_QUESTIONS_BYTES }, run] =
    await Promise.all([relayParts(), import('../ai/eval/eval-questions.js'), import('../ai/eval/eval-run.js')]);
  let questions: EvalQuestion[];
  if (questionsPath === undefined) questions = defaultQuestions();
  else
    try {
      questions = parseQuestions(await readQuestions(questionsPath, MAX_QUESTIONS_BYTES));
    } catch (error) {
      if (error instanceof QuestionsError)
        throw new CliError(EXIT.dataError, `--questions ${questionsPath}: ${error.message}`);
      throw error;
    }
  if (limit !== undefined) questions = questions.slice(0, limit);
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const site = await stores.repos.sites.getSiteListing(siteId);
    if (!site)
      throw new UsageError(`no site "${siteId}" on this relay (\`parley-relay site list\` shows them).`, evalUsage);
    const { evalParts } = await import('./ai-eval-parts.js');
    const parts = await evalParts(stores, config, site);
    try {
      const startedAt = Date.now();
      const report = run.evalReport({
        site: site.id,
        model: { provider: parts.settings.provider, model: parts.settings.model },
        questionSet: questionsPath === undefined ? 'default' : 'file',
        startedAt,
        results: await run.runEval(parts.agent, questions, { concurrency }),
      });
      output.out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : textReport(report));
      return report.summary.failed === report.summary.questions ? ALL_FAILED : EXIT.ok;
    } finally {
      await parts.close();
    }
  } finally {
    await stores.close();
  }
}

/** `parley-relay ai eval`: measure a site's AI agent on a question set (issue #83). */
export const aiCommand: CliCommand = {
  name: 'ai',
  summary: "measure a site's AI agent on a question set (ai eval)",
  usage: [
    'Usage: parley-relay ai <subcommand> [options]',
    '',
    'Subcommands:',
    "  eval    ask the site's AI agent a question set and report how it answered (parley-relay ai eval --help)",
  ].join('\n'),
  run: subcommandRunner(new Map([['eval', runEvalCommand]])),
};
