// Small statistics helpers.

/** p-th percentile (0–100) of an ascending-sorted Float64Array, nearest-rank. NaN when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Concatenates latency arrays and returns p50/p99/p99.9/max (ms, 3 decimals) and the sample count. */
export function summarize(arrays) {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const all = new Float64Array(total);
  let offset = 0;
  for (const a of arrays) {
    all.set(a, offset);
    offset += a.length;
  }
  all.sort();
  const round = (v) => Math.round(v * 1000) / 1000;
  return {
    samples: total,
    p50: round(percentile(all, 50)),
    p99: round(percentile(all, 99)),
    p999: round(percentile(all, 99.9)),
    max: round(total ? all[total - 1] : Number.NaN),
  };
}
