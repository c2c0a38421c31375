// The relay's server code as one bundle, for the release tree (scripts/release.mjs) and the Dockerfile:
//   dist/bundle/main.js                    the `parley-relay` command (src/main.ts and everything it imports)
//   dist/bundle/inbound-parser-thread.js   the inbound email thread's code (a Worker loads it by URL)
//   dist/bundle/markdown-thread.js         the help center's Markdown thread (the same way)
//   dist/bundle/help-typo-thread.js        the help search's typo index thread (the same way)
//   dist/bundle/saml-thread.js             the SAML library's thread (the same way)
//   dist/bundle/*-<hash>.js                what is imported lazily (`import()`: PostgreSQL, Redis, S3, mail, …)
// each with its source map beside it. A start loads a few files instead of ~560 modules from ~40 packages: the
// relay listens in about half the CPU time (docs/performance.md, "Start and restart";
// docs/decisions/0025-bundled-relay.md). Native modules, and the packages that load them, stay in node_modules.
// The bundle sits two folders below the package like src/http/ and dist/http/ do, so the relay finds dist/public/
// from it as it does from them; every output file is in the one folder, so `new URL('./x.js', import.meta.url)`
// finds its sibling from whichever file the code landed in.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Packages left out of the bundle and loaded from node_modules: native addons (a `.node` binary found relative to
 * the package) and sharp (its platform package is chosen at run time).
 */
export const EXTERNAL_PACKAGES = ['uWebSockets.js', 'better-sqlite3', '@node-rs/argon2', 'sharp', 'koffi'];

const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

/**
 * Bundles `<relayDir>/src` into `<relayDir>/dist/bundle`; resolves with the output files' count and bytes.
 * `servedOpenapi` is the source of the module that stands for src/admin-api/served-openapi.ts: the OpenAPI document made
 * by the build (scripts/bundle.mjs), so that the bundle carries it made too.
 */
export async function bundleServer(relayDir, servedOpenapi) {
  const outdir = join(relayDir, 'dist/bundle');
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: {
      main: join(relayDir, 'src/main.ts'),
      'inbound-parser-thread': join(relayDir, 'src/inbound-email/inbound-parser-thread.ts'),
      'markdown-thread': join(relayDir, 'src/help-center/markdown-thread.ts'),
      'help-typo-thread': join(relayDir, 'src/help-center/help-typo-thread.ts'),
      'saml-thread': join(relayDir, 'src/sso/saml-thread.ts'),
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.13',
    // @parley/protocol from its sources, as the relay's tests use it (tsc has built the same code to its dist/).
    conditions: ['source'],
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    // A stack trace needs the maps' positions, not the sources' text (which would double the tree's code).
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    // CommonJS packages inside an ES module bundle call `require` for Node's built-ins: give them one.
    banner: {
      js: "import { createRequire as __parleyCreateRequire } from 'node:module';\nconst require = __parleyCreateRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'parley-external-packages',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, ({ path }) =>
            path.startsWith('node:') || EXTERNAL_PACKAGES.includes(packageName(path)) ? { external: true } : undefined,
          );
        },
      },
      {
        name: 'parley-openapi-document',
        setup(builder) {
          builder.onLoad({ filter: /[\\/]src[\\/]admin-api[\\/]served-openapi\.ts$/ }, () => ({
            contents: servedOpenapi,
            loader: 'js',
          }));
        },
      },
    ],
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  return { files: outputs.length, bytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0) };
}
