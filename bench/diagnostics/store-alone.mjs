// Instructions per append of the SQLite store alone, deterministic: 1,000 conversations, batches of 1,000 appends (one
// per conversation, each with a visitor profile, as (b) writes), full-text indexing at every batch, 30 warm-up
// batches, then `batches` measured ones with callgrind's instrumentation on (`callgrind_control -i on`). Uses the
// `SqliteStore` built in CHECKOUT's dist/.
//
//   valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=out node bench/diagnostics/store-alone.mjs CHECKOUT 10
//
// valgrind prints `Collected : N` (N / (batches × 1,000) per append); `callgrind_annotate out` splits it by function.
// Without valgrind it prints the CPU µs per append (then the checkpoint thread and the fsyncs count too).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBenchStore } from './bench-store.mjs';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=out \\
         node bench/diagnostics/store-alone.mjs CHECKOUT [BATCHES]   (after npm run build in CHECKOUT)

A diagnostic: instructions (under callgrind) or CPU µs (without valgrind) per append of the SQLite store alone,
BATCHES measured batches of 1,000 appends (default 20) after 30 of warm-up, the store built in CHECKOUT's dist/.`;

const {
  positionals: [dir, batchesArg = '20'],
} = commandLine({
  name: 'store-alone',
  usage: USAGE,
  allowPositionals: true,
  check: ({ positionals }) => {
    if (positionals.length < 1 || positionals.length > 2) throw new Error('CHECKOUT, then BATCHES if any');
    const n = Number(positionals[1] ?? '20');
    if (!Number.isInteger(n) || n < 1) throw new Error(`BATCHES is a whole number from 1 (got ${positionals[1]})`);
  },
});
const batches = Number(batchesArg);
const path = join(mkdtempSync(join(tmpdir(), 'store-alone-')), 'db');
const store = await openBenchStore(path, { indexIntervalMs: 0 }, dir);
const profile = { verified: false };
let n = 0;
const batch = () =>
  Promise.all(
    Array.from({ length: 1000 }, (_, c) =>
      store.append({
        siteId: 'site_1',
        conversationId: `c${c}`,
        visitorId: `v${c}`,
        clientId: `01JD${String(n++).padStart(12, '0')}`,
        author: { role: 'visitor', id: `v${c}` },
        text: `${Date.now()}.123 ${n} the quick brown fox jumps over the lazy dog 0123456789 0`,
        kind: 'text',
        profile,
      }),
    ),
  );
for (let i = 0; i < 30; i++) await batch();
const toggle = (on) => {
  try {
    execFileSync('callgrind_control', ['-i', on ? 'on' : 'off', String(process.pid)], { stdio: 'ignore' });
  } catch {
    // Not under valgrind.
  }
};
toggle(true);
const t = process.cpuUsage();
for (let i = 0; i < batches; i++) await batch();
const used = process.cpuUsage(t);
toggle(false);
console.log(JSON.stringify({ appends: batches * 1000, cpuUsPerAppend: (used.user + used.system) / (batches * 1000) }));
await store.close();
