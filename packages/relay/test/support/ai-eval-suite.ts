/**
 * `parley-relay ai eval` as a real process (packages/relay/dist/main.js) beside a running relay whose site loaded the
 * help center's quality set and asks a loopback model server, on SQLite (`test/ai-eval.test.ts`) and PostgreSQL
 * (`test-services/ai-eval-postgres.test.ts`): each outcome counted as the agent would have it, the JSON document's
 * shape, wrong arguments and files refused, nothing stored, every call recorded as the agent's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './cli.js';
import type { CliStore } from './cli-support-address-suite.js';
import { startDesk, type Desk } from './desk.js';
import { loadCorpus } from './help-quality.js';
import { startModelServer, type ModelServer } from './model-servers.js';
import { addOtherSite } from './other-site.js';

const KEY = 'sk-eval-secret-key-0123456789';
const OTHER_TOKEN = 'st_other_admin_eval_0123456789abcdef';

/** The JSON document's shape (docs/ai.md, "Evaluating a model"), as the tests read it. */
interface Report {
  format: number;
  site: string;
  model: { provider: string | null; model: string | null };
  questionSet: string;
  startedAt: string;
  summary: Record<string, any>;
  results: Array<Record<string, any>>;
}

export function aiEvalSuite(name: string, store: () => Promise<CliStore>): void {
  describe(`parley-relay ai eval (${name})`, () => {
    let relay: Desk;
    let model: ModelServer;
    let env: Record<string, string>;
    const files = mkdtempSync(join(tmpdir(), 'parley-ai-eval-'));

    /** Writes a question file and gives its path. */
    const file = (name: string, content: unknown): string => {
      const path = join(files, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    };
    /** Every conversation of the site and every outbox job: what asking the agent for a visitor would have written. */
    const stored = async () => {
      const conversations = await relay.call('GET', '/v1/admin/conversations');
      assert.equal(conversations.status, 200);
      const outbox = await relay.admin.repos.outbox.listOutbox('default', {}, 1000);
      return { conversations: conversations.body.items, outbox: outbox.items.map((job) => job.id) };
    };
    const agentUsage = async () => {
      const usage = await relay.call('GET', '/v1/admin/ai/usage');
      assert.equal(usage.status, 200, JSON.stringify(usage.body));
      return (
        usage.body.features as Array<{ feature: string; calls: number; failures: number; inputTokens: number }>
      ).find((item) => item.feature === 'agent');
    };

    before(async () => {
      const given = await store();
      model = await startModelServer('openai');
      env = { ...given.env, PARLEY_AI_ALLOW_PRIVATE: 'true' };
      relay = await startDesk({ ipRateLimitPerSecond: 0, aiAllowPrivate: true, ...given.relay });
      const help = relay.use('help-center')!;
      const agent = await relay.agent('Eva', 'admin');
      await loadCorpus(help, 'default', agent.id);
      const ai = await relay.call('PUT', '/v1/admin/ai', {
        enabled: true,
        provider: 'openai',
        baseUrl: model.baseUrl,
        model: 'eval-model',
        apiKey: KEY,
        monthlyTokenBudget: null,
      });
      assert.equal(ai.status, 200, JSON.stringify(ai.body));
      const voice = await relay.call('PUT', '/v1/admin/ai/agent', {
        enabled: true,
        name: 'Ada',
        tone: 'cheerful',
        avoid: ['competitors'],
      });
      assert.equal(voice.status, 200, JSON.stringify(voice.body));
      await addOtherSite(relay, 'pk_other_eval', OTHER_TOKEN);
    });
    after(async () => {
      await relay?.close();
      await model?.close();
      rmSync(files, { recursive: true, force: true });
    });

    it('counts each outcome as the agent would have it, stores nothing, and records every call as the agent’s', async () => {
      const before = { stored: await stored(), usage: await agentUsage(), requests: model.requests.length };
      const questions = file('set.json', [
        { question: 'Reset your password', expect: { article: 'reset-password' } },
        // The model cites the article it found, which is not the one expected.
        { question: 'Track your order', expect: { article: 'cancel-order' } },
        { question: 'Return an item', expect: { handover: true } },
        { question: 'Turn on two-factor authentication', expect: { refuse: true } },
        { question: 'Delete your account', language: 'en-GB', expect: { article: 'delete-account' } },
        { question: 'I want to talk to a human', expect: { handover: true } },
        { question: 'zzqx vvbnw', expect: { refuse: true } },
      ]);
      model.script(
        {
          answer: 'ANSWER: Choose Forgot password on the sign-in page. [1]\nSOURCES: 1',
          usage: { input: 100, output: 10 },
        },
        {
          answer: 'ANSWER: Follow the tracking number in your confirmation email.\nSOURCES: 1',
          usage: { input: 90, output: 9 },
        },
        { answer: 'PERSON', usage: { input: 80, output: 1 } },
        { answer: 'UNKNOWN', usage: { input: 70, output: 1 } },
        // Three tries (two retries): the question fails.
        { status: 500 },
        { status: 500 },
        { status: 500 },
      );
      const run = await runCli(
        ['ai', 'eval', '--site', 'default', '--questions', questions, '--format', 'json', '--concurrency', '1'],
        env,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stdout + run.stderr, new RegExp(KEY));
      const report = JSON.parse(run.stdout) as Report;
      assert.equal(report.format, 1);
      assert.equal(report.site, 'default');
      assert.deepEqual(report.model, { provider: 'openai', model: 'eval-model' });
      assert.equal(report.questionSet, 'file');
      assert.ok(!Number.isNaN(Date.parse(report.startedAt)));
      const outcomes = report.results.map((result) => [
        result.index,
        result.outcome,
        result.citedExpected,
        result.met,
        result.by ?? result.code ?? null,
        result.modelCalled,
      ]);
      assert.deepEqual(outcomes, [
        [1, 'answered', true, true, null, true],
        [2, 'answered', false, false, null, true],
        [3, 'handover', null, true, 'model', true],
        [4, 'refused', null, true, 'unsure', true],
        [5, 'failed', null, false, 'ai_unavailable', true],
        [6, 'handover', null, true, 'words', false],
        [7, 'refused', null, true, 'no-sources', false],
      ]);
      const [first, second] = report.results;
      assert.match(first!.sources[0], /\/en\/reset-password$/, 'the help center found the article');
      assert.deepEqual(first!.cited, [first!.sources[0]]);
      assert.equal(first!.answer, 'Choose Forgot password on the sign-in page.');
      assert.match(second!.cited[0], /\/en\/track-order$/);
      assert.equal(report.results[4]!.language, 'en-GB');
      assert.match(report.results[4]!.message, /Nothing was changed/);
      assert.deepEqual(report.results[6]!.sources, []);
      const common = ['index', 'question', 'language', 'expect', 'outcome', 'sources', 'modelCalled', 'inputTokens'];
      for (const result of report.results) {
        for (const key of [...common, 'outputTokens', 'latencyMs', 'citedExpected', 'met'])
          assert.ok(key in result, key);
        assert.ok(Number.isInteger(result.latencyMs) && result.latencyMs >= 0);
      }
      const { latencyMs, ...summary } = report.summary;
      assert.deepEqual(summary, {
        questions: 7,
        answered: 2,
        answeredCorrectly: 1,
        handover: 2,
        refused: 2,
        failed: 1,
        expected: 7,
        met: 5,
        rates: { answeredCorrectly: 0.1429, handover: 0.2857, refused: 0.2857, failed: 0.1429 },
        tokens: { input: 340, output: 21 },
      });
      assert.ok(latencyMs.p50 <= latencyMs.p90, JSON.stringify(latencyMs));
      // The failed question waited for its retries: the slowest of the five the model got.
      assert.equal(latencyMs.p90, report.results[4]!.latencyMs);

      // The model got the agent's prompt: its voice, the sources, the question; never the key but in its header.
      const asked = model.requests.slice(before.requests);
      assert.equal(asked.length, 7);
      assert.equal(asked[0]!.headers.authorization, `Bearer ${KEY}`);
      const [system, user] = asked[0]!.body.messages as Array<{ role: string; content: string }>;
      assert.match(system!.content, /You are Ada, the assistant of /);
      assert.match(system!.content, /Tone: cheerful/);
      assert.match(system!.content, /Never discuss these topics: competitors/);
      assert.match(user!.content, /^Sources:\n\[1\] Reset your password\n/);
      assert.match(user!.content, /Answer the visitor's last message: Reset your password$/);
      assert.match(asked[4]!.body.messages[0].content, /their browser is set to British English/);
      for (const request of asked) assert.doesNotMatch(request.raw, new RegExp(KEY));

      assert.deepEqual(await stored(), before.stored, 'no conversation, message or job was stored');
      const usage = await agentUsage();
      assert.equal((usage?.calls ?? 0) - (before.usage?.calls ?? 0), 5, 'one record per question the model got');
      assert.equal((usage?.failures ?? 0) - (before.usage?.failures ?? 0), 1);
      assert.equal((usage?.inputTokens ?? 0) - (before.usage?.inputTokens ?? 0), 340);
    });

    it('asks the help center’s quality set by default, and prints a table', async () => {
      model.fallback = { answer: 'ANSWER: It is in the article. [1]', usage: { input: 10, output: 2 } };
      const json = await runCli(['ai', 'eval', '--site', 'default', '--limit', '3', '--format', 'json'], env);
      assert.equal(json.code, 0, json.stderr);
      const report = JSON.parse(json.stdout) as Report;
      assert.equal(report.questionSet, 'default');
      assert.deepEqual(
        report.results.map((result) => [result.question, result.expect]),
        [
          ['I forgot my password', { article: 'reset-password' }],
          ['how do I reset my pasword', { article: 'reset-password' }],
          ['cannot log in, need a new password', { article: 'reset-password' }],
        ],
      );
      // The corpus answers its own questions: the article is among the sources the agent finds.
      assert.ok(
        report.results.every((result) => result.sources.some((url: string) => url.endsWith('/en/reset-password'))),
      );

      const text = await runCli(
        ['ai', 'eval', '--site', 'default', '--questions', '-', '--concurrency', '4'],
        env,
        JSON.stringify([
          { question: 'Reset your password', expect: { article: 'reset-password' } },
          { question: 'zzqx vvbnw', expect: {} },
        ]),
      );
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^Site default, openai eval-model, 2 questions \(from --questions\)\n/);
      assert.match(text.stdout, /\n#\s+OUTCOME\s+EXPECTED\s+MET\s+MS\s+QUESTION\s+CITED \/ WHY\n/);
      assert.match(
        text.stdout,
        /\n1\s+answered\s+reset-password\s+yes\s+\d+\s+Reset your password\s+http:\/\/\S+\/en\/reset-password\n/,
      );
      assert.match(text.stdout, /\n2\s+refused\s+\d+\s+zzqx vvbnw\s+no-sources\n/);
      assert.match(text.stdout, /\nAnswered, citing the expected article\s+1\/2\s+50\.0%\n/);
      assert.match(text.stdout, /\nFailed\s+0\/2\s+0\.0%\n/);
      assert.match(text.stdout, /\nExpectations met\s+1\/1\n/);
      assert.match(text.stdout, /\nTokens\s+in 10, out 2\n/);
      assert.match(text.stdout, /\nLatency of the questions the model got\s+p50 \d+ ms, p90 \d+ ms\n/);
    });

    it('exits 1 when every question failed', async () => {
      model.script({ status: 500 }, { status: 500 }, { status: 500 });
      const run = await runCli(
        [
          'ai',
          'eval',
          '--site',
          'default',
          '--questions',
          file('one.json', [{ question: 'Reset your password', expect: {} }]),
        ],
        env,
      );
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /\n1\s+failed\s+\d+\s+Reset your password\s+ai_unavailable\n/);
      assert.match(run.stdout, /\nFailed\s+1\/1\s+100\.0%\n/);
    });

    it('refuses wrong arguments and malformed question files, naming the flag or the line, and asks nothing', async () => {
      const requests = model.requests.length;
      const usage = await agentUsage();
      const refusals: Array<[string[], number, RegExp]> = [
        [['--site', 'default', '--bogus'], 64, /Unknown option '--bogus'/],
        [['--questions', 'x.json'], 64, /--site is required/],
        [['--site', 'default', '--format', 'xml'], 64, /--format: expected text or json, got "xml"/],
        [['--site', 'default', '--limit', '0'], 64, /--limit: expected a whole number from 1, got "0"/],
        [['--site', 'default', '--concurrency', '17'], 64, /--concurrency: expected a whole number from 1 to 16/],
        [['--site', 'nope'], 64, /no site "nope" on this relay/],
        [['--site', 'other'], 69, /AI is off or has no provider for the site "other"/],
        [
          ['--site', 'default', '--questions', join(files, 'absent.json')],
          66,
          /--questions: cannot read .*absent\.json \(ENOENT\)/,
        ],
        [
          [
            '--site',
            'default',
            '--questions',
            file('syntax.json', '[\n  { "question": "a", "expect": {} },\n  { "question": \n]'),
          ],
          65,
          /--questions .*syntax\.json: line 4: not JSON/,
        ],
        [
          ['--site', 'default', '--questions', file('object.json', { question: 'a', expect: {} })],
          65,
          /line 1: not a JSON array of questions/,
        ],
        [
          [
            '--site',
            'default',
            '--questions',
            file('unknown.json', [
              { question: 'a', expect: {} },
              { question: 'b', expect: {}, weight: 2 },
            ]),
          ],
          65,
          /: line 6: question 2: Unrecognized key: "weight"/,
        ],
        [
          [
            '--site',
            'default',
            '--questions',
            file('field.json', [
              { question: 'a', expect: {} },
              { question: 'b', expect: { article: 'x', refuse: true } },
            ]),
          ],
          65,
          /: line 6: question 2, expect: at most one of article, handover, refuse/,
        ],
        [
          ['--site', 'default', '--questions', file('type.json', [{ question: 'a', expect: { handover: 'yes' } }])],
          65,
          /: line 2: question 1, expect\.handover: /,
        ],
        [['--site', 'default', '--questions', file('empty.json', [])], 65, /line 1: no questions/],
        [
          [
            '--site',
            'default',
            '--questions',
            // Brackets, braces and quotes inside strings do not move the line named.
            file(
              'strings.json',
              '\uFEFF[{ "question": "a [b] {c} \\"d\\" ],", "expect": {} },\n\n  { "question": "", "expect": {} }]',
            ),
          ],
          65,
          /: line 3: question 2, question: must not be empty/,
        ],
      ];
      for (const [args, code, message] of refusals) {
        const run = await runCli(['ai', 'eval', ...args], env);
        assert.equal(run.code, code, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, message, args.join(' '));
        assert.equal(run.stdout, '');
      }
      assert.equal(model.requests.length, requests, 'no question was asked');
      assert.deepEqual(await agentUsage(), usage);
    });

    it('counts its calls against the site’s monthly budget: a used-up budget fails what is left, or refuses the run', async () => {
      const used = async () => (await relay.call('GET', '/v1/admin/ai/usage')).body.usedTokens as number;
      const budget = async (monthlyTokenBudget: number | null) =>
        assert.equal((await relay.call('PUT', '/v1/admin/ai', { enabled: true, monthlyTokenBudget })).status, 200);
      await budget((await used()) + 1);
      model.script({ answer: 'ANSWER: Choose Forgot password. [1]', usage: { input: 20, output: 5 } });
      const requests = model.requests.length;
      const questions = file('budget.json', [
        { question: 'Reset your password', expect: { article: 'reset-password' } },
        { question: 'Track your order', expect: { article: 'track-order' } },
      ]);
      // One at a time: calls under way together are each let through before the first is counted.
      const run = await runCli(
        ['ai', 'eval', '--site', 'default', '--questions', questions, '--format', 'json', '--concurrency', '1'],
        env,
      );
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(
        report.results.map((result) => [result.outcome, result.code ?? null, result.modelCalled]),
        [
          ['answered', null, true],
          ['failed', 'ai_budget_exhausted', false],
        ],
      );
      assert.equal(model.requests.length, requests + 1, 'the provider was not called past the budget');
      assert.deepEqual(report.summary.tokens, { input: 20, output: 5 });

      const refused = await runCli(['ai', 'eval', '--site', 'default', '--questions', questions], env);
      assert.equal(refused.code, 69, refused.stderr);
      assert.match(refused.stderr, /the site "default" has used its AI budget for this month: nothing asked/);
      assert.equal(model.requests.length, requests + 1);
      await budget(null);
    });

    it('finds only the asked site’s articles: another site with AI on gets none of the first one’s', async () => {
      const other = await relay.call(
        'PUT',
        '/v1/admin/ai',
        {
          enabled: true,
          provider: 'openai',
          baseUrl: model.baseUrl,
          model: 'other-model',
          apiKey: 'sk-other-key-0123456789',
        },
        OTHER_TOKEN,
      );
      assert.equal(other.status, 200, JSON.stringify(other.body));
      const requests = model.requests.length;
      const run = await runCli(['ai', 'eval', '--site', 'other', '--limit', '5', '--format', 'json'], env);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.model, { provider: 'openai', model: 'other-model' });
      assert.deepEqual(
        report.results.map((result) => [result.outcome, result.by, result.sources]),
        Array.from({ length: 5 }, () => ['refused', 'no-sources', []]),
      );
      assert.equal(model.requests.length, requests, 'nothing to ask the model about');
    });
  });
}
