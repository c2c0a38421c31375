/**
 * The least CPU time, in ms, of `times` calls of `work` (synchronous): what a bound on a synchronous check should
 * judge. Wall time also counts the time the process waits for a core, which on a loaded machine (a CI run, a
 * build beside the suite) was four times the work itself.
 */
export function leastCpuMs(work: () => void, times = 3): number {
  let least = Infinity;
  for (let i = 0; i < times; i++) {
    const start = process.cpuUsage();
    work();
    const { user, system } = process.cpuUsage(start);
    least = Math.min(least, (user + system) / 1000);
  }
  return least;
}
