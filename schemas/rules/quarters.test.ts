import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays } from '../calendar/dates';
import {
  financialQuarter,
  financialYearLabel,
  parseQuarterKey,
  quarterKeyOf,
  quarterKeySchema,
  quartersBetween,
  quartersFromTo,
} from './quarters';

describe('financial quarters (April to March)', () => {
  test.each([
    ['2026-04-01', '2026-27 Q1', '2026-04-01', '2026-06-30'],
    ['2026-06-30', '2026-27 Q1', '2026-04-01', '2026-06-30'],
    ['2026-07-01', '2026-27 Q2', '2026-07-01', '2026-09-30'],
    ['2026-12-31', '2026-27 Q3', '2026-10-01', '2026-12-31'],
    ['2027-01-01', '2026-27 Q4', '2027-01-01', '2027-03-31'],
    ['2027-03-31', '2026-27 Q4', '2027-01-01', '2027-03-31'],
    ['2027-04-01', '2027-28 Q1', '2027-04-01', '2027-06-30'],
  ])('%s is in %s (%s to %s)', (date, label, start, end) => {
    const q = financialQuarter(date);
    expect([q.label, q.start, q.end]).toEqual([label, start, end]);
  });

  test('the year label across a century', () => {
    expect(financialYearLabel(1999)).toBe('1999-00');
    expect(financialYearLabel(2009)).toBe('2009-10');
  });

  test('a date that is not real is refused', () => {
    expect(() => financialQuarter('2026-02-30')).toThrow();
  });

  test('quarters between two dates, inclusive', () => {
    expect(quartersBetween('2026-02-15', '2026-11-01').map((q) => q.label)).toEqual([
      '2025-26 Q4',
      '2026-27 Q1',
      '2026-27 Q2',
      '2026-27 Q3',
    ]);
    expect(quartersBetween('2026-05-01', '2026-05-02').map((q) => q.label)).toEqual(['2026-27 Q1']);
    expect(quartersBetween('2026-05-01', '2026-01-01')).toEqual([]);
  });

  test('every date lies within its quarter, and the next day is in the same or the next quarter', () => {
    const day = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('2000-01-01', n));
    fc.assert(
      fc.property(day, (date) => {
        const q = financialQuarter(date);
        expect(q.start <= date && date <= q.end).toBe(true);
        const next = financialQuarter(addDays(date, 1));
        expect(next.label === q.label || next.start === addDays(q.end, 1)).toBe(true);
      }),
      { seed: 20260401, numRuns: 300 },
    );
  });
});

describe('quarter keys', () => {
  test('a key is the label with a hyphen, and reads back as its quarter', () => {
    expect(quarterKeyOf('2027-01-15')).toBe('2026-27-Q4');
    expect(parseQuarterKey('2026-27-Q4')).toMatchObject({ start: '2027-01-01', end: '2027-03-31' });
    expect(parseQuarterKey('1999-00-Q2')?.label).toBe('1999-00 Q2');
  });

  test.each([
    '2026-Q1',
    '2026-28-Q1',
    '2026-27-Q5',
    '2026-27 Q1',
    'Q1-2026',
    '9999-00-Q4',
    '9999-00-Q1',
    '0000-01-Q1',
  ])('%s is not a quarter key', (key) => {
    expect(parseQuarterKey(key)).toBeUndefined();
    expect(quarterKeySchema.safeParse(key).success).toBe(false);
  });

  test('keys sort as text in the order of time', () => {
    const day = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('2000-01-01', n));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [ka, kb] = [quarterKeyOf(a), quarterKeyOf(b)];
        if (a <= b) expect(ka <= kb).toBe(true);
        else expect(ka >= kb).toBe(true);
      }),
      { seed: 20260402, numRuns: 300 },
    );
  });

  test('quarters from one key to another, inclusive', () => {
    expect(quartersFromTo('2025-26-Q4', '2026-27-Q2').map((q) => q.label)).toEqual([
      '2025-26 Q4',
      '2026-27 Q1',
      '2026-27 Q2',
    ]);
    expect(quartersFromTo('2026-27-Q2', '2026-27-Q1')).toEqual([]);
    expect(quartersFromTo('nonsense', '2026-27-Q1')).toEqual([]);
  });
});
