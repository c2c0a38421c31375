// Reports the SDK's size as a browser would load it: src/index.ts with @parley/protocol bundled, minified, ESM,
// gzipped. Fails above the budget. Also reports the protocol's share, to show where bytes go. The protocol's
// client path is its compact server-frame decoder (no zod: the zod schemas are for the relay and the tests).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET = 8192;
const root = fileURLToPath(new URL('..', import.meta.url));

async function measure(entry, label, external = []) {
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, resolveDir: root, loader: 'ts' } }),
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    treeShaking: true,
    write: false,
    external,
  });
  const code = result.outputFiles[0].contents;
  const gzip = gzipSync(code, { level: 9 }).length;
  console.log(`${label.padEnd(44)} ${String(code.length).padStart(7)} B min  ${String(gzip).padStart(6)} B min+gzip`);
  return gzip;
}

const total = await measure('src/index.ts', '@parley/sdk (with @parley/protocol)');
await measure(
  {
    contents:
      "export { decodeServerFrame, encodeFrame, retryForClose, closeName, ERROR_RETRY, LIMITS, SUBPROTOCOL_V1 } from '@parley/protocol';",
  },
  '  of which the protocol client path',
);
await measure({ contents: "export * from './src/index.ts';" }, '  the SDK alone (protocol left out)', [
  '@parley/protocol',
]);
console.log(`budget ${BUDGET} B: ${total <= BUDGET ? 'ok' : `over by ${total - BUDGET} B`}`);
if (total > BUDGET) process.exitCode = 1;
