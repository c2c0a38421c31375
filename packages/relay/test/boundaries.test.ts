// The boundary check itself (`npm run lint:boundaries`, scripts/boundaries.mjs): the relay's own rules
// (.dependency-cruiser.mjs) run on a small tree laid out like the relay's, into which each test writes the import
// it is about. docs/architecture.md, "Adding a feature".
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  FOLDER_CYCLE,
  baselineText,
  compare,
  describeAdded,
  describeGone,
  findViolations,
  type Baseline,
} from '../../../scripts/boundaries.mjs';
import { tempDir } from './support/temp.js';

const relay = new URL('..', import.meta.url).pathname;

/**
 * A package with the relay's rules and a tree of its shape: a feature list naming two features (alpha with its
 * facade, beta), the feature interface beside it, kits (http/, store/, whose migrations the list imports besides the
 * features), and a composition root; `files` are written over it.
 */
function tree(files: Record<string, string> = {}): string {
  const root = tempDir('parley-boundaries-');
  copyFileSync(join(relay, '.dependency-cruiser.mjs'), join(root, '.dependency-cruiser.mjs'));
  const all: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, rootDir: 'src' },
      include: ['src'],
    }),
    'src/features/feature.ts': 'export interface Feature { readonly name: string }\n',
    'src/features/features.ts': [
      "import { alphaFeature } from '../alpha/feature.js';",
      "import { betaFeature } from '../beta/feature.js';",
      "import { BASE_MIGRATIONS } from '../store/migrations.js';",
      'export const FEATURES = [',
      '  // The first.',
      '  alphaFeature,',
      '  betaFeature,',
      '] as const;',
      'export const MIGRATIONS = [...BASE_MIGRATIONS];',
    ].join('\n'),
    'src/alpha/feature.ts': [
      "import type { Feature } from '../features/feature.js';",
      "import { sign } from './signing.js';",
      "export const alphaFeature: Feature = { name: sign('alpha') };",
    ].join('\n'),
    'src/alpha/signing.ts': 'export const sign = (text: string): string => `${text}!`;\n',
    'src/alpha/public.ts': "export { sign } from './signing.js';\n",
    'src/beta/feature.ts': [
      "import type { Feature } from '../features/feature.js';",
      "import { sign } from '../alpha/public.js';",
      "import { respond } from '../http/respond.js';",
      "export const betaFeature: Feature = { name: respond(sign('beta')) };",
    ].join('\n'),
    'src/http/respond.ts': 'export const respond = (text: string): string => text;\n',
    'src/store/migrations.ts': "export const BASE_MIGRATIONS: readonly string[] = ['base'];\n",
    'src/relay.ts': [
      "import { FEATURES } from './features/features.js';",
      "import { sign } from './alpha/signing.js';",
      'export const names = FEATURES.map((feature) => sign(feature.name));',
    ].join('\n'),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const keys = (violations: readonly { rule: string; key: string }[]): string[] =>
  violations.map(({ rule, key }) => `${rule}: ${key}`);

describe('the boundary check', () => {
  it('accepts kits used by features, a feature through another one’s facade, and roots that import anything', async () => {
    // The list imports store/ besides its features: store/ stays a kit (else kits importing it would pass unseen).
    const root = tree({
      'src/http/migrated.ts':
        "import { BASE_MIGRATIONS } from '../store/migrations.js';\nexport { BASE_MIGRATIONS };\n",
    });
    assert.deepEqual(keys(await findViolations(root)), []);
  });

  it('refuses a kit that imports a feature, its types, or the feature list, naming both files and the rule', async () => {
    const root = tree({
      'src/http/respond.ts': [
        "import { sign } from '../alpha/signing.js';",
        'export const respond = (text: string): string => sign(text);',
      ].join('\n'),
      'src/http/typed.ts': "import type { sign } from '../alpha/public.js';\nexport type Sign = typeof sign;\n",
      'src/http/all.ts': "import { FEATURES } from '../features/features.js';\nexport const count = FEATURES.length;\n",
    });
    const violations = await findViolations(root);
    assert.deepEqual(keys(violations), [
      'kit-imports-feature: src/http/all.ts -> src/features/features.ts',
      'kit-imports-feature: src/http/respond.ts -> src/alpha/signing.ts',
      'kit-imports-feature: src/http/typed.ts -> src/alpha/public.ts',
      // No cycle: alpha/ does not import http/, and the list (a root) does not count for one.
    ]);
    // An empty baseline: each is new, and says which file imports which and what the rule asks.
    const { added, gone } = compare(violations, {});
    assert.equal(added.length, 3);
    assert.deepEqual(gone, []);
    assert.match(
      describeAdded(added.find((violation) => violation.from === 'src/http/respond.ts')!),
      /^kit-imports-feature: src\/http\/respond\.ts imports src\/alpha\/signing\.ts\n {2}A kit \(plumbing/,
    );
  });

  it('refuses a feature that imports another one’s module other than its facade, types included', async () => {
    const root = tree({
      'src/beta/extra.ts': "import type { sign } from '../alpha/signing.js';\nexport type Sign = typeof sign;\n",
    });
    const [violation, ...rest] = await findViolations(root);
    assert.deepEqual(rest, []);
    assert.equal(violation!.key, 'src/beta/extra.ts -> src/alpha/signing.ts');
    assert.match(
      describeAdded(violation!),
      /^feature-imports-feature-internals: src\/beta\/extra\.ts imports src\/alpha\/signing\.ts\n.*public\.ts/,
    );
  });

  it('refuses a new cycle between kits, naming the imports that close it', async () => {
    const root = tree({
      'src/store/migrations.ts': [
        "import { respond } from '../http/respond.js';",
        "export const BASE_MIGRATIONS: readonly string[] = [respond('base')];",
      ].join('\n'),
      'src/http/respond.ts': [
        "import type { BASE_MIGRATIONS } from '../store/migrations.js';",
        'export const respond = (text: string): string => text;',
        'export type Migrations = typeof BASE_MIGRATIONS;',
      ].join('\n'),
    });
    const violations = await findViolations(root);
    assert.deepEqual(keys(violations), [`${FOLDER_CYCLE}: http -> store`, `${FOLDER_CYCLE}: store -> http`]);
    assert.equal(
      describeAdded(violations[0]!).split('\n').slice(0, 2).join('\n'),
      `${FOLDER_CYCLE}: http -> store closes a cycle of folders (http -> store -> http):\n` +
        '  src/http/respond.ts imports src/store/migrations.ts',
    );
  });

  it('accepts what its baseline lists, and fails on an entry that no longer occurs', async () => {
    const violating = {
      'src/beta/extra.ts': "import { sign } from '../alpha/signing.js';\nexport const x = sign('x');\n",
    };
    const baseline = JSON.parse(baselineText(await findViolations(tree(violating)))).violations as Baseline;
    assert.deepEqual(baseline, { 'feature-imports-feature-internals': ['src/beta/extra.ts -> src/alpha/signing.ts'] });
    assert.deepEqual(compare(await findViolations(tree(violating)), baseline), { added: [], gone: [] });

    // Mended (through the facade): the entry must go, so the baseline only shrinks.
    const mended = await findViolations(
      tree({ 'src/beta/extra.ts': "import { sign } from '../alpha/public.js';\nexport const x = sign('x');\n" }),
    );
    const { added, gone } = compare(mended, baseline);
    assert.deepEqual(added, []);
    assert.deepEqual(gone, [
      { rule: 'feature-imports-feature-internals', key: 'src/beta/extra.ts -> src/alpha/signing.ts' },
    ]);
    assert.match(describeGone(gone[0]!, 'boundaries-baseline.json'), /no longer occurs: remove it from the baseline/);

    // Another violation beside the listed one is still refused.
    const more = await findViolations(
      tree({ ...violating, 'src/beta/more.ts': "import { sign } from '../alpha/feature.js';\nexport { sign };\n" }),
    );
    assert.deepEqual(keys(compare(more, baseline).added), [
      'feature-imports-feature-internals: src/beta/more.ts -> src/alpha/feature.ts',
    ]);
  });
});
