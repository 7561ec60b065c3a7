import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkAuditImport, problemText } from './audit-import';

const HEADER = ['month', 'practice_group', 'case_id', 'auditor_email'];
const lookups = {
  groupId: (n: string) =>
    ({ hillside: 'group-hill', riverside: 'group-river', 'group-lake': 'group-lake' })[
      n.toLowerCase()
    ],
  auditorId: (e: string) =>
    ({ 'ann@example.org': 'user-ann-1', 'bo@example.org': 'user-bo-22' })[e],
};
const row = (month: string, group: string, caseId: string, email: string) => ({
  month,
  practice_group: group,
  case_id: caseId,
  auditor_email: email,
});

describe('checking the performance team’s selection', () => {
  test('a good file selects one audit per row, each due at the end of its month', () => {
    const result = checkAuditImport(
      HEADER,
      [
        row('2026-05', 'Hillside', 'AB-1234', 'ann@example.org'),
        row('2026-02', 'Riverside', 'CD-5678', 'BO@example.org'),
        row('2028-02', 'group-lake', 'EF-9012', 'ann@example.org'),
      ],
      lookups,
    );
    expect(result).toEqual({
      ok: true,
      audits: [
        {
          row: 2,
          month: '2026-05',
          scopeId: 'group-hill',
          caseId: 'AB-1234',
          observerUserId: 'user-ann-1',
          dueDate: '2026-05-31',
        },
        {
          row: 3,
          month: '2026-02',
          scopeId: 'group-river',
          caseId: 'CD-5678',
          observerUserId: 'user-bo-22',
          dueDate: '2026-02-28',
        },
        {
          row: 4,
          month: '2028-02',
          scopeId: 'group-lake',
          caseId: 'EF-9012',
          observerUserId: 'user-ann-1',
          dueDate: '2028-02-29',
        },
      ],
    });
  });

  test('every malformed row is named by row and column, and nothing is selected', () => {
    const result = checkAuditImport(
      HEADER,
      [
        row('2026-05', 'Hillside', 'AB-1234', 'ann@example.org'),
        row('May 2026', 'Riverside', 'CD-5678', 'bo@example.org'),
        row('2026-05', 'Nowhere', 'no', 'not-an-email'),
        row('2026-05', 'Hillside', 'GH-3456', 'bo@example.org'),
        row('2026-05', 'Riverside', 'IJ-7890', 'someone@example.org'),
      ],
      lookups,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'month'],
      [4, 'case_id'],
      [4, 'auditor_email'],
      [5, 'practice_group'],
      [6, 'auditor_email'],
    ]);
    expect(problemText(result.problems[0]!)).toBe(
      'Row 3, column month: Enter a month in the format YYYY-MM, like 2026-05',
    );
    expect(problemText(result.problems[3]!)).toBe(
      'Row 5, column practice_group: this group already has an audit for 2026-05 in row 2',
    );
  });

  test('a header without a column, or with one too many, is refused before any row', () => {
    const missing = checkAuditImport(['month', 'practice_group', 'auditor_email'], [], lookups);
    expect(missing).toEqual({
      ok: false,
      problems: [{ row: 1, column: 'case_id', message: 'the file has no column case_id' }],
    });
    const extra = checkAuditImport([...HEADER, 'child_name'], [], lookups);
    expect(extra.ok || problemText(extra.problems[0]!)).toMatch(
      /^Row 1 \(the header\): child_name/,
    );
    const twice = checkAuditImport([...HEADER, 'month'], [], lookups);
    expect(twice.ok || problemText(twice.problems[0]!)).toBe(
      'Row 1 (the header): the file has the column month twice',
    );
    expect(checkAuditImport(HEADER, [], lookups)).toEqual({
      ok: false,
      problems: [{ row: 2, column: 'month', message: 'the file has no rows' }],
    });
  });
});

describe('any one broken cell in any file', () => {
  const corruptions: Record<string, string[]> = {
    month: ['2026-13', '26-05', 'May', '', '0000-01'],
    practice_group: ['', 'Nowhere'],
    case_id: ['', 'x', 'Jane Smith', 'AB 1234'],
    auditor_email: ['', 'ann', 'someone@example.org'],
  };
  test('is named by its row and column, and the file selects nothing', () => {
    const goodRow = fc.record({
      month: fc
        .integer({ min: 2015, max: 2035 })
        .chain((y) =>
          fc.integer({ min: 1, max: 12 }).map((m) => `${y}-${String(m).padStart(2, '0')}`),
        ),
      practice_group: fc.constantFrom('Hillside', 'Riverside', 'group-lake'),
      case_id: fc.stringMatching(/^[A-Z]{2}-\d{4}$/),
      auditor_email: fc.constantFrom('ann@example.org', 'bo@example.org'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(goodRow, {
          minLength: 1,
          maxLength: 20,
          selector: (r) => `${r.month} ${r.practice_group}`,
        }),
        fc.nat(),
        fc.constantFrom(...HEADER),
        fc.nat(),
        (rows, at, column, pick) => {
          expect(checkAuditImport(HEADER, rows, lookups).ok).toBe(true);
          const i = at % rows.length;
          const options = corruptions[column]!;
          const broken = rows.map((r, j) =>
            j === i ? { ...r, [column]: options[pick % options.length]! } : r,
          );
          const result = checkAuditImport(HEADER, broken, lookups);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.problems).toEqual([
            { row: i + 2, column, message: expect.any(String) as string },
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
