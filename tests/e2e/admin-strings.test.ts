// The inbox's strings (`AdminStrings`, packages/widget/src/chat-admin/admin-strings.ts) import no feature: each
// feature adds its keys from its own module (`declare module '…/admin-strings.js'`), and a type-only index of those
// modules (written by packages/widget/scripts/strings-index.mjs) keeps them in the package's published types.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { STRINGS_INDEX, stringsIndex, stringsModules } from '../../packages/widget/scripts/strings-index.mjs';

const widget = fileURLToPath(new URL('../../packages/widget/', import.meta.url));
const read = (path: string): string => readFileSync(`${widget}${path}`, 'utf8');

/** The keys a module adds to `AdminStrings`. */
function keysOf(path: string): string[] {
  const block =
    /^declare module '[./]+admin-strings\.js' \{\n {2}interface AdminStrings \{\n([\s\S]*?)\n {2}\}\n\}/m.exec(
      read(`src/chat-admin/${path}`),
    );
  assert.ok(block, path);
  return [...block[1]!.matchAll(/^ {4}(\w+)\?: /gm)].map(([, key]) => key!);
}

describe("the inbox's strings", () => {
  it('import no feature: only the protocol and the inbox types', () => {
    const imports = [...read('src/chat-admin/admin-strings.ts').matchAll(/^import .* from '([^']+)';$/gm)];
    assert.deepEqual(
      imports.map(([, from]) => from),
      ['@parley/protocol', './admin-types.js'],
    );
  });

  it("are added by each feature's module, a key by one module only", () => {
    const modules = stringsModules();
    assert.ok(modules.length > 30, 'the modules that add strings');
    assert.ok(modules.includes('snooze/snooze-strings.ts') && modules.includes('pages/roles/roles-strings.ts'));
    const keys = modules.flatMap(keysOf);
    assert.ok(keys.includes('snooze') && keys.includes('rolesPage') && keys.includes('contactMerge'));
    assert.equal(new Set(keys).size, keys.length, 'no key added twice');
  });

  it('are indexed, types only, from the modules that add some, and the committed index is current', () => {
    const index = read(STRINGS_INDEX);
    assert.equal(index, stringsIndex());
    for (const line of index.split('\n').filter((each) => each && !each.startsWith('//')))
      assert.match(line, /^export type \* as \w+ from '\.\/[\w/.-]+\.js';$/);
    assert.match(read('src/chat-admin/chat-admin.ts'), /^import '\.\/strings-index\.generated\.js';$/m);
  });

  it("keep every feature's keys in the published types (dist/*.d.ts, made by the build)", () => {
    assert.match(read('dist/chat-admin/chat-admin.d.ts'), /^import '\.\/strings-index\.generated\.js';$/m);
    const index = read('dist/chat-admin/strings-index.generated.d.ts');
    for (const path of stringsModules()) {
      assert.ok(index.includes(`from './${path.replace(/\.ts$/, '.js')}'`), path);
      assert.match(
        read(`dist/chat-admin/${path.replace(/\.ts$/, '.d.ts')}`),
        /declare module '[./]+admin-strings\.js'/,
      );
    }
  });
});
