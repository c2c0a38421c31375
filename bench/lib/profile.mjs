// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per function, heaviest first.

/**
 * A V8 profile's frame (a `.cpuprofile`'s or a sampling heap profile's `callFrame`): its function's name, or
 * `(anonymous)`, and where it is, the file from `packages/` or `node_modules/` on, with the line.
 */
export function frameName({ functionName, url, lineNumber }) {
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|packages)\//, '$1/');
  return { name: functionName || '(anonymous)', where: `${file}:${lineNumber + 1}` };
}

/**
 * @param {object} profile the parsed .cpuprofile
 * @param {number} top how many functions to list
 * @returns {{ totalMs: number, idlePercent: number, functions: Array<{name: string, where: string, selfMs: number, percent: number}>, text: string }}
 */
export function summarizeProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const totalSamples = profile.samples.length;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalSamples ? totalMs / totalSamples : 0;
  const self = new Map();
  let idle = 0;
  for (const [id, count] of counts) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') {
      idle += count;
      continue;
    }
    const { name, where } = frameName(callFrame);
    const key = `${name}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + count);
  }
  const busy = totalSamples - idle;
  const functions = [...self.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .map(([key, count]) => {
      const [name, where] = key.split('\t');
      return {
        name,
        where,
        selfMs: Math.round(count * msPerSample),
        percent: Math.round((1000 * count) / Math.max(1, busy)) / 10,
      };
    });
  const text = [
    `relay CPU profile: ${Math.round(totalMs)} ms wall, ${Math.round((100 * idle) / Math.max(1, totalSamples))}% idle; self time as % of busy samples:`,
    ...functions.map((f) => `${String(f.percent).padStart(5)}%  ${f.name}  (${f.where})`),
  ].join('\n');
  return {
    totalMs: Math.round(totalMs),
    idlePercent: Math.round((100 * idle) / Math.max(1, totalSamples)),
    functions,
    text,
  };
}
