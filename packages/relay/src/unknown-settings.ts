/**
 * Misspelled settings: a `PARLEY_*` variable or a key of the `PARLEY_CONFIG` file that no configuration section
 * declares would otherwise be ignored, and the relay would start on a default the operator meant to change
 * (`PARLEY_STOER=postgres` starts on SQLite).
 */

/**
 * `PARLEY_*` names that are not the relay's settings, which it accepts and ignores: the variable naming the
 * configuration file, and those of the programs that run beside it in the same shell or CI job. A new program that
 * reads a `PARLEY_*` variable of its own takes a name under one of these prefixes, or is added here.
 */
export const NOT_RELAY_SETTINGS: readonly string[] = [
  // The configuration file itself (config.ts reads it).
  'PARLEY_CONFIG',
  // The test suites (their database URL, batch size, fixtures' faults), CI (.ci/run), the benchmark.
  'PARLEY_TEST_',
  'PARLEY_CI_',
  'PARLEY_BENCH_',
  'PARLEY_HEAP_SAMPLE',
  'PARLEY_HEAP_SAMPLE_',
  // scripts/ts-hooks.mjs's cache, the screenshots' folder.
  'PARLEY_TS_CACHE',
  'PARLEY_SHOTS',
  // `npm start`'s mail catcher (scripts/start.mjs).
  'PARLEY_DEMO_',
  // The examples and deployments: the SMS bridge (examples/sms-twilio), the SDK's staff token, Caddy's domain.
  'PARLEY_URL',
  'PARLEY_CHANNEL_',
  'PARLEY_STAFF_TOKEN',
  'PARLEY_DOMAIN',
];

function ignored(name: string): boolean {
  return NOT_RELAY_SETTINGS.some((entry) => (entry.endsWith('_') ? name.startsWith(entry) : name === entry));
}

/** Edits (insertions, deletions, substitutions, swaps of neighbours) from `a` to `b`; names are short. */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known name nearest to `name`, when it is near enough to be a slip (a third of its letters at most, case
 * aside), else undefined.
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/** `NAME (did you mean OTHER?)`, or the name alone. */
function described(name: string, known: readonly string[], quote: (text: string) => string): string {
  const near = nearestName(name, known);
  return near === undefined ? quote(name) : `${quote(name)} (did you mean ${quote(near)}?)`;
}

/**
 * Says which `PARLEY_*` variables of `env` are neither settings (`known`) nor in {@link NOT_RELAY_SETTINGS}, each
 * with the nearest setting; undefined when there is none. Values are never read: they may be secrets.
 */
export function unknownVariables(env: NodeJS.ProcessEnv, known: readonly string[]): string | undefined {
  const declared = new Set(known);
  // Sorted, so the message does not depend on the environment's order; at most a few hundred names, once at start.
  const unknown = Object.keys(env)
    .filter((name) => name.startsWith('PARLEY_') && !declared.has(name) && !ignored(name))
    .sort();
  if (unknown.length === 0) return undefined;
  const names = unknown.map((name) => described(name, known, (text) => text)).join(', ');
  return `Unknown variable${unknown.length > 1 ? 's' : ''} ${names}.`;
}

/** Says which keys of the configuration file are not settings (`known`), each with the nearest; else undefined. */
export function unknownKeys(file: Record<string, unknown>, known: readonly string[]): string | undefined {
  const declared = new Set(known);
  const unknown = Object.keys(file).filter((key) => !declared.has(key));
  if (unknown.length === 0) return undefined;
  const keys = unknown.map((key) => described(key, known, (text) => JSON.stringify(text))).join(', ');
  return `unknown key${unknown.length > 1 ? 's' : ''} ${keys}`;
}
