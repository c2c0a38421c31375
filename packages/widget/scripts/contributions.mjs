// The inbox's contribution points, filled from the features' folders: a feature declares what it adds to a point in
// a file of its own folder named for the point (`settings-page.ts`, `thread-action.ts`, `contact-section.ts`), and
// the point's index (`*.generated.ts`, beside the point's list) imports every such file, so that a new page, action
// or section edits only its folder. Written by the build (scripts/bundle.mjs) and the tests' runner
// (web-test-runner.config.mjs) when they differ; `tests/e2e/contributions.test.ts` checks the committed ones.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const dir = fileURLToPath(new URL('..', import.meta.url));
const admin = 'src/chat-admin/';

/**
 * The points: the file a feature declares its contribution in and what that file exports, the index (from the
 * package's root) and the type of its entries (a module beside the index, and the type's name).
 */
export const POINTS = [
  {
    name: 'settings pages',
    file: 'settings-page.ts',
    export: 'settingsPage',
    index: `${admin}pages/settings/settings-pages.generated.ts`,
    type: ['./settings-entry.js', 'SettingsPage'],
  },
  {
    name: 'thread actions',
    file: 'thread-action.ts',
    export: 'threadAction',
    index: `${admin}thread-actions.generated.ts`,
    type: ['./outlets.js', 'OutletEntry'],
  },
  {
    name: 'contact sections',
    file: 'contact-section.ts',
    export: 'contactSection',
    index: `${admin}contact/contact-sections.generated.ts`,
    type: ['../outlets.js', 'OutletEntry'],
  },
];

/** The point named `name`. */
export const point = (name) => POINTS.find((each) => each.name === name);

/** The files that contribute to `point`, from the package's root, sorted. */
export function contributors(point) {
  return readdirSync(`${dir}${admin}`, { recursive: true })
    .filter((path) => posix.basename(path) === point.file)
    .map((path) => `${admin}${path}`)
    .sort();
}

/** The index's text for `point` and its contributing files (those of the tree by default), as Prettier writes it. */
export async function indexText(point, files = contributors(point)) {
  const from = posix.dirname(point.index);
  const name = (file) =>
    posix
      .dirname(posix.relative(admin, file))
      .replace(/^pages\//, '')
      .replace(/[/-](\w)/g, (_, c) => c.toUpperCase()) +
    point.export[0].toUpperCase() +
    point.export.slice(1);
  const path = (file) => {
    const relative = posix.relative(from, file).replace(/\.ts$/, '.js');
    return relative.startsWith('.') ? relative : `./${relative}`;
  };
  const text = [
    `// Written by scripts/contributions.mjs from the folders' ${point.file}: do not edit.`,
    `import type { ${point.type[1]} } from '${point.type[0]}';`,
    ...files.map((file) => `import { ${point.export} as ${name(file)} } from '${path(file)}';`),
    '',
    `/** The ${point.name} the folders declare, in the folders' order (their list orders them by rank). */`,
    `export const CONTRIBUTED: readonly ${point.type[1]}[] = [`,
    ...files.map((file) => `  ${name(file)},`),
    '];',
    '',
  ].join('\n');
  const target = `${dir}${point.index}`;
  return format(text, { ...(await resolveConfig(target)), filepath: target });
}

/** Writes each point's index that differs from the folders'; returns the points written. */
export async function writeIndexes() {
  const written = [];
  for (const each of POINTS) {
    const text = await indexText(each);
    const path = `${dir}${each.index}`;
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    writeFileSync(path, text);
    written.push(each.name);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeIndexes();
