// A reporter of `node --test` (scripts/test.mjs passes it beside the spec and TAP ones): writes, when the run ends,
// one JSON object of each test file's time in ms, the sum of its top-level tests' durations (what a batch spent on
// the file, its imports aside). scripts/test.mjs prints a suite's slowest files from it and orders the next runs'
// batches by it (scripts/test-durations.json).
export default async function* durations(source) {
  const files = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, details } = event.data;
    if (nesting === 0 && file) files.set(file, (files.get(file) ?? 0) + (details.duration_ms ?? 0));
  }
  yield `${JSON.stringify(Object.fromEntries(files))}\n`;
}
