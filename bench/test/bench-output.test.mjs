// CI's check of the benchmark (`npm run bench:check`): the relay alone, at the tiny sizes (`--tiny`), every workload
// it runs in, a 3 s soak; the report complete and well formed, in seconds a workload. Every server's quick mode is
// bench/test/quick/quick-mode.test.mjs (`npm run bench:quick`), for changes to bench/.
import { describeBenchRun } from './support/bench-run.mjs';

describeBenchRun({
  title: 'npm run bench -- --tiny --peers parley, every workload and a short soak',
  size: 'tiny',
  peers: ['parley'],
  soakMinutes: 0.05,
  scaleSizes: [100, 200],
  timeoutMs: 300_000,
});
