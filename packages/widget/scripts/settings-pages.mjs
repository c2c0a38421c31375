// The index of the settings area's sub-pages (src/chat-admin/pages/settings/settings-pages.generated.ts): one import
// of each folder's `settings-page.ts` (`pages/<name>/settings-page.ts`, exporting `settingsPage`), so that a new
// sub-page edits only its folder. Written by the build (scripts/bundle.mjs) and the tests' runner
// (web-test-runner.config.mjs) when it differs; `tests/e2e/settings-pages.test.ts` checks the committed one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('..', import.meta.url));
const pages = `${dir}src/chat-admin/pages/`;
/** The index, from the package's root. */
export const SETTINGS_INDEX = 'src/chat-admin/pages/settings/settings-pages.generated.ts';

/** The folders of `pages/` that declare a settings sub-page, sorted. */
export function settingsFolders() {
  return readdirSync(pages, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${pages}${entry.name}/settings-page.ts`))
    .map((entry) => entry.name)
    .sort();
}

/** The index's text for the folders as they are. */
export function settingsIndex(folders = settingsFolders()) {
  const name = (folder) => folder.replace(/-(\w)/g, (_, c) => c.toUpperCase());
  return [
    '// Written by scripts/settings-pages.mjs from the folders of pages/ with a settings-page.ts: do not edit.',
    "import type { SettingsPage } from './settings-entry.js';",
    ...folders.map((folder) => `import { settingsPage as ${name(folder)} } from '../${folder}/settings-page.js';`),
    '',
    "/** The sub-pages the folders declare, in the folders' order (settings-pages.ts sorts them). */",
    'export const PAGES: readonly SettingsPage[] = [',
    ...folders.map((folder) => `  ${name(folder)},`),
    '];',
    '',
  ].join('\n');
}

/** Writes the index when it differs from the folders'; returns whether it did. */
export function writeSettingsIndex() {
  const text = settingsIndex();
  const path = `${dir}${SETTINGS_INDEX}`;
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeSettingsIndex();
