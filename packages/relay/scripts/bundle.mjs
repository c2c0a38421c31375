#!/usr/bin/env node
// Builds what the relay package carries besides its code, after `tsc -b` and the widget's build:
//   dist/public/widget/  the script-tag loader and the element's content-hashed chunks (from @parley/widget)
//   dist/public/admin/   the staff inbox page and its hashed script and stylesheet (from @parley/widget)
//   dist/public/home/    the front page's stylesheet (assets/home/)
//   dist/openapi/        the OpenAPI document's brotli and gzip forms, named by its hash (the relay uses them when
//                        the hash is its document's, and compresses nothing at start)
//   dist/bundle/         the server code as one bundle with its lazily loaded parts (scripts/bundle-server.mjs),
//                        which the release tree runs
//   docs/api/openapi.json   the published OpenAPI document (in the repository; test/admin-api.test.ts fails while the
//                        committed one differs from what the sources make)
//   test/api-client/parley-api.generated.d.ts   the document's types as openapi-typescript makes them (ignored by git),
//                        which test/api-client/drive.ts calls routes through: `npm run typecheck` compiles that client
//                        against the document, and test/api-client.test.ts runs it against a relay
// and, next to every compressible file of at least 1 kB, its brotli (.br) and gzip (.gz) forms, so the relay
// serves them by Accept-Encoding with no compression work per request. A form that is not smaller is not written.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
// Built by `tsc -b` before this script runs (scripts/build.mjs): the relay's own choice of brotli settings.
import { smallestBrotli } from '../dist/http/content-encoding.js';
import { openApiDocument } from '../dist/admin-api/admin-openapi.js';
import { FEATURES } from '../dist/features/features.js';
import { fixedResponseHash } from '../dist/http/fixed-response.js';
import { bundleServer } from './bundle-server.mjs';

const dir = fileURLToPath(new URL('..', import.meta.url));
const widgetPublic = join(dir, '../widget/dist/public');
const out = join(dir, 'dist/public');
const gzipAsync = promisify(gzip);
const compressible = new Set(['.js', '.mjs', '.css', '.html', '.json', '.map', '.svg', '.txt']);

if (!existsSync(join(widgetPublic, 'widget/widget.js'))) {
  console.error(`relay: ${widgetPublic} has no widget build; build @parley/widget first (npm run build does).`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
cpSync(widgetPublic, out, { recursive: true });
cpSync(join(dir, 'assets/home'), join(out, 'home'), { recursive: true });

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

let raw = 0;
let brotli = 0;
let count = 0;
/** Compresses one file's forms and writes those that are smaller. */
async function precompress(file) {
  const body = readFileSync(file);
  if (body.byteLength < 1024) return;
  const [br, gz] = await Promise.all([smallestBrotli(body), gzipAsync(body, { level: 9 })]);
  const { mtime } = statSync(file);
  for (const [suffix, compressed] of [
    ['.br', br],
    ['.gz', gz],
  ]) {
    if (compressed.byteLength >= body.byteLength) continue;
    writeFileSync(file + suffix, compressed);
    // The relay trusts a sibling only if it is not older than its source: give both the same time.
    utimesSync(file + suffix, mtime, mtime);
  }
  raw += body.byteLength;
  brotli += br.byteLength;
  count += 1;
}
// A file at a time per core: the compression runs on libuv's threads, and one file after another kept one busy
// (the step took 22 s, 20 s of it this loop, on a 2-core machine).
const queue = [...files(out)].filter((file) => compressible.has(extname(file)));
// The longest part of the step on a busy machine (brotli at its best quality): said before, not only after.
console.log(`relay: precompressing ${queue.length} files of dist/public (brotli 11, gzip 9)…`);
await Promise.all(
  Array.from({ length: availableParallelism() }, async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await precompress(file);
  }),
);
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log(`relay: dist/public (${count} files precompressed: ${kb(raw)} → ${kb(brotli)} brotli)`);

// The OpenAPI document made once here, not at every start (src/admin-api/served-openapi.ts): tsc's
// `dist/admin-api/served-openapi.js` makes it of the list it is given; it becomes the document `dist/admin-api/admin-openapi.js`
// makes of the feature list, as JSON, and the bundle carries the same module. (admin-openapi.js is never replaced:
// each build makes the document afresh from it.)
const OPENAPI_DOCUMENT = openApiDocument(FEATURES);
const servedOpenapi = `// Made by scripts/bundle.mjs from dist/admin-api/admin-openapi.js (src/admin-api/served-openapi.ts).
export const OPENAPI_DOCUMENT = JSON.parse(${JSON.stringify(JSON.stringify(OPENAPI_DOCUMENT))});
/** The document made of the whole feature list, which is what the server asks for. */
export const servedOpenApi = () => OPENAPI_DOCUMENT;
`;
writeFileSync(join(dir, 'dist/admin-api/served-openapi.js'), servedOpenapi);

// The published document, in the repository (not in a Docker build's context, which has no docs/): written by the
// build, so a change to a route's schema or prose is one `npm run build` away from the committed file.
const publishedOpenapi = join(dir, '../../docs/api/openapi.json');
if (existsSync(dirname(publishedOpenapi))) {
  const text = `${JSON.stringify(OPENAPI_DOCUMENT, null, 2)}\n`;
  const before = existsSync(publishedOpenapi) ? readFileSync(publishedOpenapi, 'utf8') : undefined;
  if (before !== text) {
    writeFileSync(publishedOpenapi, text);
    console.log('relay: docs/api/openapi.json written (the API document changed: commit it)');
  }
}

// A typed client generated from the document by a well-kept generator (openapi-typescript; openapi-fetch calls
// through it): the typecheck compiles the test's client against the document, so the two cannot drift apart.
const clientTypes = join(dir, 'test/api-client/parley-api.generated.d.ts');
if (existsSync(dirname(clientTypes))) {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const text = `// Made by scripts/bundle.mjs from docs/api/openapi.json with openapi-typescript: do not edit.\n${astToString(
    await openapiTS(OPENAPI_DOCUMENT),
  )}`;
  if (!existsSync(clientTypes) || readFileSync(clientTypes, 'utf8') !== text) writeFileSync(clientTypes, text);
}

// The OpenAPI document as the relay serves it (server.ts: JSON.stringify, brotli 11, gzip 9), compressed here once.
{
  const openapiDir = join(dir, 'dist/openapi');
  rmSync(openapiDir, { recursive: true, force: true });
  mkdirSync(openapiDir, { recursive: true });
  const body = Buffer.from(JSON.stringify(OPENAPI_DOCUMENT));
  const hash = fixedResponseHash(body);
  writeFileSync(
    join(openapiDir, `${hash}.br`),
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  writeFileSync(join(openapiDir, `${hash}.gz`), gzipSync(body, { level: 9 }));
}

console.log('relay: bundling the server (esbuild)…');
const server = await bundleServer(dir, servedOpenapi);
console.log(`relay: dist/bundle (${server.files} files, ${kb(server.bytes)})`);
