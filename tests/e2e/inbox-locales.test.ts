// The inbox's translations (docs/translations.md, "The inbox"): each folder of packages/widget/src/chat-admin/ that
// adds strings to `AdminStrings` names its English in `locales/en.ts`, under the keys it adds, and keeps each
// language in a file beside it; the per-language bundles that merge them (scripts/locales-index.mjs) are current.
// What the translations say is checked in the browser (packages/widget/test/admin-locales.test.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import {
  LOCALES_INDEX,
  TARGET_LOCALES,
  localeBundle,
  localeFiles,
  localeTags,
  localesIndex,
} from '../../packages/widget/scripts/locales-index.mjs';
import { stringsModules } from '../../packages/widget/scripts/strings-index.mjs';

const widget = fileURLToPath(new URL('../../packages/widget/', import.meta.url));
const read = (path: string): string => readFileSync(`${widget}${path}`, 'utf8');
const pretty = async (text: string, path: string): Promise<string> =>
  format(text, { ...(await resolveConfig(`${widget}${path}`)), filepath: `${widget}${path}` });

/** The keys a module adds to `AdminStrings`. */
function keysOf(path: string): string[] {
  const block =
    /^declare module '[./]+admin-strings\.js' \{\n {2}interface AdminStrings \{\n([\s\S]*?)\n {2}\}\n\}/m.exec(
      read(`src/chat-admin/${path}`),
    );
  return [...(block?.[1] ?? '').matchAll(/^ {4}(\w+)\?: /gm)].map(([, key]) => key!);
}

describe("the inbox's translations", () => {
  it("name each folder's English, every key a folder adds, in its locales/en.ts", () => {
    const modules = stringsModules();
    assert.ok(modules.length > 30);
    for (const path of modules) {
      const folder = dirname(path);
      const en = `src/chat-admin/${folder === '.' ? '' : `${folder}/`}locales/en.ts`;
      assert.ok(existsSync(`${widget}${en}`), `${en}: ${path} adds strings`);
      for (const key of keysOf(path))
        assert.match(read(en), new RegExp(`^export \\{ \\w+ as ${key} \\} from '\\.\\./`, 'm'), `${en} names ${key}`);
    }
    assert.match(
      read('src/chat-admin/locales/en.ts'),
      /^export \{ adminEn as shell \} from '\.\.\/admin-strings\.js';$/m,
    );
  });

  it('keep one file per language and folder, named by its tag', () => {
    const files = localeFiles();
    assert.ok(files.some((file) => file.path === 'locales/de.ts' && file.folder === '.'));
    assert.ok(files.some((file) => file.path === 'snooze/locales/de.ts' && file.folder === 'snooze'));
    for (const file of files.filter((each) => each.tag !== 'en'))
      assert.ok(
        files.some((each) => each.folder === file.folder && each.tag === 'en'),
        `${file.path}: its folder names its English (locales/en.ts)`,
      );
  });

  it('are merged per language by committed bundles that are current, the twelve languages of #85 among them', async () => {
    const tags = localeTags();
    for (const tag of ['en', ...TARGET_LOCALES]) assert.ok(tags.includes(tag), tag);
    for (const tag of tags) {
      const path = `src/chat-admin/locale-bundles/${tag}.generated.ts`;
      assert.equal(read(path), await pretty(localeBundle(tag), path), `${path} is current (npm run build writes it)`);
    }
    assert.equal(read(LOCALES_INDEX), await pretty(localesIndex(), LOCALES_INDEX));
    // English is built in: it is no chunk of the index.
    assert.doesNotMatch(read(LOCALES_INDEX), /en\.generated/);
  });

  it("merge a language's files: the shell's spread, words kept as English gathered, a language declared complete", () => {
    const files = [
      { path: 'locales/sv.ts', folder: '.', tag: 'sv' },
      { path: 'snooze/locales/sv.ts', folder: 'snooze', tag: 'sv' },
      { path: 'views/locales/sv.ts', folder: 'views', tag: 'sv' },
    ];
    const texts: Record<string, string> = {
      'locales/sv.ts': 'export const shell: AdminStrings = {};\nexport const complete = true;\n',
      'snooze/locales/sv.ts': 'export const snooze: SnoozeStrings = {};\n',
      'views/locales/sv.ts': "export const savedViews: ViewsStrings = {};\nexport const sameAsEnglish = ['Status'];\n",
    };
    const bundle = localeBundle('sv', files, (path) => texts[path]!);
    assert.match(bundle, /^const \{ shell: shell0, complete: _complete0, \.\.\.f0 \} = m0;$/m);
    assert.match(bundle, /^const \{ sameAsEnglish: sameAsEnglish2, \.\.\.f2 \} = m2;$/m);
    assert.match(
      bundle,
      /^export const strings: Partial<AdminStrings> = \{ \.\.\.shell0, \.\.\.f0, \.\.\.m1, \.\.\.f2 \};$/m,
    );
    assert.match(bundle, /^export const sameAsEnglish: readonly string\[\] = \[\.\.\.sameAsEnglish2\];$/m);
    assert.match(bundle, /^export const complete = true;$/m);
    assert.match(
      localeBundle('sv', files.slice(1), (path) => texts[path]!),
      /^export const complete = false;$/m,
    );
    // A new language is its files: it gets a bundle and a line of the index.
    assert.ok(localeTags(files).includes('sv'));
    assert.match(
      localesIndex(localeTags(files)),
      /^ {2}sv: \(\) => import\('\.\/locale-bundles\/sv\.generated\.js'\),$/m,
    );
  });
});
