// The inbox's settings sub-pages are declared by their folders (packages/widget/src/chat-admin/pages/<name>/
// settings-page.ts); their index is written from the folders (packages/widget/scripts/settings-pages.mjs), so a new
// sub-page edits only its folder. The committed index is the folders' own, and every declaration is well formed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SETTINGS_GROUPS, SETTINGS_PAGES } from '../../packages/widget/src/chat-admin/pages/settings/settings-pages.js';
import { SETTINGS_INDEX, settingsFolders, settingsIndex } from '../../packages/widget/scripts/settings-pages.mjs';

const widget = fileURLToPath(new URL('../../packages/widget/', import.meta.url));

describe("the settings area's sub-pages", () => {
  it('are indexed from the folders that declare one, and the committed index is current', () => {
    assert.equal(readFileSync(`${widget}${SETTINGS_INDEX}`, 'utf8'), settingsIndex());
    assert.ok(settingsFolders().length > 20, 'the folders declaring a sub-page');
    assert.equal(SETTINGS_PAGES.length, settingsFolders().length);
  });

  it('each declared once, by its folder, its element a chunk of that folder', () => {
    for (const folder of settingsFolders()) {
      const source = readFileSync(`${widget}src/chat-admin/pages/${folder}/settings-page.ts`, 'utf8');
      const declared = SETTINGS_PAGES.filter(({ tag }) => source.includes(`tag: '${tag}'`));
      assert.equal(declared.length, 1, folder);
      const page = declared[0]!;
      assert.match(String(page.load), /import\(["']\.\/[\w.-]+\.component\.js["']\)/, folder);
      assert.ok(page.tag.startsWith('chat-admin-'), page.tag);
    }
    assert.equal(new Set(SETTINGS_PAGES.map(({ id }) => id)).size, SETTINGS_PAGES.length, 'ids are unique');
    assert.equal(new Set(SETTINGS_PAGES.map(({ tag }) => tag)).size, SETTINGS_PAGES.length, 'tags are unique');
  });

  it('are listed group by group, by their rank in each, and no two share a place', () => {
    const places = SETTINGS_PAGES.map(({ group, rank }): [number, number] => [SETTINGS_GROUPS.indexOf(group), rank]);
    for (const [i, [group, rank]] of places.entries()) {
      assert.ok(group >= 0);
      if (i === 0) continue;
      const [before, rankBefore] = places[i - 1]!;
      assert.ok(group > before || (group === before && rank > rankBefore), SETTINGS_PAGES[i]!.id);
    }
    assert.deepEqual([...new Set(SETTINGS_PAGES.map(({ group }) => group))], [...SETTINGS_GROUPS]);
  });

  it('index a new folder as soon as it declares a page', () => {
    const index = settingsIndex([...settingsFolders(), 'new-thing']);
    assert.match(index, /import \{ settingsPage as newThing \} from '\.\.\/new-thing\/settings-page\.js';/);
    assert.match(index, /^ {2}newThing,$/m);
  });
});
