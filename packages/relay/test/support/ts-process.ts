/**
 * The Node.js options that let a child process run this repository's TypeScript sources as the test runner does
 * (scripts/ts-hooks.mjs, with the `source` export condition), to put before the `.ts` entry it spawns.
 */
export const TS_NODE_ARGS: readonly string[] = [
  '--conditions=source',
  '--import',
  new URL('../../../../scripts/ts-hooks.mjs', import.meta.url).href,
];
