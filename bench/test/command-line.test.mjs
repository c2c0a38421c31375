// Every command line the project ships answers --help with its flags (exit 0), and an unknown flag with one line and
// its usage (exit 64, EX_USAGE), before any work starts (issue #44). The relay's own CLI has its tests in
// packages/relay/test/cli.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const COMMANDS = [
  'bench/run.mjs',
  'bench/faq-match.mjs',
  'bench/outbox.mjs',
  'bench/diagnostics/attachment-upload.mjs',
  'bench/diagnostics/batch-body.mjs',
  'bench/diagnostics/burst-commit.mjs',
  'bench/diagnostics/faq-relay-match.mjs',
  'bench/diagnostics/outbox-row.mjs',
  'bench/diagnostics/outbox-update.mjs',
  'bench/diagnostics/perf-share.mjs',
  'bench/diagnostics/reports.mjs',
  'scripts/size.mjs',
  'scripts/test.mjs',
  'scripts/release.mjs',
];

function run(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
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

  it('scripts/test.mjs refuses a suite it does not have', () => {
    const answer = run('scripts/test.mjs', ['relya']);
    assert.equal(answer.status, 64);
    assert.match(answer.stderr.split('\n')[0], /^test: no suite named relya$/);
  });
});
