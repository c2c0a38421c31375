#!/usr/bin/env node
// Bundles @parley/widget after `tsc -b` (which emits the .d.ts files):
//   dist/widget.js        the script-tag loader (IIFE, no lit; a few hundred bytes gzipped)
//   dist/chat-widget.js   the element with lit and the SDK (IIFE), loaded by the loader when the page is idle
//   dist/index.js         the npm ESM entry (lit and @parley/* stay imports)
//   dist/admin.js         the npm ESM entry of <chat-admin> (`@parley/widget/admin`), kept out of the visitor's bundles
//   dist/admin/           the staff inbox page the relay serves at /admin: index.html, admin.js (IIFE), admin.css
//   dist/custom-elements.json
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const dir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const target = 'es2022';

// esbuild leaves the CSS inside lit's css`` templates alone; squeeze its whitespace and comments.
const minifyCss = () => ({
  name: 'minify-lit-css',
  transform(code, id) {
    if (!id.endsWith('.styles.ts')) return null;
    const out = code.replace(
      /css`([^`]*)`/g,
      (_, body) =>
        `css\`${body
          .replace(/\/\*[^]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};])\s*/g, '$1')
          .replace(/,\s+/g, ',')
          .trim()}\``,
    );
    return { code: out, map: null };
  },
});

const browser = (minify) => [
  minifyCss(),
  // `source` first: workspace packages bundle from their TypeScript, so the bundle never depends on a stale dist.
  nodeResolve({
    exportConditions: ['source', 'browser', 'module', 'import', 'default'],
    extensions: ['.ts', '.js', '.mjs'],
  }),
  esbuild({ target, minify, tsconfig: `${dir}tsconfig.json`, legalComments: 'none' }),
];

async function build({ input, file, format, minify, external }) {
  const bundle = await rollup({
    input: `${dir}${input}`,
    plugins: browser(minify),
    external,
    onwarn(warning, warn) {
      // Noise from dependencies (zod's comment placement, its internal cycles) and the element IIFE's unused export.
      const quiet = [
        'THIS_IS_UNDEFINED',
        'INVALID_ANNOTATION',
        'CIRCULAR_DEPENDENCY',
        'MISSING_NAME_OPTION_FOR_IIFE_EXPORT',
      ];
      if (quiet.includes(warning.code ?? '')) return;
      warn(warning);
    },
  });
  await bundle.write({ file: `${dir}${file}`, format, sourcemap: true });
  await bundle.close();
}

const isExternal = (id) => /^(lit|lit-html|lit-element|@lit|@lit-labs|@parley)(\/|$)/.test(id);

await build({ input: 'src/loader.ts', file: 'dist/widget.js', format: 'iife', minify: true });
await build({ input: 'src/chat-widget/chat-widget.ts', file: 'dist/chat-widget.js', format: 'iife', minify: true });
await build({ input: 'src/index.ts', file: 'dist/index.js', format: 'es', minify: false, external: isExternal });
await build({
  input: 'src/chat-admin/chat-admin.ts',
  file: 'dist/admin.js',
  format: 'es',
  minify: false,
  external: isExternal,
});
await build({ input: 'src/admin.ts', file: 'dist/admin/admin.js', format: 'iife', minify: true });

// The inbox page: served under `default-src 'self'; style-src 'self'`, so no inline script or style at all.
mkdirSync(`${dir}dist/admin`, { recursive: true });
writeFileSync(
  `${dir}dist/admin/index.html`,
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex" />
    <title>Parley inbox</title>
    <link rel="stylesheet" href="/admin/admin.css" />
    <script src="/admin/admin.js" defer></script>
  </head>
  <body>
    <chat-admin theme="auto"></chat-admin>
  </body>
</html>
`,
);
writeFileSync(
  `${dir}dist/admin/admin.css`,
  `html,body{margin:0;height:100%}body{background:#fff}chat-admin{height:100vh;height:100dvh}
@media (prefers-color-scheme:dark){body{background:#14161b}}
`,
);

const cem = spawnSync(
  process.execPath,
  [
    require.resolve('@custom-elements-manifest/analyzer/cem.js'),
    'analyze',
    '--litelement',
    '--globs',
    'src/chat-widget/chat-widget.component.ts',
    'src/chat-widget/chat-widget.ts',
    'src/chat-admin/chat-admin.component.ts',
    'src/chat-admin/admin-region.ts',
    'src/chat-admin/chat-admin-*.component.ts',
    'src/chat-admin/chat-admin.ts',
    '--outdir',
    'dist',
  ],
  { cwd: dir, stdio: 'inherit' },
);
if (cem.status !== 0) process.exit(cem.status ?? 1);

// lit's internal reactive state (`_messages`, … declared with `state: true`) is not public API: drop it.
const manifestPath = `${dir}dist/custom-elements.json`;
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
for (const mod of manifest.modules) {
  for (const declaration of mod.declarations ?? []) {
    const isPublic = (entry) => !entry.name?.startsWith('_') && entry.privacy !== 'private';
    if (declaration.attributes) declaration.attributes = declaration.attributes.filter(isPublic);
    if (declaration.members) declaration.members = declaration.members.filter(isPublic);
  }
}
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  'widget: dist/widget.js, dist/chat-widget.js, dist/index.js, dist/admin.js, dist/admin/, dist/custom-elements.json',
);
