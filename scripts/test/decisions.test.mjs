// The decision records' check (scripts/decisions.mjs): the repository passes it, and a new numbered ADR, a malformed
// name or a link to an ADR that is not there fails it, naming the file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decisionNameProblem, decisionProblems } from '../decisions.mjs';

describe('decision records (docs/decisions/)', () => {
  it("the repository's records, and every link and citation to them, pass", () => {
    assert.deepEqual(decisionProblems(), []);
  });

  it('accepts the 45 numbered names and names by date and slug', () => {
    for (const name of [
      'README.md',
      '0001-storage-sqlite-by-default.md',
      '0045-help-typo-index.md',
      '2026-11-29-extension-points.md',
      '2026-11-29-outlets.md',
      '2027-02-28-sqlite-wal2.md',
    ])
      assert.equal(decisionNameProblem(name), undefined, name);
  });

  it('refuses a new numbered ADR, naming the name it should have', () => {
    assert.match(
      decisionNameProblem('0046-next-thing.md') ?? '',
      /after 0045 are named by date.*YYYY-MM-DD-next-thing\.md/,
    );
    assert.match(decisionNameProblem('0000-zero.md') ?? '', /named by date/);
  });

  it('refuses malformed names', () => {
    for (const name of [
      '2026-11-29-Extension-Points.md',
      '2026-11-29_outlets.md',
      '2026-13-01-outlets.md',
      '2026-02-30-outlets.md',
      '2026-11-29-.md',
      '2026-11-29-outlets.txt',
      '46-next-thing.md',
      'outlets.md',
      '2026-11-29-outlets--twice.md',
    ])
      assert.notEqual(decisionNameProblem(name), undefined, name);
  });

  describe('in a tree of its own', () => {
    const roots = [];
    after(() => {
      for (const root of roots) rmSync(root, { recursive: true, force: true });
    });
    /** A temporary repository layout with `files` (path → text). */
    const tree = (files) => {
      const root = mkdtempSync(join(tmpdir(), 'parley-decisions-'));
      roots.push(root);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      return root;
    };
    const base = {
      'docs/decisions/0001-first.md': '# 1. First\n',
      'docs/decisions/2026-11-29-outlets.md': '# Outlets\n',
      'docs/architecture.md':
        'See [ADR 0001](decisions/0001-first.md) and [outlets](decisions/2026-11-29-outlets.md#context), ADR 0001.\n',
      'README.md': '[design decisions](docs/decisions/)\n',
      'docs/decisions/README.md':
        'Cite it by its file: `[x](decisions/2026-01-01-y.md)`.\n\n```md\n[y](0099-z.md)\n```\n',
      'packages/relay/README.md': '[the outbox](../../docs/decisions/0001-first.md)\n',
      'changes/2026-11-29-outbox.md': '### Added\n\n- The outbox ([ADR 0001](docs/decisions/0001-first.md)).\n',
    };

    it('passes a tree whose names and links are right', () => {
      assert.deepEqual(decisionProblems(tree(base)), []);
    });

    it('fails on a new numbered ADR and on a malformed name, naming the file', () => {
      const root = tree({ ...base, 'docs/decisions/0046-new.md': '#\n', 'docs/decisions/Outlets.md': '#\n' });
      const problems = decisionProblems(root);
      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0], /^docs\/decisions\/0046-new\.md: ADRs after 0045 are named by date/);
      assert.match(problems[1], /^docs\/decisions\/Outlets\.md: an ADR is named docs\/decisions\/YYYY-MM-DD-slug\.md/);
    });

    it('fails on a link to an ADR that does not exist and on a citation of no numbered ADR, naming file and line', () => {
      const root = tree({
        ...base,
        'docs/email.md': 'One.\n\nSee [the choice](decisions/2026-11-30-missing.md).\n',
        'CONTRIBUTING.md': 'As [the store](docs/decisions/0002-gone.md) says.\n',
        'packages/relay/README.md': 'ADR 0007 says so.\n',
      });
      assert.deepEqual(decisionProblems(root), [
        'CONTRIBUTING.md:1: links to docs/decisions/0002-gone.md, which does not exist',
        'docs/email.md:3: links to decisions/2026-11-30-missing.md, which does not exist',
        'packages/relay/README.md:1: cites ADR 0007, which is not in docs/decisions/',
      ]);
    });

    it('fails on two ADRs of one number', () => {
      const root = tree({ ...base, 'docs/decisions/0001-second.md': '#\n' });
      assert.deepEqual(decisionProblems(root), ['docs/decisions/0001-second.md: ADR 0001 is 0001-first.md too']);
    });
  });
});
