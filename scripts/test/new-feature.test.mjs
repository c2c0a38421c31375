// The feature generator (scripts/new-feature.mjs, `npm run new:feature`), for real: it writes a feature into a copy of
// the relay's tree, the compiler checks what it wrote with the relay's test settings, and the test it wrote runs
// against a relay; a bad or taken name is refused with nothing written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const generator = fileURLToPath(new URL('../new-feature.mjs', import.meta.url));
const tsHooks = fileURLToPath(new URL('../ts-hooks.mjs', import.meta.url));
const FEATURES = 'packages/relay/src/features/features.ts';

/** Every file under `dir` (not following the node_modules link) with its size, and the feature list's text. */
function snapshot(dir) {
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(`${relative(dir, path)} ${statSync(path).size}`);
    }
  };
  walk(dir);
  return { files: files.sort(), list: readFileSync(join(dir, FEATURES), 'utf8') };
}

/** This process's environment without what makes a `node --test` a child of this test run. */
function withoutTestContext() {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

describe('npm run new:feature', () => {
  // Inside the repository (git, ESLint and Prettier ignore .tmp/), so that the copy resolves @parley/protocol, zod and
  // the relay's dependencies from the repository's node_modules, as the relay's own files do.
  let tree;
  const generate = (...args) => spawnSync(process.execPath, [generator, ...args, '--root', tree], { encoding: 'utf8' });

  before(() => {
    mkdirSync(join(root, '.tmp'), { recursive: true });
    tree = mkdtempSync(join(root, '.tmp/new-feature-'));
    const relay = join(tree, 'packages/relay');
    mkdirSync(join(relay, 'test'), { recursive: true });
    for (const path of ['src', 'types', 'package.json', 'tsconfig.json', 'test/support', 'test/tsconfig.json'])
      cpSync(join(root, 'packages/relay', path), join(relay, path), { recursive: true });
    symlinkSync(join(root, 'packages/relay/node_modules'), join(relay, 'node_modules'));
    cpSync(join(root, 'tsconfig.base.json'), join(tree, 'tsconfig.base.json'));
    mkdirSync(join(tree, 'docs'));
    writeFileSync(join(tree, 'docs/architecture.md'), '# Architecture\n');
    mkdirSync(join(tree, 'changes'));
  });
  after(() => rmSync(tree, { recursive: true, force: true }));

  it('writes a feature in its own folder and its one line in the feature list; it type-checks and its test passes', () => {
    const before = readFileSync(join(tree, FEATURES), 'utf8');
    const made = generate('call-notes');
    assert.equal(made.status, 0, made.stderr);
    const day = new Date().toISOString().slice(0, 10);
    const written = [
      'packages/relay/src/call-notes/feature.ts',
      'packages/relay/src/call-notes/call-notes.ts',
      'packages/relay/src/call-notes/call-notes-repository.ts',
      'packages/relay/src/call-notes/call-notes-migrations.ts',
      'packages/relay/src/call-notes/call-notes-schemas.ts',
      'packages/relay/src/call-notes/call-notes-routes.ts',
      'packages/relay/test/call-notes.test.ts',
      'docs/call-notes.md',
      `changes/${day}-call-notes.md`,
    ];
    for (const path of written) assert.ok(made.stdout.includes(`  ${path}\n`), `${path} said`);
    assert.deepEqual(readdirSync(join(tree, 'packages/relay/src/call-notes')).sort(), [
      'call-notes-migrations.ts',
      'call-notes-repository.ts',
      'call-notes-routes.ts',
      'call-notes-schemas.ts',
      'call-notes.ts',
      'feature.ts',
    ]);
    // The frame: defineFeature with its migration by name, its route, its table declared for erasure.
    const feature = readFileSync(join(tree, 'packages/relay/src/call-notes/feature.ts'), 'utf8');
    // The route is one object: its prose beside it, its body parsed by the router, not by the handler.
    const routes = readFileSync(join(tree, 'packages/relay/src/call-notes/call-notes-routes.ts'), 'utf8');
    assert.match(routes, /adminRoute\(\{[^]*requestBody: CallNotesBody,\n {4}doc: \{\n {6}summary: /);
    assert.doesNotMatch(routes, /parseBody/);
    assert.match(feature, /export const callNotesFeature = defineFeature\(\{\n {2}name: 'call-notes',/);
    assert.match(feature, /'call-notes': CallNotes;/);
    assert.match(feature, /erasure: \{ conversations: \[\{ table: 'call_notes_entries' \}\] \}/);
    assert.match(
      readFileSync(join(tree, 'packages/relay/src/call-notes/call-notes-migrations.ts'), 'utf8'),
      /name: 'call-notes\.entries'/,
    );
    // The feature list: its import and its line, nothing else.
    const list = readFileSync(join(tree, FEATURES), 'utf8').split('\n');
    const added = list.filter((line) => !before.split('\n').includes(line));
    assert.deepEqual(added, ["import { callNotesFeature } from '../call-notes/feature.js';", '  callNotesFeature,']);
    assert.equal(list.length, before.split('\n').length + 2);
    assert.match(readFileSync(join(tree, `changes/${day}-call-notes.md`), 'utf8'), /^### Added\n\n- Call notes: /);

    // The compiler, with the relay's test settings, over the new test and (through the feature list) the feature.
    const test = join(tree, 'packages/relay/test');
    writeFileSync(
      join(test, 'tsconfig.generated.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['../types/*.d.ts'], files: ['call-notes.test.ts'] }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(test, 'tsconfig.generated.json')],
      { encoding: 'utf8' },
    );
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);

    // The test it wrote, against a relay made of the copy (the new feature in its list).
    const run = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', tsHooks, '--test', '--test-reporter=tap', 'test/call-notes.test.ts'],
      // A test run of its own, not a child reporting to this one's runner.
      { cwd: join(tree, 'packages/relay'), encoding: 'utf8', env: withoutTestContext() },
    );
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^# pass 3$/m);
    assert.match(run.stdout, /^# fail 0$/m);
  });

  it('refuses a bad or taken name, saying why, and writes nothing', () => {
    writeFileSync(join(tree, 'docs/handover.md'), '# Hand-over\n');
    const before = snapshot(tree);
    for (const [name, why] of [
      ['Call_Notes', /is not a feature's name: lower-case words/],
      ['1-notes', /is not a feature's name/],
      ['call--notes', /is not a feature's name/],
      ['notes-', /is not a feature's name/],
      ['call-notes', /packages\/relay\/src\/call-notes\/ exists already/],
      ['snooze', /packages\/relay\/src\/snooze\/ exists already/],
      [
        'originals',
        /a feature is named originals already \(packages\/relay\/src\/email-originals\/email-original-feature\.ts\)/,
      ],
      ['messages', /the route \/v1\/admin\/conversations\/\{id\}\/messages exists already/],
      ['handover', /docs\/handover\.md exists already/],
    ]) {
      const refused = generate(name);
      assert.equal(refused.status, 1, name);
      assert.match(refused.stderr, /^new:feature: /, name);
      assert.match(refused.stderr, why, name);
      assert.match(refused.stderr, /nothing was written\n$/, name);
      assert.deepEqual(snapshot(tree), before, `${name} changed nothing`);
    }
    const none = spawnSync(process.execPath, [generator, '--root', tree], { encoding: 'utf8' });
    assert.equal(none.status, 64);
    assert.match(none.stderr, /give the feature one name/);
    assert.deepEqual(snapshot(tree), before);
  });
});
