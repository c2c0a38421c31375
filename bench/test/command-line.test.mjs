// Every command line the project ships answers --help with its flags (exit 0), and an unknown flag with one line and
// its usage (exit 64, EX_USAGE), before any work starts (issue #44). The relay's own CLI has its tests in
// packages/relay/test/cli.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Run from the TypeScript sources (`--conditions=source --import tsx`), as their heads say. */
const FROM_SOURCES = new Set([
  'bench/help-search.mjs',
  'bench/inbox-paint.mjs',
  'bench/diagnostics/content-filter-hostile.mjs',
  'bench/diagnostics/sensitive-hostile.mjs',
]);
const COMMANDS = [
  'bench/run.mjs',
  'bench/faq-match.mjs',
  'bench/outbox.mjs',
  'bench/diagnostics/append-latency.mjs',
  'bench/diagnostics/attachment-upload.mjs',
  'bench/diagnostics/batch-body.mjs',
  'bench/diagnostics/burst-commit.mjs',
  'bench/diagnostics/callgrind-b.mjs',
  'bench/diagnostics/commit-cost.mjs',
  'bench/diagnostics/faq-relay-match.mjs',
  'bench/diagnostics/html-hostile.mjs',
  'bench/diagnostics/outbox-row.mjs',
  'bench/diagnostics/outbox-update.mjs',
  'bench/diagnostics/perf-share.mjs',
  'bench/diagnostics/reports.mjs',
  'bench/diagnostics/store-alone.mjs',
  'bench/diagnostics/store-reads.mjs',
  'bench/diagnostics/webhook-client.mjs',
  'scripts/size.mjs',
  'scripts/test.mjs',
  'scripts/release.mjs',
  ...FROM_SOURCES,
];

function run(script, args) {
  const node = FROM_SOURCES.has(script) ? ['--conditions=source', '--import', 'tsx'] : [];
  const result = spawnSync(process.execPath, [...node, script, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command lines: --help and unknown flags', () => {
  for (const script of COMMANDS) {
    it(`${script} --help prints its usage and exits 0`, () => {
      const answer = run(script, ['--help']);
      assert.equal(answer.status, 0, answer.stderr);
      assert.match(answer.stdout, /^[Uu]sage: /);
      assert.equal(answer.stderr, '');
    });

    it(`${script} --no-such-flag says so in one line, then the usage, and exits 64`, () => {
      const answer = run(script, ['--no-such-flag']);
      assert.equal(answer.status, 64, answer.stderr);
      const [first, blank, usage] = answer.stderr.split('\n');
      assert.match(first, /: unknown option --no-such-flag$/);
      assert.equal(blank, '');
      assert.match(usage, /^[Uu]sage: /);
      assert.equal(answer.stdout, '');
    });
  }

  it('bench/run.mjs refuses a bad value the same way', () => {
    const answer = run('bench/run.mjs', ['--only', 'z']);
    assert.equal(answer.status, 64);
    assert.match(answer.stderr.split('\n')[0], /^bench: unknown workload "z"/);
  });

  it('bench/diagnostics/callgrind-b.mjs refuses a bad value, and a checkout with no built relay, before any work', () => {
    const kind = run('bench/diagnostics/callgrind-b.mjs', ['--webhooks', 'some']);
    assert.equal(kind.status, 64);
    assert.equal(kind.stderr.split('\n')[0], 'callgrind-b: --webhooks is batch or each (got some)');
    const pairs = run('bench/diagnostics/callgrind-b.mjs', ['--pairs', '1.5']);
    assert.equal(pairs.status, 64);
    assert.equal(pairs.stderr.split('\n')[0], 'callgrind-b: --pairs is a whole number from 1 (got 1.5)');
    const dir = run('bench/diagnostics/callgrind-b.mjs', ['--dir', '/nonexistent-checkout']);
    assert.equal(dir.status, 64);
    assert.match(dir.stderr.split('\n')[0], /^callgrind-b: no built relay in \/nonexistent-checkout/);
  });

  it('bench/inbox-paint.mjs and bench/diagnostics/store-alone.mjs refuse a count that is not one', () => {
    const runs = run('bench/inbox-paint.mjs', ['0']);
    assert.equal(runs.status, 64);
    assert.equal(runs.stderr.split('\n')[0], 'inbox-paint: RUNS is a whole number from 1 (got 0)');
    const batches = run('bench/diagnostics/store-alone.mjs', ['/tmp', 'many']);
    assert.equal(batches.status, 64);
    assert.equal(batches.stderr.split('\n')[0], 'store-alone: BATCHES is a whole number from 1 (got many)');
    const none = run('bench/diagnostics/store-alone.mjs', []);
    assert.equal(none.status, 64);
    assert.equal(none.stderr.split('\n')[0], 'store-alone: CHECKOUT, then BATCHES if any');
  });

  it('scripts/test.mjs refuses a suite it does not have', () => {
    const answer = run('scripts/test.mjs', ['relya']);
    assert.equal(answer.status, 64);
    assert.match(answer.stderr.split('\n')[0], /^test: no suite named relya$/);
  });
});
