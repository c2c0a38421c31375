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
const dir = process.argv[2];
const batches = Number(process.argv[3] ?? 20);
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
