// A reporter of `node --test` (scripts/test.mjs passes it beside the spec and TAP ones): writes, when the run ends,
// one JSON object of each test file's time in ms, the sum of its top-level tests' durations (what a batch spent on
// the file, its imports aside). scripts/test.mjs prints a suite's slowest files from it and orders the next runs'
// batches by it (scripts/test-durations.json).
const TEST_FILE = /\.test\.(ts|mjs|js)$/;

export default async function* durations(source) {
  const files = new Map();
  // A top-level test that a shared module defines (a store contract, a scenario suite) is named by that module's
  // path: its time is counted to the test file that ran it, the last one seen (a batch runs its files in turn).
  let current;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, details } = event.data;
    if (nesting !== 0 || !file) continue;
    if (TEST_FILE.test(file)) current = file;
    const owner = TEST_FILE.test(file) ? file : (current ?? file);
    files.set(owner, (files.get(owner) ?? 0) + (details.duration_ms ?? 0));
  }
  yield `${JSON.stringify(Object.fromEntries(files))}\n`;
}
