import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvLines } from '../src/admin/csv.js';
import { reportCsv } from '../src/admin/reports/report-csv.js';
import type { SiteReport } from '../src/admin/reports/report-store.js';

/**
 * The cells a spreadsheet makes of one CSV line when it splits on `separator` (its locale's, not necessarily the
 * file's): a field is quoted only when it starts with `"`, as Excel and LibreOffice read it.
 */
function cellsAs(line: string, separator: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') ((cell += '"'), i++);
        else if (line[i] === '"') break;
        else cell += line[i];
      }
      i++;
    }
    const end = line.indexOf(separator, i);
    cell += line.slice(i, end === -1 ? undefined : end);
    cells.push(cell);
    if (end === -1) return cells;
    i = end + 1;
  }
}

/** Cells a spreadsheet would run as a formula. */
const formulas = (cells: readonly string[]): string[] => cells.filter((cell) => /^ *[=+\-@\t\r]/.test(cell));

const hostile = [
  'Bob;=1+1',
  'Bob,=1+1',
  'Bob\t=1+1',
  "x;=cmd|' /C calc'!A0;y",
  '=HYPERLINK("https://evil.example")',
  '+1',
  '-1+1',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  'Ann; -2+3',
  'a\n=1',
];

describe('CSV: every export defuses formulas, whatever separator the spreadsheet splits on (issue #33)', () => {
  for (const written of [',', ';'] as const) {
    for (const read of [',', ';', '\t']) {
      it(`written with "${written}", read splitting on ${JSON.stringify(read)}: no cell is a formula`, () => {
        const csv = csvLines(
          hostile.map((text) => ['before', text, 'after']),
          written,
        );
        // A reader that splits lines too (some take a bare CR or LF for a new row).
        const cells = csv.split(/\r\n|\r|\n/).flatMap((line) => cellsAs(line, read));
        assert.deepEqual(formulas(cells), []);
      });
    }
  }

  it('keeps ordinary text and numbers as they are, and quotes what needs it', () => {
    assert.deepEqual(
      ['Ann', 'Ann, Bob', 'say "hi"', 'a;b', 42, -5, null].map((value) => csvCell(value)),
      ['Ann', '"Ann, Bob"', '"say ""hi"""', '"a;b"', '42', '-5', ''],
    );
    assert.equal(csvCell('Bob;=1+1'), `"Bob;'=1+1"`);
    // Read where it was written (commas), the text comes back with its apostrophes only.
    assert.deepEqual(cellsAs(csvLines([['Bob;=1+1', '=1']]), ','), ["Bob;'=1+1", "'=1"]);
  });

  it('the report export uses it: an agent named Bob;=1+1 is no formula in a semicolon locale', () => {
    const empty = { medianMs: null, p90Ms: null, count: 0 };
    const report = {
      conversations: [],
      messages: [],
      firstResponse: empty,
      resolution: empty,
      agents: [
        { staffId: 'st_1', name: 'Bob;=1+1', conversations: 1, assigned: 0, messages: 1, firstResponseMedianMs: null },
      ],
      busiestHours: [],
      csat: null,
    } as unknown as SiteReport;
    const csv = reportCsv({ from: 0, to: 86_400_000, bucket: 'day', tz: 'UTC' }, report);
    assert.match(csv, /^st_1,"Bob;'=1\+1",1,0,1,$/m);
    for (const read of [',', ';', '\t'])
      assert.deepEqual(formulas(csv.split(/\r\n/).flatMap((line) => cellsAs(line, read))), [], read);
  });
});
