// The changelog's fragments (changes/) and their join at a release (scripts/changelog.mjs), run as `npm run
// changelog` runs it, on temporary copies of the layout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { changelogProblems, parseFragment } from '../changelog.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(new URL('../changelog.mjs', import.meta.url));
const changelog = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

const HEAD = `# Changelog

All notable changes to Parley.

## [Unreleased]

The changes not released yet are in [changes/](changes/).
`;
const OLDER = `## [0.1.0]

The first version.
`;

describe('the changelog (changes/, scripts/changelog.mjs)', () => {
  const roots = [];
  after(() => {
    for (const dir of roots) rmSync(dir, { recursive: true, force: true });
  });
  /** A temporary layout: CHANGELOG.md and `fragments` (name → text) in changes/, with its README. */
  const tree = (fragments, text = `${HEAD}\n${OLDER}`) => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-changelog-'));
    roots.push(dir);
    mkdirSync(join(dir, 'changes'));
    writeFileSync(join(dir, 'CHANGELOG.md'), text);
    writeFileSync(join(dir, 'changes/README.md'), '# Unreleased changes\n');
    for (const [name, body] of Object.entries(fragments)) writeFileSync(join(dir, 'changes', name), body);
    return dir;
  };

  it("the repository's fragments and CHANGELOG.md's [Unreleased] pass the check", () => {
    assert.deepEqual(changelogProblems(root), []);
    const checked = changelog('--check');
    assert.equal(checked.status, 0, checked.stderr);
  });

  it('joins the fragments into the release section, by kind, newest first, one heading for those that share it, and removes them', () => {
    const dir = tree({
      '2026-11-28-webhook-batches.md': '### Added (issue #37: webhooks in batches)\n\n- Webhooks go in batches.\n',
      '2026-11-29-attributes-rate-limit.md':
        '### Fixed (issue #82)\n\n- The scenarios take the admin rate limit off.\n  Wrapped line.\n',
      '2026-11-29-greeting.md': '### Added (issue #81: a greeting)\n\n- The chat opens on a greeting.\n',
      '2026-11-27-saml.md': '### Security\n\n- SAML responses are checked twice.\n',
      '2026-11-20-loader.md': '### Fixed (issue #82)\n\n- The loader waits for the page.\n',
      '2026-11-29-relay-tls.md': '### Changed\n\n- The relay asks for TLS 1.3.\n- And says so.\n',
    });
    const joined = changelog('0.2.0', '--date', '2026-12-01', '--root', dir);
    assert.equal(joined.status, 0, joined.stderr);
    assert.match(joined.stdout, /6 fragments joined into CHANGELOG\.md's \[0\.2\.0\]/);
    assert.equal(
      readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'),
      `${HEAD}
## [0.2.0] - 2026-12-01

### Added (issue #81: a greeting)

- The chat opens on a greeting.

### Added (issue #37: webhooks in batches)

- Webhooks go in batches.

### Changed

- The relay asks for TLS 1.3.
- And says so.

### Fixed (issue #82)

- The scenarios take the admin rate limit off.
  Wrapped line.

- The loader waits for the page.

### Security

- SAML responses are checked twice.

${OLDER}`,
    );
    assert.deepEqual(readdirSync(join(dir, 'changes')), ['README.md']);
    assert.deepEqual(changelogProblems(dir), []);
    // The same version twice is refused.
    writeFileSync(join(dir, 'changes/2026-12-02-more.md'), '### Fixed\n\n- More.\n');
    const again = changelog('0.2.0', '--root', dir);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already has a section for 0\.2\.0/);
  });

  it('refuses a bad fragment, naming the file, and then changes nothing', () => {
    const good = '### Fixed\n\n- Fine.\n';
    for (const [name, body, why] of [
      ['2026-11-29-kind.md', '### Improved (issue #82)\n\n- Faster.\n', /"Improved" is not a kind of change/],
      ['2026-11-29-empty.md', '### Added (issue #82)\n\n', /a heading and no entry/],
      ['2026-11-29-bare.md', '- No heading.\n', /its first line is its heading/],
      ['2026-11-29-two.md', '### Added\n\n- One.\n\n### Fixed\n\n- Two.\n', /line 5 is a heading/],
      ['2026-11-31-date.md', good, /2026-11-31 is not a date/],
      ['attributes-rate-limit.md', good, /named changes\/YYYY-MM-DD-slug\.md/],
      ['2026-11-29-Rate_Limit.md', good, /named changes\/YYYY-MM-DD-slug\.md/],
    ]) {
      const dir = tree({ '2026-11-28-fine.md': good, [name]: body });
      const before = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
      const checked = changelog('--check', '--root', dir);
      assert.equal(checked.status, 1, name);
      assert.match(checked.stderr, new RegExp(`^changes/${name.replace(/\./g, '\\.')}: `), name);
      assert.match(checked.stderr, why, name);
      const released = changelog('0.2.0', '--root', dir);
      assert.equal(released.status, 1, name);
      assert.match(released.stderr, new RegExp(`changes/${name.replace(/\./g, '\\.')}: `), name);
      assert.equal(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'), before, name);
      assert.ok(existsSync(join(dir, 'changes/2026-11-28-fine.md')), name);
    }
    assert.throws(() => parseFragment('2026-11-29-x.md', '### Removed\n'), /^Error: changes\/2026-11-29-x\.md: /);
  });

  it('refuses an entry written under [Unreleased], naming its line', () => {
    const dir = tree({}, `${HEAD}\n### Fixed (issue #82)\n\n- Written here.\n\n${OLDER}`);
    const checked = changelog('--check', '--root', dir);
    assert.equal(checked.status, 1);
    assert.match(
      checked.stderr,
      /^CHANGELOG\.md:9: an entry under ## \[Unreleased\]; write it as a fragment in changes\//,
    );
  });

  it('moves entries written under [Unreleased] into fragments, word for word, and they join as they read', () => {
    const sections =
      '### Fixed (issue #82: the attributes’ rate limit)\n\n- The scenarios take the limit off.\n  Wrapped.\n\n' +
      '### Added\n\n- A generator.\n';
    const dir = tree({ '2026-11-29-added.md': '### Added\n\n- Another.\n' }, `${HEAD}\n${sections}\n${OLDER}`);
    const split = changelog('--split', '--date', '2026-11-29', '--root', dir);
    assert.equal(split.status, 0, split.stderr);
    assert.match(split.stdout, /2 entries of \[Unreleased\] moved to changes\//);
    assert.equal(
      readFileSync(join(dir, 'changes/2026-11-29-fixed-82-the-attributes-rate-limit.md'), 'utf8'),
      '### Fixed (issue #82: the attributes’ rate limit)\n\n- The scenarios take the limit off.\n  Wrapped.\n',
    );
    // A name taken already gets the next number.
    assert.equal(readFileSync(join(dir, 'changes/2026-11-29-added-2.md'), 'utf8'), '### Added\n\n- A generator.\n');
    assert.equal(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'), `${HEAD}\n${OLDER}`);
    assert.deepEqual(changelogProblems(dir), []);
    // Nothing left to move: nothing written.
    const again = changelog('--split', '--root', dir);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^changelog: 0 entries/);
  });

  it('moves nothing when an entry under [Unreleased] has no kind, or a wrong one, and says where', () => {
    for (const [text, why] of [
      [
        `${HEAD}\n- No heading.\n\n### Added\n\n- Fine.\n\n${OLDER}`,
        /^changelog: CHANGELOG\.md:9: an entry under ## \[Unreleased\] with no "### <Kind>" heading/,
      ],
      [`${HEAD}\n### Improved\n\n- Faster.\n\n${OLDER}`, /"Improved" is not a kind of change/],
    ]) {
      const dir = tree({}, text);
      const split = changelog('--split', '--root', dir);
      assert.equal(split.status, 1);
      assert.match(split.stderr, why);
      assert.equal(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'), text);
      assert.deepEqual(readdirSync(join(dir, 'changes')), ['README.md']);
    }
  });

  it('prints the next section without changing anything, and refuses a release of nothing', () => {
    const dir = tree({ '2026-11-29-one.md': '### Removed\n\n- The old loader.\n' });
    const shown = changelog('--root', dir);
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(shown.stdout, '### Removed\n\n- The old loader.\n');
    assert.ok(existsSync(join(dir, 'changes/2026-11-29-one.md')));
    const empty = tree({});
    const released = changelog('0.2.0', '--root', empty);
    assert.equal(released.status, 1);
    assert.match(released.stderr, /no fragment: nothing to release/);
  });
});
