// Loaded into a relay with `--import` (bench/diagnostics/callgrind-b.mjs, `--heap-sample`): V8's sampling heap
// profiler, over a window the caller opens and closes with SIGUSR2, counting every sampled allocation whether or not
// it was collected since (Node's own `--heap-prof` keeps only what is still alive when it stops: nearly nothing of a
// relay's short-lived garbage). The second SIGUSR2 writes the profile (`.heapprofile`, as DevTools reads it) to the
// path in PARLEY_HEAP_SAMPLE. With PARLEY_HEAP_SAMPLE_SURVIVORS=true, what scavenges collected is left out: the
// profile holds what survived one (promoted to the old generation, or still alive at the end).
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.PARLEY_HEAP_SAMPLE;
if (!out) throw new Error('heap-sample.mjs needs PARLEY_HEAP_SAMPLE, the path to write the profile to');
/** Bytes between samples: small enough for objects of a few dozen bytes to be seen over a few seconds. */
const samplingInterval = Number(process.env.PARLEY_HEAP_SAMPLE_INTERVAL ?? 4096);
const session = new Session();
session.connect();
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
let sampling = false;
process.on('SIGUSR2', () => {
  sampling = !sampling;
  const step = sampling
    ? post('HeapProfiler.enable').then(() =>
        post('HeapProfiler.startSampling', {
          samplingInterval,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: process.env.PARLEY_HEAP_SAMPLE_SURVIVORS !== 'true',
        }),
      )
    : post('HeapProfiler.stopSampling').then(({ profile }) => {
        writeFileSync(`${out}.part`, JSON.stringify(profile));
        renameSync(`${out}.part`, out);
      });
  step.catch((error) => console.error(`heap sampling: ${error}`));
});
