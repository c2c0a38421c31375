/**
 * CSV for spreadsheets, for every export the relay makes (issue #33). Text that a spreadsheet would run as a
 * formula is defused with a leading apostrophe (OWASP's advice), and not only at the start of a field: a
 * spreadsheet in a locale whose separator is `;` (or one told to split on tabs) cuts `Bob;=1+1` into two cells, the
 * second a formula, and a field quoted for commas does not protect it there (the quote is not at the start of what
 * that spreadsheet takes for a field). So every place a cell could start, whatever the separator, is checked: the
 * field's start and the character after any `,`, `;`, tab or line break in it. Fields with a separator, a quote or
 * a line break are then quoted (RFC 4180).
 */

/** A cell: text, a number (written as it is: `-5` is a number, not a formula), or nothing. */
export type CsvValue = string | number | null;

/** What a formula starts with (after spaces): `=`, `+`, `-`, `@`, or a tab or CR some spreadsheets skip. */
const FORMULA = /^[ ]*[=+\-@\t\r]/;
/** A character after which a spreadsheet may start a new cell, in some locale or other, before a formula. */
const CELL_START = /([,;\t\r\n])(?=[ ]*[=+\-@\t\r])/g;

/** One cell, defused and quoted as needed (see the module notes). */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = (FORMULA.test(value) ? `'${value}` : value).replace(CELL_START, "$1'");
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV lines (`\r\n` between them), cells joined by `separator` (`,` by default). */
export function csvLines(rows: readonly (readonly CsvValue[])[], separator: ',' | ';' = ','): string {
  return rows.map((row) => row.map(csvCell).join(separator)).join('\r\n');
}
