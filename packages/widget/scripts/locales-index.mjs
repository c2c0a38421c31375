// The inbox's translations (docs/translations.md, "The inbox"): each folder of src/chat-admin/ that adds strings to
// `AdminStrings` keeps them per language in its own `locales/<tag>.ts` (`locales/en.ts` names its English), each file
// exporting the folder's strings under their keys of AdminStrings (`export const snooze: SnoozeStrings = …`; the
// shell's, in chat-admin/locales/, as `shell`). No list of them is kept by hand: this script writes, per language,
// `src/chat-admin/locale-bundles/<tag>.generated.ts`, which merges that language's files into one object (one chunk
// the inbox fetches when an agent's language is not English), and `src/chat-admin/locales-index.generated.ts`, which
// maps each tag to its chunk. The twelve languages of issue #85 always have a bundle (empty until a file comes), so a
// translator adding files of one of them changes only that language's bundle. Run by the build (scripts/bundle.mjs)
// and the tests' runner (web-test-runner.config.mjs) when it differs; `test/admin-locales.test.ts` checks them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const dir = fileURLToPath(new URL('..', import.meta.url));
const admin = `${dir}src/chat-admin/`;
/** The inbox's languages of issue #85 (English is the source): each has a bundle even before its first file. */
export const TARGET_LOCALES = ['ar', 'de', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt-BR', 'tr', 'zh-CN'];
/** The index, from the package's root. */
export const LOCALES_INDEX = 'src/chat-admin/locales-index.generated.ts';
const BUNDLES = 'src/chat-admin/locale-bundles/';
const FILE = /(^|\/)locales\/([a-z]{2,3}(?:-[A-Z]{2}|-[A-Z][a-z]{3})?)\.ts$/;

/** Every translation file of src/chat-admin/, from there (`snooze/locales/de.ts`), as `{ path, folder, tag }`, sorted. */
export function localeFiles() {
  return readdirSync(admin, { recursive: true })
    .map((path) => path.replaceAll('\\', '/'))
    .filter((path) => FILE.test(path) && !path.startsWith('locale-bundles/'))
    .sort()
    .map((path) => ({ path, folder: path.replace(/\/?locales\/[^/]+$/, '') || '.', tag: FILE.exec(path)[2] }));
}

/** The tags that have a bundle: the targets and any other with a file, English first. */
export function localeTags(files = localeFiles()) {
  const found = new Set([...TARGET_LOCALES, ...files.map((file) => file.tag)]);
  found.delete('en');
  return ['en', ...[...found].sort()];
}

/** The bundle's text for `tag`, from `files` (each read by `read`, from src/chat-admin/). */
export function localeBundle(tag, files = localeFiles(), read = (path) => readFileSync(`${admin}${path}`, 'utf8')) {
  const mine = files.filter((file) => file.tag === tag);
  const lines = [
    `// Written by scripts/locales-index.mjs from every locales/${tag}.ts of src/chat-admin/: do not edit. A translator`,
    "// adds or edits those files only; the build and the tests' runner write this one.",
    "import type { AdminStrings } from '../admin-strings.js';",
  ];
  const parts = [];
  const same = [];
  const picks = [];
  let complete = false;
  mine.forEach(({ path }, i) => {
    lines.push(`import * as m${i} from '../${path.replace(/\.ts$/, '.js')}';`);
    const text = read(path);
    // Names a file exports beside its strings: the shell's strings, words kept as English, the language complete.
    const extra = {
      shell: /^export (const shell\b|\{ \w+ as shell \})/m.test(text),
      sameAsEnglish: /^export const sameAsEnglish\b/m.test(text),
      complete: /^export const complete\b/m.test(text),
    };
    if (/^export const complete = true;$/m.test(text)) complete = true;
    const names = Object.keys(extra).filter((name) => extra[name]);
    if (names.length === 0) {
      parts.push(`...m${i}`);
      return;
    }
    // Only read here (`complete`), so named as unused.
    const local = (name) => (name === 'complete' ? `_complete${i}` : `${name}${i}`);
    picks.push(`const { ${names.map((name) => `${name}: ${local(name)}`).join(', ')}, ...f${i} } = m${i};`);
    if (extra.shell) parts.push(`...shell${i}`);
    parts.push(`...f${i}`);
    if (extra.sameAsEnglish) same.push(`...sameAsEnglish${i}`);
  });
  const type = tag === 'en' ? 'AdminStrings' : 'Partial<AdminStrings>';
  lines.push(
    ...picks,
    '',
    `/** The inbox's strings in ${tag}: the shell's and those of every folder with a locales/${tag}.ts. */`,
    `export const strings: ${type} = { ${parts.join(', ')} };`,
    '/** The folders with a file of this language (src/chat-admin/ is `.`), for the completeness report. */',
    `export const folders: readonly string[] = [${mine.map(({ folder }) => `'${folder}'`).join(', ')}];`,
    '/** Strings its files declare the same as English on purpose (names, codes, words both languages use). */',
    `export const sameAsEnglish: readonly string[] = [${same.join(', ')}];`,
    '/** Whether the language is declared complete (`export const complete = true` in its shell file): tested strictly. */',
    `export const complete = ${tag === 'en' || complete};`,
    '',
  );
  return lines.join('\n');
}

/** The index's text: each tag but English mapped to its bundle's chunk. */
export function localesIndex(tags = localeTags()) {
  return [
    '// Written by scripts/locales-index.mjs: do not edit. Each language of the inbox but English (the built-in one), as',
    '// the chunk of its strings (locale-bundles/<tag>.generated.ts), fetched when an agent chooses it.',
    "import type { AdminStrings } from './admin-strings.js';",
    '',
    "/** The inbox's languages other than English, each loading its strings. */",
    'export const LOCALE_BUNDLES: Readonly<Record<string, () => Promise<{ strings: Partial<AdminStrings> }>>> = {',
    ...tags
      .filter((tag) => tag !== 'en')
      .map((tag) => `  ${/-/.test(tag) ? `'${tag}'` : tag}: () => import('./locale-bundles/${tag}.generated.js'),`),
    '};',
    '',
  ].join('\n');
}

async function write(path, raw) {
  // As prettier writes it, so that `npm run lint` and a run of this script agree.
  const text = await format(raw, { ...(await resolveConfig(path)), filepath: path });
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}

/** Writes the bundles and the index (prettier's layout) where they differ from the tree's, drops stale bundles; resolves whether any was. */
export async function writeLocalesIndex() {
  const files = localeFiles();
  const tags = localeTags(files);
  mkdirSync(`${dir}${BUNDLES}`, { recursive: true });
  let changed = false;
  for (const name of readdirSync(`${dir}${BUNDLES}`))
    if (!tags.includes(name.replace(/\.generated\.ts$/, ''))) {
      rmSync(`${dir}${BUNDLES}${name}`);
      changed = true;
    }
  for (const tag of tags)
    changed = (await write(`${dir}${BUNDLES}${tag}.generated.ts`, localeBundle(tag, files))) || changed;
  return (await write(`${dir}${LOCALES_INDEX}`, localesIndex(tags))) || changed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeLocalesIndex();
