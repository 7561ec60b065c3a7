import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays, compareDates } from '../calendar/dates';
import type { ExpectationFrequency } from './expectations';
import {
  expectationDueDates,
  financialYearBounds,
  financialYearOf,
  monthEnd,
} from './expectations';

const PERIODS: Record<ExpectationFrequency, number> = { month: 12, quarter: 4, year: 1 };

describe('due dates of recurring expectations across a financial year', () => {
  test('one audit a month: the last day of each month, April to March, February in leap years too', () => {
    expect(
      expectationDueDates({ kind: 'single-case-audit', count: 1, per: 'month' }, 2026),
    ).toEqual([
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
    ]);
    const leap = expectationDueDates({ kind: 'single-case-audit', count: 1, per: 'month' }, 2027);
    expect(leap[10]).toBe('2028-02-29');
    expect(
      expectationDueDates({ kind: 'single-case-audit', count: 1, per: 'month' }, 2099)[10],
    ).toBe('2100-02-28');
    expect(
      expectationDueDates({ kind: 'single-case-audit', count: 1, per: 'month' }, 2399)[10],
    ).toBe('2400-02-29');
  });

  test('one frontline observation a quarter: the end of June, September, December and March', () => {
    expect(
      expectationDueDates({ kind: 'frontline-practice', count: 1, per: 'quarter' }, 2026),
    ).toEqual(['2026-06-30', '2026-09-30', '2026-12-31', '2027-03-31']);
  });

  test('two peer observations a year: one by 30 September, one by 31 March', () => {
    expect(
      expectationDueDates({ kind: 'cp-conference-chairing', count: 2, per: 'year' }, 2026),
    ).toEqual(['2026-09-30', '2027-03-31']);
    expect(
      expectationDueDates({ kind: 'cp-conference-chairing', count: 3, per: 'year' }, 2026),
    ).toEqual(['2026-07-31', '2026-11-30', '2027-03-31']);
    expect(
      expectationDueDates({ kind: 'lac-review-chairing', count: 2, per: 'quarter' }, 2026),
    ).toEqual([
      '2026-05-31',
      '2026-06-30',
      '2026-08-31',
      '2026-09-30',
      '2026-11-30',
      '2026-12-31',
      '2027-02-28',
      '2027-03-31',
    ]);
  });

  test('every expectation in every year: the right number, in order, all month ends inside the year, each period ending on its last day', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (let year = 2015; year <= 2040; year++) {
      const { from, to } = financialYearBounds(year);
      for (const per of ['month', 'quarter', 'year'] as const) {
        for (let count = 1; count <= 12; count++) {
          const dates = expectationDueDates({ kind: 'frontline-practice', count, per }, year);
          const bad = (why: string) => wrong.push(`${year} ${count}/${per}: ${why}`);
          if (dates.length !== count * PERIODS[per]) bad(`${dates.length} dates`);
          for (let i = 0; i < dates.length; i++) {
            const d = dates[i]!;
            if (compareDates(d, from) < 0 || compareDates(d, to) > 0) bad(`${d} outside the year`);
            if (!addDays(d, 1).endsWith('-01')) bad(`${d} is not a month end`);
            if (i > 0 && compareDates(dates[i - 1]!, d) > 0) bad(`${d} out of order`);
            if (financialYearOf(d) !== year) bad(`${d} in another financial year`);
          }
          // The last of each period is the period's last day.
          const months = 12 / PERIODS[per];
          for (let p = 0; p < PERIODS[per]; p++) {
            const last = dates[(p + 1) * count - 1]!;
            const m = ((3 + (p + 1) * months - 1) % 12) + 1;
            if (last !== monthEnd(m >= 4 ? year : year + 1, m)) bad(`period ${p + 1} ends ${last}`);
          }
          checked++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(26 * 3 * 12);
  });

  test('spread evenly: in any stretch of the year no more fall due than their share, plus one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2015, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        (year, count, months) => {
          const dates = expectationDueDates(
            { kind: 'frontline-practice', count, per: 'year' },
            year,
          );
          // By the end of the financial year's month `months`, at least the share due so far.
          const end = monthEnd(
            months + 3 > 12 ? year + 1 : year,
            months + 3 > 12 ? months - 9 : months + 3,
          );
          const dueSoFar = dates.filter((d) => compareDates(d, end) <= 0).length;
          expect(dueSoFar).toBeGreaterThanOrEqual(Math.floor((count * months) / 12));
          expect(dueSoFar).toBeLessThanOrEqual(Math.ceil((count * months) / 12) + 1);
        },
      ),
    );
  });

  test('a month end is a calendar date in any year, the early ones too', () => {
    expect(monthEnd(999, 5)).toBe('0999-05-31');
    expect(monthEnd(1, 2)).toBe('0001-02-28');
    expect(monthEnd(2028, 2)).toBe('2028-02-29');
  });

  test('the financial year a date falls in starts on 1 April', () => {
    expect(financialYearOf('2026-03-31')).toBe(2025);
    expect(financialYearOf('2026-04-01')).toBe(2026);
    expect(financialYearOf('2027-01-15')).toBe(2026);
  });
});
