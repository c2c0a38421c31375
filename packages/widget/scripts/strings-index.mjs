// The index of the inbox's strings added by its features (src/chat-admin/strings-index.generated.ts): each module of
// src/chat-admin/ that adds its keys to `AdminStrings` (`declare module '…/admin-strings.js'`) is named there, type
// only, so that admin-strings.ts imports no feature and a program reading the package's types (dist/*.d.ts: the
// entry, chat-admin.ts, imports the index) still meets every key. Written by the build (scripts/bundle.mjs) and the
// tests' runner (web-test-runner.config.mjs) when it differs; `tests/e2e/admin-strings.test.ts` checks the committed one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('..', import.meta.url));
const admin = `${dir}src/chat-admin/`;
/** The index, from the package's root. */
export const STRINGS_INDEX = 'src/chat-admin/strings-index.generated.ts';
const ADDS = /^declare module '(?:\.\/|(?:\.\.\/)+)admin-strings\.js' \{$/m;

/** The modules of src/chat-admin/ that add to `AdminStrings`, from there (`snooze/snooze-strings.ts`), sorted. */
export function stringsModules() {
  return readdirSync(admin, { recursive: true })
    .filter((path) => path.endsWith('.ts') && ADDS.test(readFileSync(`${admin}${path}`, 'utf8')))
    .sort();
}

/** The index's text for `modules` (those of the tree by default). */
export function stringsIndex(modules = stringsModules()) {
  const name = (path) => path.replace(/\.ts$/, '').replace(/[/.-](\w)/g, (_, c) => c.toUpperCase());
  return [
    '// Written by scripts/strings-index.mjs from the modules that add to AdminStrings: do not edit. Types only: no',
    "// bundle carries any of it, and a program reading the package's types meets every feature's strings through it.",
    ...modules.map((path) => `export type * as ${name(path)} from './${path.replace(/\.ts$/, '.js')}';`),
    '',
  ].join('\n');
}

/** Writes the index when it differs from the tree's; returns whether it did. */
export function writeStringsIndex() {
  const text = stringsIndex();
  const path = `${dir}${STRINGS_INDEX}`;
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeStringsIndex();
