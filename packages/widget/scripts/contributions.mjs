// The inbox's contribution points, filled from the features' folders: a feature declares what it adds to a point in
// a file of its own folder named for the point (`settings-page.ts`, `thread-action.ts`, `list-action.ts`,
// `contact-section.ts`, `composer-tool.ts`, `composer-hold.ts`, `message-decoration.ts`, `report-section.ts`,
// `report-filter.ts`, `rule-action.ts`), and the point's index (`*.generated.ts`, beside the point's list)
// imports every such file, so that a new page, action, section, filter, tool or decoration edits only its folder.
// Written by the build (scripts/bundle.mjs) and the tests' runner (web-test-runner.config.mjs) when they differ;
// `tests/e2e/contributions.test.ts` checks the committed ones.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const dir = fileURLToPath(new URL('..', import.meta.url));
const admin = 'src/chat-admin/';

/**
 * The points: the file a feature declares its contribution in and what that file exports, the index (from the
 * package's root) and the type of its entries (a module beside the index, and the type's name). A point whose file
 * exports a list of entries (`many`: a feature with more than one part in the region) has them spread in its index.
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
  {
    name: 'list actions',
    file: 'list-action.ts',
    export: 'listAction',
    index: `${admin}list-actions.generated.ts`,
    type: ['./outlets.js', 'OutletEntry'],
  },
  {
    name: 'composer tools',
    file: 'composer-tool.ts',
    export: 'composerTools',
    many: true,
    index: `${admin}composer-tools.generated.ts`,
    type: ['./outlets.js', 'ComposerTool'],
  },
  {
    name: 'composer holds',
    file: 'composer-hold.ts',
    export: 'composerHold',
    index: `${admin}composer-holds.generated.ts`,
    type: ['./outlets.js', 'ComposerHold'],
  },
  {
    name: 'message decorations',
    file: 'message-decoration.ts',
    export: 'messageDecoration',
    index: `${admin}message-decorations.generated.ts`,
    type: ['./outlets.js', 'MessageDecoration'],
  },
  {
    name: 'report sections',
    file: 'report-section.ts',
    export: 'reportSection',
    index: `${admin}pages/reports/report-sections.generated.ts`,
    type: ['../../outlets.js', 'OutletEntry'],
  },
  {
    name: 'report filters',
    file: 'report-filter.ts',
    export: 'reportFilter',
    index: `${admin}pages/reports/report-filters.generated.ts`,
    type: ['../../outlets.js', 'ReportFilter'],
  },
  {
    name: 'rule actions',
    file: 'rule-action.ts',
    export: 'ruleAction',
    index: `${admin}rules/rule-actions.generated.ts`,
    type: ['./rule-action-editor.js', 'AnyRuleActionEditor'],
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
    ...files.map((file) => `  ${point.many ? '...' : ''}${name(file)},`),
    '];',
    '',
  ].join('\n');
  const target = `${dir}${point.index}`;
  return format(text, { ...(await resolveConfig(target)), filepath: target });
}

/** The fake admin API's areas' index (the tests' `FakeApi` extends what it exports), from the package's root. */
export const FAKES_INDEX = 'test/fakes/fakes.generated.ts';

/** The areas' fakes: `test/fakes/<area>-fake.ts`, each exporting its mixin `with<Area>`, by file, sorted. */
export function fakes() {
  return readdirSync(`${dir}test/fakes`)
    .filter((name) => name.endsWith('-fake.ts'))
    .sort()
    .flatMap((name) => {
      const mixin = /^export function (with\w+)</m.exec(readFileSync(`${dir}test/fakes/${name}`, 'utf8'))?.[1];
      return mixin ? [{ file: name, mixin }] : [];
    });
}

/** The text of the fake areas' index for `areas` (those of the tree by default), as Prettier writes it. */
export async function fakesIndexText(areas = fakes()) {
  const text = [
    '// Written by scripts/contributions.mjs from test/fakes/<area>-fake.ts: do not edit.',
    "import { FakeRequests } from './fake-requests.js';",
    ...areas.map(({ file, mixin }) => `import { ${mixin} } from './${file.replace(/\.ts$/, '.js')}';`),
    '',
    "/** Every area's fake (its state, its methods and its routes) over the generic call: what `FakeApi` extends. */",
    `export const FakeAreas = ${areas.map(({ mixin }) => `${mixin}(`).join('')}FakeRequests${')'.repeat(areas.length)};`,
    '',
  ].join('\n');
  const target = `${dir}${FAKES_INDEX}`;
  return format(text, { ...(await resolveConfig(target)), filepath: target });
}

/** Writes each point's index (and the fake areas') that differs from the folders'; returns those written. */
export async function writeIndexes() {
  const written = [];
  const indexes = [
    ...POINTS.map((each) => ({ name: each.name, path: each.index, text: () => indexText(each) })),
    { name: 'fake admin API areas', path: FAKES_INDEX, text: () => fakesIndexText() },
  ];
  for (const { name, path, text } of indexes) {
    const wanted = await text();
    if (existsSync(`${dir}${path}`) && readFileSync(`${dir}${path}`, 'utf8') === wanted) continue;
    writeFileSync(`${dir}${path}`, wanted);
    written.push(name);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeIndexes();
