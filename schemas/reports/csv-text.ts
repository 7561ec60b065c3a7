import { FORMULA_TRIGGERS } from './exports';

// CSV written on the tablet (the monthly audit report's files), made to read exactly as the
// server's exports, which csv-stringify writes (tests/server/csv-text.test.ts holds the two to the
// same bytes). Not csv-stringify itself: its Node build needs Buffer, and its browser build
// brings a Buffer polyfill of some 80 kB into the app for a few lines of quoting.

export type CsvCell = string | number | null;

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  // A number is a number: -3 is not a formula, and a spreadsheet must still read it as -3.
  if (typeof cell === 'number') return String(cell);
  const guarded = FORMULA_TRIGGERS.includes(cell[0] ?? '') ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * A UTF-8 CSV file's text: a byte order mark (so Excel reads it as UTF-8), RFC 4180 quoting, CRLF
 * after every row, and an apostrophe in front of any text starting with a formula trigger.
 */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return BOM + rows.map((row) => `${row.map(cellText).join(',')}\r\n`).join('');
}
