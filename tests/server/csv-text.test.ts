// The tablet writes the monthly audit report's CSV files itself (schemas/reports/csv-text.ts), so
// they work with no signal; they must read exactly as the server's exports, which csv-stringify
// writes: the same bytes for any table of text, numbers and blanks.
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { expect, test } from 'vitest';
import { csvText } from '../../schemas/reports/csv-text';
import type { CsvCell } from '../../schemas/reports/csv-text';
import { CSV_OPTIONS } from '../../sync-server/src/reports/exports';

/** Text made mostly of what a CSV writer must take care with. */
const awkward = fc.string({
  unit: fc.oneof(
    fc.constantFrom(',', '"', '\r', '\n', '\t', '=', '+', '-', '@', "'", ' '),
    fc.constantFrom('\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', 'ë', '’', '🙂'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const cell: fc.Arbitrary<CsvCell> = fc.oneof(awkward, fc.integer(), fc.constant(null));

test('the tablet’s CSV is byte for byte the server’s, for any table', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 5 }),
      (rows) => {
        const server = stringify([], { ...CSV_OPTIONS, bom: true }) + stringify(rows, CSV_OPTIONS);
        expect(csvText(rows)).toBe(server);
      },
    ),
    { numRuns: 2000 },
  );
});
