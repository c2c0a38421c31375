// The element's lazy parts as the build sees them, read from their one list (src/chat-widget/parts.ts): each
// `export const name = () => import('./module.js');` line is a part, bundled into `widget/<file>.<hash>.js`.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('..', import.meta.url));

/** The manifest, from the package's root. */
export const PARTS_MODULE = 'src/chat-widget/parts.ts';

/**
 * The parts: `key` (the manifest's), `specifier` (as imported), `input` (the module, from the package's root) and
 * `file` (the bundle's name before its hash: the module's name without `-part`, a locale's `locale-<tag>`).
 * @returns {{ key: string, specifier: string, input: string, file: string }[]}
 */
export function readParts(source = readFileSync(`${dir}${PARTS_MODULE}`, 'utf8')) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const entries = [...code.matchAll(/^export const (\w+) = \(\) => import\('(\.{1,2}\/[\w/-]+)\.js'\);$/gm)];
  const imports = code.match(/import\(/g)?.length ?? 0;
  if (entries.length === 0 || entries.length !== imports)
    throw new Error(`${PARTS_MODULE}: each part is one line \`export const name = () => import('./module.js');\``);
  return entries.map(([, key, path]) => {
    const input = posix.join(posix.dirname(PARTS_MODULE), `${path}.ts`);
    const name = posix.basename(path).replace(/-part$/, '');
    return { key, specifier: `${path}.js`, input, file: input.startsWith('src/i18n/') ? `locale-${name}` : name };
  });
}

/**
 * The element's rollup plugin: `import(specifier)` in the parts' list becomes `parleyPart(files[specifier])`, an
 * import of that file beside the element's own script (scripts/bundle.mjs defines `parleyPart`); an `import()`
 * anywhere else in the element fails the build: a lazy part is declared in that list alone.
 * @param {Record<string, string>} files - each part's file (`name.<hash>.js`) by its specifier in the list.
 */
export const lazyParts = (files) => ({
  name: 'lazy-parts',
  resolveDynamicImport(imported, importer) {
    if (!importer.endsWith(`/${PARTS_MODULE}`))
      this.error(`${importer}: import(${JSON.stringify(imported)}): the element's lazy parts are in ${PARTS_MODULE}`);
    return typeof imported === 'string' && files[imported] ? { id: files[imported], external: true } : null;
  },
  renderDynamicImport({ targetModuleId }) {
    return Object.values(files).includes(targetModuleId) ? { left: 'parleyPart(', right: ')' } : null;
  },
});
