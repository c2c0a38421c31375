// `npm run bench:quick`: the benchmark's quick mode, every server and workload and a 12 s soak, completes and its
// report is complete and well formed. Minutes, not seconds: run it for a change to bench/ (CI runs the relay alone at
// the tiny sizes, bench/test/bench-output.test.mjs).
import { describeBenchRun } from '../support/bench-run.mjs';

describeBenchRun({
  title: 'npm run bench -- --quick, every workload and a short soak',
  size: 'quick',
  soakMinutes: 0.2,
  scaleSizes: [1000, 2000],
  timeoutMs: 600_000,
});
