// Reports the SDK's size as a browser would load it, entry by entry: each bundled with @parley/protocol,
// minified, ESM, gzipped (-9). The budget (8 kB) applies to the core entry, `@parley/sdk`, which is what a
// visitor's page loads (`import { ParleyClient } from '@parley/sdk'`, the widget on every page of a site); the
// staff and sound entries and the whole package are reported with their own figures. Exits 1 over the budget.
// See docs/decisions/0005-sdk-entries-and-size.md.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET = 8192;
const root = fileURLToPath(new URL('..', import.meta.url));

async function measure(label, contents, external = []) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
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
  console.log(`${label.padEnd(48)} ${String(code.length).padStart(7)} B min  ${String(gzip).padStart(6)} B min+gzip`);
  return gzip;
}

const core = await measure('@parley/sdk (core, with @parley/protocol)', "export * from './src/index.ts';");
await measure(
  '  of which the protocol client path',
  "export { decodeServerFrameForVisitor, encodeFrame, closeInfo, RETRYABLE_ERRORS, MAX_TEXT_LENGTH, MAX_HISTORY_PAGE, MAX_RESUME_CURSORS, SUBPROTOCOL_V1, SUBPROTOCOL_V2 } from '@parley/protocol';",
);
await measure('  the core alone (protocol left out)', "export * from './src/index.ts';", ['@parley/protocol']);
await measure('@parley/sdk/staff (StaffClient, with the core)', "export * from './src/staff.ts';");
await measure('@parley/sdk/visitor (VisitorClient, with the core)', "export * from './src/visitor.ts';");
await measure('@parley/sdk/history (VisitorHistory, without a client)', "export * from './src/history.ts';");
await measure('@parley/sdk/sound (Sound)', "export * from './src/sound.ts';");
await measure('@parley/sdk/attachments (Attachments, without a client)', "export * from './src/attachments.ts';");
await measure(
  'the whole package (every entry)',
  "export * from './src/index.ts'; export * from './src/staff.ts'; export * from './src/visitor.ts'; export * from './src/sound.ts'; export * from './src/history.ts';",
);
console.log(`budget ${BUDGET} B for the core entry: ${core <= BUDGET ? 'ok' : `over by ${core - BUDGET} B`}`);
if (core > BUDGET) process.exitCode = 1;
