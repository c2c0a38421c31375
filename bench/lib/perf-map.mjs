// The names of JavaScript's code in a `--perf-basic-prof` map (/tmp/perf-<pid>.map), for
// bench/diagnostics/perf-share.mjs.

/**
 * Names an address of a perf map (`<start> <size> <name>` lines, hex, in the order V8 wrote them) by the last entry
 * that covers it, or `undefined` when none does.
 */
export function latestNames(text) {
  const entries = [];
  let widest = 0;
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/i.exec(line);
    if (!match) continue;
    const start = Number.parseInt(match[1], 16);
    const size = Number.parseInt(match[2], 16);
    entries.push({ start, end: start + size, name: match[3], order: entries.length });
    if (size > widest) widest = size;
  }
  entries.sort((a, b) => a.start - b.start || a.order - b.order);
  const named = new Map();
  return (address) => {
    if (named.has(address)) return named.get(address);
    // The last entry starting at or below the address, then back over those that could still reach it.
    let low = 0;
    let high = entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (entries[middle].start <= address) low = middle + 1;
      else high = middle - 1;
    }
    let found;
    for (let i = high; i >= 0 && entries[i].start + widest > address; i--) {
      const entry = entries[i];
      if (address < entry.end && (!found || entry.order > found.order)) found = entry;
    }
    named.set(address, found?.name);
    return found?.name;
  };
}
