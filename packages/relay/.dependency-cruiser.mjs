// The relay's boundaries, as dependency-cruiser rules (ADR docs/decisions/2026-11-29-boundaries-by-dependency-cruiser.md;
// docs/architecture.md, "Adding a feature"). `npm run lint:boundaries` (scripts/boundaries.mjs) cruises src/ with
// them and compares what breaks them with boundaries-baseline.json, which may only shrink.
//
// The layering is read from the code, not listed here: a folder is a feature's when the feature list
// (src/features/features.ts) imports a module of it; the composition roots put the features together; every
// other folder or loose file of src/ is a kit (plumbing every feature may use: http/, store/, core/, bus/, ws/…).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The feature list: the one module of `features/` that imports every feature. */
export const FEATURE_LIST = 'src/features/features.ts';

/**
 * What puts the features together and so may import any of them: the feature list, the relay's start, its server,
 * its configuration (every feature's section), the package's entry points and the command line.
 */
export const COMPOSITION_ROOTS = [
  FEATURE_LIST,
  'src/relay.ts',
  'src/server.ts',
  'src/config.ts',
  'src/index.ts',
  'src/main.ts',
  'src/cli/',
];

/** A feature's public facade: the one module of its folder that other features may import. */
export const FACADE = 'public.ts';

/**
 * The folders of `src/` that hold features, sorted: where the feature list imports each name of its `FEATURES`
 * array from (not the kits it imports besides, such as the base migrations).
 */
export function featureFolders(root) {
  const list = readFileSync(join(root, FEATURE_LIST), 'utf8');
  const array = /export const FEATURES\b[^=]*=\s*\[([^\]]*)\]/.exec(list);
  if (!array) throw new Error(`${FEATURE_LIST}: no \`export const FEATURES = [ … ]\` to read the features from`);
  const listed = new Set(array[1].replace(/\/\/.*$/gm, '').match(/[A-Za-z_$][\w$]*/g));
  const folders = new Set();
  for (const [, names, folder] of list.matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\.\/([^/']+)\//g))
    if (
      names.split(',').some((name) =>
        listed.has(
          name
            .trim()
            .split(/\s+as\s+/)
            .pop(),
        ),
      )
    )
      folders.add(folder);
  return [...folders].sort();
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The rules for the package at `root` (a folder with `src/features/features.ts`). */
export function boundaryRules(root) {
  const features = featureFolders(root).map(escape).join('|');
  const roots = COMPOSITION_ROOTS.map((path) => `^${escape(path)}${path.endsWith('/') ? '' : '$'}`);
  return [
    {
      name: 'kit-imports-feature',
      comment:
        'A kit (plumbing: http/, store/, core/…) imports no feature, not even its types, nor the feature list: ' +
        'move what both need down into a kit, or let the feature hand it over through an extension point.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...roots, `^src/(${features})/`] },
      to: { path: [`^src/(${features})/`, `^${escape(FEATURE_LIST)}$`] },
    },
    {
      name: 'feature-imports-feature-internals',
      comment:
        `A feature imports another only through that feature's facade, its ${FACADE} (types included): ` +
        `export what others may use there, or ask for its running part with use('name').`,
      severity: 'error',
      from: { path: `^src/(${features})/` },
      to: { path: `^src/(${features})/`, pathNot: ['^src/$1/', `^src/[^/]+/${escape(FACADE)}$`] },
    },
  ];
}

/** What the command line (`npx depcruise src --config`) and scripts/boundaries.mjs cruise with. */
export default {
  forbidden: boundaryRules(import.meta.dirname),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // Type-only imports count: a kit that names a feature's type knows the feature.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
