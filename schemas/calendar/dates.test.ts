import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_DATE_MESSAGE,
  InvalidCalendarDateError,
  addDays,
  addMonths,
  calendarDateSchema,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  formatCalendarDate,
  fromDayNumber,
  isCalendarDate,
  isLeapYear,
  isWeekend,
  parseCalendarDate,
  toDayNumber,
} from './dates';

const FC = { seed: 42, numRuns: 500 } as const;
const MS_PER_DAY = 86_400_000;

// The built-in Date is the independent oracle here. It is only trusted from year 100 on, because
// Date.UTC maps years 0-99 to 1900-1999.
const viaDate = (date: string): Date => new Date(`${date}T00:00:00Z`);
const isoFromDate = (d: Date): string => d.toISOString().slice(0, 10);

const dayNumberArb = fc.integer({ min: toDayNumber('0100-01-01'), max: toDayNumber('9999-12-31') });
const dateArb = dayNumberArb.map(fromDayNumber);

describe('parseCalendarDate and isCalendarDate', () => {
  it.each([
    ['2026-01-14', { year: 2026, month: 1, day: 14 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['0001-01-01', { year: 1, month: 1, day: 1 }],
    ['9999-12-31', { year: 9999, month: 12, day: 31 }],
    ['2025-04-30', { year: 2025, month: 4, day: 30 }],
  ])('accepts %s', (text, parts) => {
    expect(parseCalendarDate(text)).toEqual(parts);
    expect(isCalendarDate(text)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '0000-01-01',
    '2026-1-5',
    '26-01-05',
    ' 2026-01-05',
    '2026-01-05 ',
    '2026-01-05T00:00:00Z',
    '2026/01/05',
    '+02026-01-05',
    '２０２６-01-05',
    '',
  ])('rejects %j with a clear error', (text) => {
    expect(isCalendarDate(text)).toBe(false);
    expect(() => parseCalendarDate(text)).toThrow(InvalidCalendarDateError);
    expect(() => parseCalendarDate(text)).toThrow(
      `"${text}" is not a real date written as YYYY-MM-DD, like 2026-01-14`,
    );
  });

  it('rejects values that are not strings', () => {
    expect(isCalendarDate(20260114)).toBe(false);
    expect(isCalendarDate(undefined)).toBe(false);
    expect(() => parseCalendarDate(20260114 as unknown as string)).toThrow(
      'Expected a date written as YYYY-MM-DD, like 2026-01-14; got a number',
    );
  });

  it('names the error so callers can tell it apart', () => {
    try {
      parseCalendarDate('2026-02-30');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCalendarDateError);
      expect((error as InvalidCalendarDateError).name).toBe('InvalidCalendarDateError');
      expect((error as InvalidCalendarDateError).code).toBe('invalid-calendar-date');
    }
  });

  it('agrees with the built-in Date on which strings are real dates', () => {
    const candidate = fc
      .tuple(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      );
    fc.assert(
      fc.property(candidate, (text) => {
        const d = viaDate(text);
        const real = !Number.isNaN(d.getTime()) && isoFromDate(d) === text;
        expect(isCalendarDate(text)).toBe(real);
      }),
      FC,
    );
  });
});

describe('leap years and month lengths', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])('isLeapYear(%i) is %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each([
    [2025, 2, 28],
    [2024, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
    [2026, 1, 31],
  ])('daysInMonth(%i, %i) is %i', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it('refuses a month that does not exist', () => {
    expect(() => daysInMonth(2026, 13)).toThrow('A month is a whole number from 1 to 12; got 13');
  });
});

describe('formatCalendarDate', () => {
  it('pads every part', () => {
    expect(formatCalendarDate({ year: 987, month: 3, day: 4 })).toBe('0987-03-04');
  });

  it('refuses parts that do not make a real date', () => {
    expect(() => formatCalendarDate({ year: 2026, month: 2, day: 30 })).toThrow(
      InvalidCalendarDateError,
    );
  });
});

describe('day numbers', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
    ['2026-01-14', 20_467],
  ])('%s is day %i', (date, n) => {
    expect(toDayNumber(date)).toBe(n);
    expect(fromDayNumber(n)).toBe(date);
  });

  it('agrees with the built-in Date', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(toDayNumber(date)).toBe(viaDate(date).getTime() / MS_PER_DAY);
      }),
      FC,
    );
  });

  it('round-trips over the whole of years 0001 to 9999', () => {
    const all = fc.integer({ min: toDayNumber('0001-01-01'), max: toDayNumber('9999-12-31') });
    fc.assert(
      fc.property(all, (n) => {
        expect(toDayNumber(fromDayNumber(n))).toBe(n);
      }),
      FC,
    );
  });

  it('refuses day numbers outside years 0001 to 9999 or not whole', () => {
    expect(() => fromDayNumber(toDayNumber('9999-12-31') + 1)).toThrow(RangeError);
    expect(() => fromDayNumber(toDayNumber('0001-01-01') - 1)).toThrow(RangeError);
    expect(() => fromDayNumber(1.5)).toThrow(RangeError);
  });
});

describe('dayOfWeek and isWeekend', () => {
  it.each([
    ['2026-01-12', 1],
    ['2026-01-14', 3],
    ['1970-01-01', 4],
    ['2025-12-19', 5],
    ['2000-01-01', 6],
    ['2026-02-28', 6],
    ['2025-12-28', 7],
    ['0001-01-01', 1],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(dayOfWeek(date)).toBe(weekday);
    expect(isWeekend(date)).toBe(weekday >= 6);
  });

  it('agrees with the built-in Date', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const sundayZero = viaDate(date).getUTCDay();
        expect(dayOfWeek(date)).toBe(sundayZero === 0 ? 7 : sundayZero);
      }),
      FC,
    );
  });

  it('throws on a malformed date', () => {
    expect(() => dayOfWeek('2026-02-30')).toThrow(InvalidCalendarDateError);
  });
});

describe('addDays', () => {
  it.each([
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2025-12-22', 28, '2026-01-19'],
    ['2026-01-14', 0, '2026-01-14'],
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('agrees with the built-in Date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('0200-01-01'), max: toDayNumber('9900-01-01') }),
        fc.integer({ min: -20_000, max: 20_000 }),
        (n, days) => {
          const date = fromDayNumber(n);
          const expected = isoFromDate(new Date(viaDate(date).getTime() + days * MS_PER_DAY));
          expect(addDays(date, days)).toBe(expected);
        },
      ),
      FC,
    );
  });

  it('refuses fractions and results beyond year 9999', () => {
    expect(() => addDays('2026-01-14', 1.5)).toThrow(
      'The number of days must be a whole number; got 1.5',
    );
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-03-31', 3, '2025-06-30'],
    ['2025-08-29', 6, '2026-02-28'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-11-15', 3, '2026-02-15'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-01-14', 0, '2026-01-14'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-14', -13, '2024-12-14'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it('lands in the right month, on the same day or the last day of a shorter month', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -1200, max: 1200 }), (date, months) => {
        fc.pre(toDayNumber(date) > toDayNumber('0300-01-01'));
        fc.pre(toDayNumber(date) < toDayNumber('9800-01-01'));
        const from = parseCalendarDate(date);
        const to = parseCalendarDate(addMonths(date, months));
        expect(to.year * 12 + to.month - (from.year * 12 + from.month)).toBe(months);
        expect(to.day).toBe(Math.min(from.day, daysInMonth(to.year, to.month)));
      }),
      FC,
    );
  });

  it('is not reversible after clamping, but never overshoots when reversed', () => {
    expect(addMonths(addMonths('2025-03-31', 3), -3)).toBe('2025-03-30');
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), (date, months) => {
        fc.pre(toDayNumber(date) < toDayNumber('9000-01-01'));
        const back = addMonths(addMonths(date, months), -months);
        expect(compareDates(back, date)).toBeLessThanOrEqual(0);
        if (parseCalendarDate(date).day <= 28) expect(back).toBe(date);
      }),
      FC,
    );
  });

  it('refuses fractions and results beyond year 9999', () => {
    expect(() => addMonths('2026-01-14', 0.5)).toThrow(
      'The number of months must be a whole number; got 0.5',
    );
    expect(() => addMonths('9999-12-01', 1)).toThrow(
      '9999-12-01 plus 1 months is outside the years 0001 to 9999',
    );
  });
});

describe('compareDates and daysBetween', () => {
  it('orders dates', () => {
    expect(compareDates('2026-01-14', '2026-01-15')).toBe(-1);
    expect(compareDates('2026-01-15', '2026-01-14')).toBe(1);
    expect(compareDates('2026-01-14', '2026-01-14')).toBe(0);
    expect(compareDates('2025-12-31', '2026-01-01')).toBe(-1);
  });

  it('counts calendar days', () => {
    expect(daysBetween('2026-02-28', '2026-03-02')).toBe(2);
    expect(daysBetween('2026-03-02', '2026-02-28')).toBe(-2);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('daysBetween undoes addDays and agrees with compareDates', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        fc.pre(toDayNumber(date) > toDayNumber('0200-01-01'));
        fc.pre(toDayNumber(date) < toDayNumber('9900-01-01'));
        const other = addDays(date, n);
        expect(daysBetween(date, other)).toBe(n);
        const expected = n > 0 ? -1 : n < 0 ? 1 : 0;
        expect(compareDates(date, other)).toBe(expected);
        expect(compareDates(other, date)).toBe(-expected || 0);
      }),
      FC,
    );
  });

  it('throws on a malformed date', () => {
    expect(() => daysBetween('2026-01-14', '2026-02-30')).toThrow(InvalidCalendarDateError);
    expect(() => compareDates('14/01/2026', '2026-01-14')).toThrow(InvalidCalendarDateError);
  });
});

describe('calendarDateSchema', () => {
  it('accepts a real date', () => {
    expect(calendarDateSchema.parse('2024-02-29')).toBe('2024-02-29');
  });

  it.each(['2026-02-30', '2026-1-5', '', 'tomorrow', 20260114, null, undefined])(
    'rejects %j with one clear message',
    (value) => {
      const result = calendarDateSchema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual([CALENDAR_DATE_MESSAGE]);
    },
  );

  it('says what to enter', () => {
    expect(CALENDAR_DATE_MESSAGE).toBe(
      'Enter a real date in the format YYYY-MM-DD, like 2026-01-14',
    );
  });
});
