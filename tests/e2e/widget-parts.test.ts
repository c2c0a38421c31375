// The element's lazy parts are declared once, in their list (packages/widget/src/chat-widget/parts.ts): the build
// reads it (packages/widget/scripts/parts.mjs), bundles each part beside the element, and the element imports a
// part only through it. The built tree (`npm run build`, which `npm test` makes fresh) is checked against the list.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as manifest from '../../packages/widget/src/chat-widget/parts.js';
import { lazyParts, PARTS_MODULE, readParts } from '../../packages/widget/scripts/parts.mjs';

const widget = fileURLToPath(new URL('../../packages/widget/', import.meta.url));
const served = `${widget}dist/public/widget/`;
const parts = readParts();
const hashed = (name: string): string => `${name}.[0-9a-f]{10}.js`;
/** The served tree's hashed scripts, by their name before the hash. */
const builtFiles = readdirSync(served)
  .map((name) => /^(.+)\.[0-9a-f]{10}\.js$/.exec(name)?.[1])
  .filter((name): name is string => name !== undefined);
const elementName = readdirSync(served).find((name) => new RegExp(`^${hashed('chat-widget')}$`).test(name));

describe("the widget's lazy parts", () => {
  it('are the exports of the list, each a module of the package', () => {
    assert.deepEqual(Object.keys(manifest).sort(), parts.map(({ key }) => key).sort());
    for (const { input } of parts) assert.ok(existsSync(`${widget}${input}`), input);
  });

  it('are what the build bundles beside the element, and nothing else is', () => {
    assert.deepEqual(
      builtFiles.filter((name) => !['chat-widget', 'campaign-bubble'].includes(name)).sort(),
      parts.map(({ file }) => file).sort(),
    );
    // The npm copy beside dist/chat-widget.js.
    const beside = readdirSync(`${widget}dist`);
    for (const { file } of parts)
      assert.ok(
        beside.some((name) => new RegExp(`^${hashed(file)}$`).test(name)),
        file,
      );
  });

  it("are the element's only imports: each part's file once, through the list", () => {
    assert.ok(elementName, 'the element is built');
    const element = readFileSync(`${served}${elementName}`, 'utf8');
    const imported = [...element.matchAll(/\("([\w-]+)\.[0-9a-f]{10}\.js"\)/g)].map(([, name]) => name);
    assert.deepEqual(imported.sort(), parts.map(({ file }) => file).sort());
    assert.equal(element.match(/\bimport\(/g)?.length, 1, 'one import(), the helper that fetches a part');
  });

  it('are read from the list as written, and a line the build cannot read fails it', () => {
    const source = readFileSync(`${widget}${PARTS_MODULE}`, 'utf8');
    assert.deepEqual(readParts(source), parts);
    assert.throws(
      () => readParts(`${source}export const late = () =>\n  import('./late-part.js');\n`),
      /each part is one line/,
    );
    assert.deepEqual(
      readParts("export const x = () => import('../i18n/xx.js');\nexport const y = () => import('./y-part.js');\n"),
      [
        { key: 'x', specifier: '../i18n/xx.js', input: 'src/i18n/xx.ts', file: 'locale-xx' },
        { key: 'y', specifier: './y-part.js', input: 'src/chat-widget/y-part.ts', file: 'y' },
      ],
    );
  });

  it("fail the element's build when an import() is written anywhere but the list", () => {
    const plugin = lazyParts({ './automation-ui.js': 'automation-ui.0123456789.js' });
    const context = {
      error(message: string): never {
        throw new Error(message);
      },
    };
    const from = (path: string): unknown =>
      plugin.resolveDynamicImport.call(context, './automation-ui.js', `${widget}${path}`);
    assert.deepEqual(from(PARTS_MODULE), { id: 'automation-ui.0123456789.js', external: true });
    assert.throws(
      () => from('src/chat-widget/lazy-parts.ts'),
      /lazy-parts\.ts: import\("\.\/automation-ui\.js"\): the element's lazy parts are in src\/chat-widget\/parts\.ts/,
    );
  });
});
