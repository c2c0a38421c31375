#!/usr/bin/env node
// Bundles @parley/widget after `tsc -b` (which emits the .d.ts files).
//
// The tree the relay serves, laid out by URL (files named `name.<hash>.ext` never change, so they are cached for
// good; the stable names are the entry points):
//   dist/public/widget/widget.js                the script-tag loader (IIFE, no lit), served at /widget.js
//   dist/public/widget/widget-campaigns.js      the same loader with campaigns' rule evaluator, served at
//                                               /widget.js?site=… to a site with live campaigns
//   dist/public/widget/campaign-bubble.<hash>.js  a campaign's bubble (code and styles), fetched when one fires
//   dist/public/widget/chat-widget.<hash>.js    the element with lit and the SDK (IIFE), which the loader fetches
//   dist/public/widget/<part>.<hash>.js         the element's lazy parts, one per entry of their list
//                                               (src/chat-widget/parts.ts): automation-ui, attachments, email,
//                                               emoji, forms, help, safety, long-text, visitor-link, and
//                                               locale-<tag> (the built-in locales but English), each an ES module
//                                               the element fetches from beside itself the first time it needs it
//   dist/public/admin/index.html                the staff inbox page, served at /admin
//   dist/public/admin/admin.<hash>.js           its script (an ES module), which also adopts the page's styles
//   dist/public/admin/admin-<page>.<hash>.js    a page of the inbox other than the inbox itself, fetched when shown
//   dist/public/admin/sw.js                     the inbox's service worker (browser push)
//   dist/public/admin/app.webmanifest, icon*    the inbox as an installable app: its manifest and icons
// (each .js with its .map). For npm:
//   dist/chat-widget.js   the same element bundle under a stable name (`@parley/widget/chat-widget.js`)
//   dist/<part>.<hash>.js its lazy parts, beside it
//   dist/index.js         the ESM entry (lit and @parley/* stay imports)
//   dist/admin.js         the ESM entry of <chat-admin> (`@parley/widget/admin`), kept out of the visitor's bundles
//   dist/custom-elements.json
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { minifyLitHtml } from './minify-lit-html.mjs';
import { lazyParts, readParts } from './parts.mjs';
import { writeIndexes } from './contributions.mjs';
import { writeStringsIndex } from './strings-index.mjs';
import { writeLocalesIndex } from './locales-index.mjs';

const dir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const target = 'es2022';

// A line as each group of bundles is written, with its time: the whole takes from seconds to minutes by the load.
let groupStart = performance.now();
function done(what) {
  console.log(`widget: ${what} (${((performance.now() - groupStart) / 1000).toFixed(1)} s)`);
  groupStart = performance.now();
}

// The custom elements manifest (read from the sources by TypeScript's parser, its own process, a few seconds of
// CPU) is made beside the bundles, on the other core, rather than after them.
const cemStart = performance.now();
let cemSeconds = '';
const cem = new Promise((resolve) => {
  const child = spawn(
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
  child.on('exit', (code) => {
    cemSeconds = ((performance.now() - cemStart) / 1000).toFixed(1);
    resolve(code ?? 1);
  });
});

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
          // Never meaningful after a colon, in a declaration, a pseudo-class or a media feature.
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim()}\``,
    );
    return { code: out, map: null };
  },
});

// The element's and the inbox's html`` templates lose their indentation (see minify-lit-html.mjs): the visitor's
// first open and the inbox's first load carry them (each with a budget in bytes). Their pre and pre-wrap elements
// hold their text in one expression or on one line (the bubble, notes, the email original's headers with their own
// '\n', the commands in <pre>), and textareas take `.value`: no white space of theirs is in a template's text.
const minifyHtml = () => ({
  name: 'minify-lit-html',
  transform(code, id) {
    if (!/\/src\/chat-(widget|admin)\//.test(id) || !id.endsWith('.ts')) return null;
    const out = minifyLitHtml(code, id);
    return out === undefined ? null : { code: out, map: null };
  },
});

const browser = (minify) => [
  minifyCss(),
  ...(minify ? [minifyHtml()] : []),
  // `source` first: workspace packages bundle from their TypeScript, so the bundle never depends on a stale dist.
  nodeResolve({
    exportConditions: ['source', 'browser', 'module', 'import', 'default'],
    extensions: ['.ts', '.js', '.mjs'],
  }),
  esbuild({ target, minify, tsconfig: `${dir}tsconfig.json`, legalComments: 'none' }),
];

/**
 * Bundles `input` and writes it once per entry of `outputs` (rollup output options: `file`, or `dir` with
 * `entryFileNames`); returns the file name of the last one written.
 */
async function build({ input, outputs, format, minify, external, plugins = [], inlineDynamicImports = false }) {
  const bundle = await rollup({
    input: `${dir}${input}`,
    plugins: [...plugins, ...browser(minify)],
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
  let fileName;
  for (const output of outputs) {
    const written = await bundle.write({
      format,
      sourcemap: true,
      hashCharacters: 'hex',
      ...(inlineDynamicImports ? { inlineDynamicImports } : {}),
      ...output,
    });
    // The entry (chunks of pages loaded later follow it).
    fileName = written.output.find((item) => item.type === 'chunk' && item.isEntry).fileName;
  }
  await bundle.close();
  return fileName;
}

// `name.<hash>.ext`: 10 lowercase hex characters of the content, the pattern the relay serves as immutable.
const hashed = (name) => ({
  dir: `${dir}dist/public/${name.split('/')[0]}`,
  entryFileNames: `${name.split('/')[1]}.[hash:10].js`,
});

// The loader learns the element's hashed name at build time.
const elementFile = (fileName) => ({
  name: 'element-file',
  transform(_code, id) {
    if (!id.endsWith('/src/loader/element-file.ts')) return null;
    return { code: `export const ELEMENT_FILE = ${JSON.stringify(fileName)};`, map: null };
  },
});

const isExternal = (id) => /^(lit|lit-html|lit-element|@lit|@lit-labs|@parley)(\/|$)/.test(id);

// The inbox's contribution points (settings pages, thread actions, contact sections), each filled from the features'
// folders: their indexes, current (scripts/contributions.mjs).
for (const name of await writeIndexes())
  console.log(`widget: wrote the index of the ${name} (a folder added or removed one)`);
// The features' strings in AdminStrings, each added by its own module: their (type-only) index, current.
if (writeStringsIndex()) console.log("widget: wrote the strings' index (a module added or removed its strings)");
// The inbox's translations, each language's files merged into its chunk (scripts/locales-index.mjs).
if (await writeLocalesIndex())
  console.log("widget: wrote the inbox's locale bundles (a folder added or changed a translation)");

// A clean tree: hashed names of earlier builds must not linger, nor the layout before dist/public (0.1.0).
for (const stale of ['dist/public', 'dist/admin', 'dist/widget.js', 'dist/widget.js.map'])
  rmSync(`${dir}${stale}`, { recursive: true, force: true });

// The element's lazy parts and the built-in locales other than English, each one entry of their one list
// (src/chat-widget/parts.ts, read by scripts/parts.mjs): `automation-ui.<hash>.js`, `safety.<hash>.js`,
// `locale-fr.<hash>.js`, … fetched by the element from beside its own script. A copy of each sits beside
// dist/chat-widget.js for pages that serve that file themselves.
const parts = {};
for (const { specifier, input, file: name } of readParts()) {
  const file = await build({ input, outputs: [hashed(`widget/${name}`)], format: 'es', minify: true });
  copyFileSync(`${dir}dist/public/widget/${file}`, `${dir}dist/${file}`);
  parts[specifier] = file;
}
done(`the element's ${Object.keys(parts).length} lazy parts and locales`);
// The element is a classic script (an IIFE): it notes its own address as it runs, and `import()` of a part
// becomes `parleyPart(file)`, an import of that file next to it (`import()` reads the URL as its `href`).
const elementIntro =
  'const parleyPart = ((src) => (file) => import(new URL(file, src)))(document.currentScript?.src || location.href);';
const element = await build({
  input: 'src/chat-widget/served.ts',
  outputs: [
    { file: `${dir}dist/chat-widget.js`, intro: elementIntro },
    { ...hashed('widget/chat-widget'), intro: elementIntro },
  ],
  format: 'iife',
  minify: true,
  plugins: [lazyParts(parts)],
});
done('the element (chat-widget.js)');
await build({
  input: 'src/loader.ts',
  // Every first visit downloads the loader, within 3,000 B on the wire: its map is written beside it (widget.js.map,
  // for a debugger to load by hand) without the `sourceMappingURL` comment, which cost ~30 B of every visit.
  outputs: [{ file: `${dir}dist/public/widget/widget.js`, sourcemap: 'hidden' }],
  format: 'iife',
  minify: true,
  plugins: [elementFile(element)],
});
// The loader with campaigns (docs/campaigns.md): what the relay serves as a site's loader while the site has live
// campaigns, so that no other first visit pays for their evaluator and bubble.
// Its bubble (code and styles), fetched when a campaign fires: a page where none fires pays only for the rules.
const bubbleFile = await build({
  input: 'src/loader/campaign-bubble-part.ts',
  outputs: [hashed('widget/campaign-bubble')],
  format: 'iife',
  minify: true,
});
await build({
  input: 'src/loader-campaigns.ts',
  outputs: [{ file: `${dir}dist/public/widget/widget-campaigns.js`, sourcemap: 'hidden' }],
  format: 'iife',
  minify: true,
  plugins: [
    elementFile(element),
    {
      name: 'bubble-file',
      transform(_code, id) {
        if (!id.endsWith('/src/loader/bubble-file.ts')) return null;
        return { code: `export const BUBBLE_FILE = ${JSON.stringify(bubbleFile)};`, map: null };
      },
    },
  ],
});
done('the loaders (widget.js, widget-campaigns.js) and the campaign bubble');
await build({
  input: 'src/index.ts',
  outputs: [{ file: `${dir}dist/index.js` }],
  format: 'es',
  minify: false,
  external: isExternal,
  // One file for npm, the lazy part inlined: a bundler that imports it splits as it sees fit.
  inlineDynamicImports: true,
});
await build({
  input: 'src/chat-admin/chat-admin.ts',
  outputs: [{ file: `${dir}dist/admin.js` }],
  format: 'es',
  minify: false,
  external: isExternal,
  // One file for npm: a bundler that imports it splits pages as it sees fit.
  inlineDynamicImports: true,
});
done('the npm entries (index.js, admin.js)');
// The served inbox: an ES module whose pages other than the inbox are chunks of their own, fetched the first time
// each is shown (pages.ts), so the first load is the shell alone.
const adminScript = await build({
  input: 'src/admin.ts',
  outputs: [
    {
      ...hashed('admin/admin'),
      // `admin-stats.<hash>.js` for chat-admin-stats.component.ts; shared code as `admin-panel.<hash>.js`.
      chunkFileNames: ({ name }) =>
        `admin-${name.replace(/^chat-admin-/, '').replace(/\.(component|styles)$/, '')}.[hash:10].js`,
      // The sign-in page with its strings and styles as one chunk: a signed-out first load makes one request for
      // it, not two (each response's headers cost ~300 B of the 40 kB). The Account page, which shares the
      // strings, then fetches the page's code with them; only these modules, not what they import (the shell's).
      manualChunks: (id) =>
        /\/src\/chat-admin\/(chat-admin-sign-in\.(component|styles)|sign-in-strings)\.ts$/.test(id)
          ? 'sign-in'
          : undefined,
      onlyExplicitManualChunks: true,
    },
  ],
  format: 'es',
  minify: true,
});

// The inbox's service worker, for browser push and the installed app's shell: at a fixed address (browsers keep a
// registration by its URL) and never cached as immutable (the relay serves names without a hash with `no-cache`).
// It keeps the page and every script of this build (chat-admin/shell-files.ts), listed here once they are written;
// the list's hash names the worker's cache.
const shellFiles = [
  '/admin',
  ...readdirSync(`${dir}dist/public/admin`)
    .filter((name) => /\.[0-9a-f]{10}\.js$/.test(name))
    .sort()
    .map((name) => `/admin/${name}`),
];
const shellVersion = createHash('sha256').update(JSON.stringify(shellFiles)).digest('hex').slice(0, 10);
const shellList = () => ({
  name: 'shell-files',
  load: (id) =>
    id.endsWith('/src/chat-admin/shell-files.ts')
      ? `export const SHELL_FILES = ${JSON.stringify(shellFiles)};\nexport const SHELL_VERSION = '${shellVersion}';\n`
      : null,
});
await build({
  input: 'src/admin-sw.ts',
  outputs: [{ file: `${dir}dist/public/admin/sw.js` }],
  format: 'iife',
  minify: true,
  plugins: [shellList()],
});

done('the inbox (admin.<hash>.js, its pages, sw.js)');
// The inbox page: served under `default-src 'self'; style-src 'self'`, so no inline script or style at all. Its few
// rules come with its script (admin.ts adopts them); `color-scheme` gives the canvas the system's dark before then.
mkdirSync(`${dir}dist/public/admin`, { recursive: true });
// The inbox as an installable app (issue #43, docs/agent-app.md): its web app manifest and icons, at fixed addresses
// (an installed app keeps its manifest's URL; the relay serves names without a hash with `no-cache`). The PNGs are
// drawn from the SVGs by scripts/icons.mjs and committed.
const icons = ['icon.svg', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'apple-touch-icon.png'];
for (const icon of icons) copyFileSync(`${dir}src/app-icons/${icon}`, `${dir}dist/public/admin/${icon}`);
writeFileSync(
  `${dir}dist/public/admin/app.webmanifest`,
  `${JSON.stringify({
    id: '/admin',
    name: 'Parley inbox',
    short_name: 'Parley',
    start_url: '/admin',
    scope: '/admin',
    display: 'standalone',
    // The page's own backgrounds (admin.ts), light; the dark ones are in the page's theme-color for dark schemes.
    background_color: '#ffffff',
    theme_color: '#ffffff',
    icons: [
      { src: '/admin/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/admin/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/admin/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/admin/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  })}\n`,
);
writeFileSync(
  `${dir}dist/public/admin/index.html`,
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex" />
    <meta name="color-scheme" content="light dark" />
    <meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)" />
    <meta name="theme-color" content="#14161b" media="(prefers-color-scheme: dark)" />
    <title>Parley inbox</title>
    <link rel="manifest" href="/admin/app.webmanifest" />
    <link rel="apple-touch-icon" href="/admin/apple-touch-icon.png" />
    <script type="module" src="/admin/${adminScript}"></script>
  </head>
  <body>
    <chat-admin theme="auto" hash></chat-admin>
  </body>
</html>
`,
);

const cemStatus = await cem;
if (cemStatus !== 0) process.exit(cemStatus);

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
console.log(`widget: custom-elements.json (${cemSeconds} s, beside the bundles)`);
console.log(
  `widget: dist/public/widget/{widget.js,${element}}, dist/public/admin/{index.html,${adminScript},app.webmanifest,icons}, ` +
    'dist/chat-widget.js, dist/index.js, dist/admin.js, dist/custom-elements.json',
);
