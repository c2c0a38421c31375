// Prints how well the sensitive-data detector does on the generated corpora (issue #39; the generators are in
// test/support/sensitive-corpus.ts): per kind, the cases, how many valid ones were found exactly and missed, and
// how many invalid ones (wrong checksum, range never issued, near-miss shape) were flagged; then the false-positive
// rate on ordinary text per category and over all, and, apart, random 16-digit reference numbers (about 1 in 20
// of which is indistinguishable from a card by construction).
//
//   node --conditions=source --import tsx packages/relay/scripts/sensitive-report.ts [--seed 39] [--failures]
//
// With --failures, the missed cases and the false positives are listed.
import { buildCorpus, measureCorpus } from '../test/support/sensitive-corpus.js';

const seedAt = process.argv.indexOf('--seed');
const seed = seedAt === -1 ? 39 : Number(process.argv[seedAt + 1]);
if (!Number.isSafeInteger(seed)) throw new Error('--seed takes a whole number');
const listFailures = process.argv.includes('--failures');
const figures = measureCorpus(buildCorpus(seed));

printTable(
  ['kind', 'cases', 'valid', 'found', 'missed', 'invalid', 'false positives'],
  [...figures.kinds].map(([kind, f]) => [
    kind,
    String(f.cases),
    String(f.valid),
    String(f.found),
    String(f.missed.length),
    String(f.invalid),
    String(f.falsePositives.length),
  ]),
);
if (listFailures) {
  for (const f of figures.kinds.values()) {
    for (const line of f.missed) console.log(`    missed: ${line}`);
    for (const line of f.falsePositives) console.log(`    flagged: ${line}`);
  }
}
console.log('');
const ordinaryRows = [...figures.ordinary].map(([category, f]) => [
  category,
  String(f.cases),
  String(f.flagged.length),
  percent(f.flagged.length, f.cases),
]);
ordinaryRows.push([
  'all ordinary text',
  String(figures.ordinaryCases),
  String(figures.ordinaryFlagged),
  percent(figures.ordinaryFlagged, figures.ordinaryCases),
]);
printTable(['ordinary text', 'sentences', 'flagged', 'false-positive rate'], ordinaryRows);
if (listFailures)
  for (const f of figures.ordinary.values()) for (const line of f.flagged) console.log(`    flagged: ${line}`);
const { cases, flagged } = figures.references;
console.log(
  `\nrandom 16-digit reference numbers (not in the rate above): ${flagged} of ${cases} look like cards (${percent(flagged, cases)})`,
);

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(2)} %`;
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
