// Prints how well the relay keeps what a visitor wrote in an email reply (issue #38): per set of the reply corpus
// (packages/relay/test/fixtures/email-replies/) and over everything, the cases, how many came out exact, leaked
// quoted history, lost a reply line, or lost the reply entirely. The definitions are in test/reply-corpus.ts. Text
// bodies go through the quote stripper; whole emails (`.eml`: parley-mime, parley-mime-clients, talon) through the
// whole path; HTML bodies (`.html`, in talon) the way of an HTML part.
//
//   node --conditions=source --import tsx packages/relay/scripts/reply-report.ts [--failures]
//
// With --failures, the cases that are not exact are listed under each set.
import { keptReply, loadReplySets, measureReplies, type ReplyFigures } from '../test/reply-corpus.js';

const listFailures = process.argv.includes('--failures');
const figures = await measureReplies(loadReplySets(), keptReply);

const header = ['set', 'cases', 'exact', 'exact %', 'quote leaked', 'reply line lost', 'lost entirely'];
const rows = [...figures].map(([name, f]) => [
  name,
  String(f.cases),
  String(f.exact),
  percent(f),
  String(f.quoteLeaked),
  String(f.lineLost),
  String(f.lostEntirely),
]);
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: readonly string[]) =>
  cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
    .join('  ');
console.log(line(header));
for (const [index, row] of rows.entries()) {
  console.log(line(row));
  const failures = [...figures.values()][index]!.failures;
  if (listFailures && row[0] !== 'all') for (const name of failures) console.log(`    not exact: ${name}`);
}

function percent(f: ReplyFigures): string {
  return f.cases === 0 ? '-' : `${((100 * f.exact) / f.cases).toFixed(1)} %`;
}
