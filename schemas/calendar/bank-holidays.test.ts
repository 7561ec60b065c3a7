import { describe, expect, it } from 'vitest';
import {
  FIRST_COVERED_DATE,
  FIRST_COVERED_YEAR,
  LAST_COVERED_DATE,
  LAST_COVERED_YEAR,
  OutsideCoveredYearsError,
  assertCoveredDate,
  bankHolidaysOf,
  easterSunday,
  isBankHoliday,
  isCoveredDate,
} from './bank-holidays';
import type { BankHoliday } from './bank-holidays';
import { InvalidCalendarDateError } from './dates';

type Row = readonly [date: string, name: string, substitute?: 'substitute'];

const NEW_YEAR = 'New Year’s Day';
const GOOD_FRIDAY = 'Good Friday';
const EASTER_MONDAY = 'Easter Monday';
const EARLY_MAY = 'Early May bank holiday';
const SPRING = 'Spring bank holiday';
const SUMMER = 'Summer bank holiday';
const CHRISTMAS = 'Christmas Day';
const BOXING = 'Boxing Day';

// England and Wales lists as published on GOV.UK (bank-holidays.json, division
// england-and-wales), written out by hand so the rules are checked against independent data.
const PUBLISHED: Readonly<Record<number, readonly Row[]>> = {
  2015: [
    ['2015-01-01', NEW_YEAR],
    ['2015-04-03', GOOD_FRIDAY],
    ['2015-04-06', EASTER_MONDAY],
    ['2015-05-04', EARLY_MAY],
    ['2015-05-25', SPRING],
    ['2015-08-31', SUMMER],
    ['2015-12-25', CHRISTMAS],
    ['2015-12-28', BOXING, 'substitute'],
  ],
  2016: [
    ['2016-01-01', NEW_YEAR],
    ['2016-03-25', GOOD_FRIDAY],
    ['2016-03-28', EASTER_MONDAY],
    ['2016-05-02', EARLY_MAY],
    ['2016-05-30', SPRING],
    ['2016-08-29', SUMMER],
    ['2016-12-26', BOXING],
    ['2016-12-27', CHRISTMAS, 'substitute'],
  ],
  2017: [
    ['2017-01-02', NEW_YEAR, 'substitute'],
    ['2017-04-14', GOOD_FRIDAY],
    ['2017-04-17', EASTER_MONDAY],
    ['2017-05-01', EARLY_MAY],
    ['2017-05-29', SPRING],
    ['2017-08-28', SUMMER],
    ['2017-12-25', CHRISTMAS],
    ['2017-12-26', BOXING],
  ],
  2018: [
    ['2018-01-01', NEW_YEAR],
    ['2018-03-30', GOOD_FRIDAY],
    ['2018-04-02', EASTER_MONDAY],
    ['2018-05-07', EARLY_MAY],
    ['2018-05-28', SPRING],
    ['2018-08-27', SUMMER],
    ['2018-12-25', CHRISTMAS],
    ['2018-12-26', BOXING],
  ],
  2019: [
    ['2019-01-01', NEW_YEAR],
    ['2019-04-19', GOOD_FRIDAY],
    ['2019-04-22', EASTER_MONDAY],
    ['2019-05-06', EARLY_MAY],
    ['2019-05-27', SPRING],
    ['2019-08-26', SUMMER],
    ['2019-12-25', CHRISTMAS],
    ['2019-12-26', BOXING],
  ],
  2020: [
    ['2020-01-01', NEW_YEAR],
    ['2020-04-10', GOOD_FRIDAY],
    ['2020-04-13', EASTER_MONDAY],
    ['2020-05-08', 'Early May bank holiday (VE day)'],
    ['2020-05-25', SPRING],
    ['2020-08-31', SUMMER],
    ['2020-12-25', CHRISTMAS],
    ['2020-12-28', BOXING, 'substitute'],
  ],
  2021: [
    ['2021-01-01', NEW_YEAR],
    ['2021-04-02', GOOD_FRIDAY],
    ['2021-04-05', EASTER_MONDAY],
    ['2021-05-03', EARLY_MAY],
    ['2021-05-31', SPRING],
    ['2021-08-30', SUMMER],
    ['2021-12-27', CHRISTMAS, 'substitute'],
    ['2021-12-28', BOXING, 'substitute'],
  ],
  2022: [
    ['2022-01-03', NEW_YEAR, 'substitute'],
    ['2022-04-15', GOOD_FRIDAY],
    ['2022-04-18', EASTER_MONDAY],
    ['2022-05-02', EARLY_MAY],
    ['2022-06-02', SPRING],
    ['2022-06-03', 'Platinum Jubilee bank holiday'],
    ['2022-08-29', SUMMER],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ['2022-12-26', BOXING],
    ['2022-12-27', CHRISTMAS, 'substitute'],
  ],
  2023: [
    ['2023-01-02', NEW_YEAR, 'substitute'],
    ['2023-04-07', GOOD_FRIDAY],
    ['2023-04-10', EASTER_MONDAY],
    ['2023-05-01', EARLY_MAY],
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
    ['2023-05-29', SPRING],
    ['2023-08-28', SUMMER],
    ['2023-12-25', CHRISTMAS],
    ['2023-12-26', BOXING],
  ],
  2024: [
    ['2024-01-01', NEW_YEAR],
    ['2024-03-29', GOOD_FRIDAY],
    ['2024-04-01', EASTER_MONDAY],
    ['2024-05-06', EARLY_MAY],
    ['2024-05-27', SPRING],
    ['2024-08-26', SUMMER],
    ['2024-12-25', CHRISTMAS],
    ['2024-12-26', BOXING],
  ],
  2025: [
    ['2025-01-01', NEW_YEAR],
    ['2025-04-18', GOOD_FRIDAY],
    ['2025-04-21', EASTER_MONDAY],
    ['2025-05-05', EARLY_MAY],
    ['2025-05-26', SPRING],
    ['2025-08-25', SUMMER],
    ['2025-12-25', CHRISTMAS],
    ['2025-12-26', BOXING],
  ],
  2026: [
    ['2026-01-01', NEW_YEAR],
    ['2026-04-03', GOOD_FRIDAY],
    ['2026-04-06', EASTER_MONDAY],
    ['2026-05-04', EARLY_MAY],
    ['2026-05-25', SPRING],
    ['2026-08-31', SUMMER],
    ['2026-12-25', CHRISTMAS],
    ['2026-12-28', BOXING, 'substitute'],
  ],
  2027: [
    ['2027-01-01', NEW_YEAR],
    ['2027-03-26', GOOD_FRIDAY],
    ['2027-03-29', EASTER_MONDAY],
    ['2027-05-03', EARLY_MAY],
    ['2027-05-31', SPRING],
    ['2027-08-30', SUMMER],
    ['2027-12-27', CHRISTMAS, 'substitute'],
    ['2027-12-28', BOXING, 'substitute'],
  ],
};

// Not yet published: worked out by hand from a perpetual calendar, so that the rules are still
// checked against something other than themselves. A one-off day proclaimed later will (rightly)
// break this table and should be added to the corrections in bank-holidays.ts.
const PROJECTED: Readonly<Record<number, readonly string[]>> = {
  2028: [
    '2028-01-03',
    '2028-04-14',
    '2028-04-17',
    '2028-05-01',
    '2028-05-29',
    '2028-08-28',
    '2028-12-25',
    '2028-12-26',
  ],
  2029: [
    '2029-01-01',
    '2029-03-30',
    '2029-04-02',
    '2029-05-07',
    '2029-05-28',
    '2029-08-27',
    '2029-12-25',
    '2029-12-26',
  ],
  2030: [
    '2030-01-01',
    '2030-04-19',
    '2030-04-22',
    '2030-05-06',
    '2030-05-27',
    '2030-08-26',
    '2030-12-25',
    '2030-12-26',
  ],
  2031: [
    '2031-01-01',
    '2031-04-11',
    '2031-04-14',
    '2031-05-05',
    '2031-05-26',
    '2031-08-25',
    '2031-12-25',
    '2031-12-26',
  ],
  2032: [
    '2032-01-01',
    '2032-03-26',
    '2032-03-29',
    '2032-05-03',
    '2032-05-31',
    '2032-08-30',
    '2032-12-27',
    '2032-12-28',
  ],
  2033: [
    '2033-01-03',
    '2033-04-15',
    '2033-04-18',
    '2033-05-02',
    '2033-05-30',
    '2033-08-29',
    '2033-12-26',
    '2033-12-27',
  ],
  2034: [
    '2034-01-02',
    '2034-04-07',
    '2034-04-10',
    '2034-05-01',
    '2034-05-29',
    '2034-08-28',
    '2034-12-25',
    '2034-12-26',
  ],
  2035: [
    '2035-01-01',
    '2035-03-23',
    '2035-03-26',
    '2035-05-07',
    '2035-05-28',
    '2035-08-27',
    '2035-12-25',
    '2035-12-26',
  ],
};

const EASTER_SUNDAYS: Readonly<Record<number, string>> = {
  2015: '2015-04-05',
  2016: '2016-03-27',
  2017: '2017-04-16',
  2018: '2018-04-01',
  2019: '2019-04-21',
  2020: '2020-04-12',
  2021: '2021-04-04',
  2022: '2022-04-17',
  2023: '2023-04-09',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
  2031: '2031-04-13',
  2032: '2032-03-28',
  2033: '2033-04-17',
  2034: '2034-04-09',
  2035: '2035-03-25',
};

const rowsOf = (holidays: readonly BankHoliday[]): Row[] =>
  holidays.map((h) => (h.substitute ? [h.date, h.name, 'substitute'] : [h.date, h.name]));

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

const coveredYears = Array.from(
  { length: LAST_COVERED_YEAR - FIRST_COVERED_YEAR + 1 },
  (_, i) => FIRST_COVERED_YEAR + i,
);

describe('covered range', () => {
  it('is 2015 to 2035', () => {
    expect([FIRST_COVERED_YEAR, LAST_COVERED_YEAR]).toEqual([2015, 2035]);
    expect([FIRST_COVERED_DATE, LAST_COVERED_DATE]).toEqual(['2015-01-01', '2035-12-31']);
  });

  it('has a table of expected holidays for every covered year', () => {
    const tabled = [...Object.keys(PUBLISHED), ...Object.keys(PROJECTED)].map(Number);
    expect(tabled).toEqual(coveredYears);
  });

  it.each(['2015-01-01', '2035-12-31', '2026-06-15'])('covers %s', (date) => {
    expect(isCoveredDate(date)).toBe(true);
    expect(() => assertCoveredDate(date)).not.toThrow();
  });

  it.each(['2014-12-31', '2036-01-01', '1999-06-01'])(
    'refuses %s with the covered range',
    (date) => {
      expect(isCoveredDate(date)).toBe(false);
      expect(() => isBankHoliday(date)).toThrow(OutsideCoveredYearsError);
      expect(() => isBankHoliday(date)).toThrow(RangeError);
      expect(() => isBankHoliday(date)).toThrow(
        `Dates from 2015-01-01 to 2035-12-31 are covered; ${date} is outside them, so its bank holidays are not known`,
      );
    },
  );

  it('gives the error a stable name and code', () => {
    try {
      assertCoveredDate('2036-01-02');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OutsideCoveredYearsError);
      expect((error as OutsideCoveredYearsError).name).toBe('OutsideCoveredYearsError');
      expect((error as OutsideCoveredYearsError).code).toBe('outside-covered-years');
    }
  });

  it.each([2014, 2036])('refuses to list the holidays of %i', (year) => {
    expect(() => bankHolidaysOf(year)).toThrow(OutsideCoveredYearsError);
    expect(() => bankHolidaysOf(year)).toThrow(
      `Bank holidays are known for 2015 to 2035; ${year} is outside them`,
    );
  });

  it('throws on a malformed date rather than answering', () => {
    expect(() => isBankHoliday('2026-02-30')).toThrow(InvalidCalendarDateError);
    expect(() => isBankHoliday('25/12/2026')).toThrow(InvalidCalendarDateError);
  });
});

describe('published GOV.UK lists', () => {
  it.each(Object.entries(PUBLISHED))('%s matches, with names and substitute days', (year, rows) => {
    expect(rowsOf(bankHolidaysOf(Number(year)))).toEqual(rows);
  });

  it.each(Object.entries(PUBLISHED))('isBankHoliday is true on each day of %s', (_, rows) => {
    for (const [date] of rows) expect(isBankHoliday(date)).toBe(true);
  });
});

describe('projected lists', () => {
  it.each(Object.entries(PROJECTED))('%s matches the hand-worked dates', (year, dates) => {
    expect(bankHolidaysOf(Number(year)).map((h) => h.date)).toEqual(dates);
  });
});

describe('Easter', () => {
  it.each(Object.entries(EASTER_SUNDAYS))('Easter Sunday %s is %s', (year, date) => {
    expect(easterSunday(Number(year))).toBe(date);
  });

  it.each([
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('gets the outlying year %i right (%s)', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('is always a Sunday from 22 March to 25 April', () => {
    for (let year = 1583; year <= 3000; year += 1) {
      const date = easterSunday(year);
      expect(weekdayOf(date)).toBe(0);
      expect(date.slice(5) >= '03-22' && date.slice(5) <= '04-25').toBe(true);
    }
  });

  it('refuses years before the Gregorian calendar', () => {
    expect(() => easterSunday(1582)).toThrow(
      'Easter is computed for Gregorian years 1583 to 9999; got 1582',
    );
  });
});

describe('every covered year', () => {
  it.each(coveredYears)('%i: holidays are weekdays, in order, once each, in the year', (year) => {
    const holidays = bankHolidaysOf(year);
    const dates = holidays.map((h) => h.date);
    expect(holidays.length).toBe(year === 2022 ? 10 : year === 2023 ? 9 : 8);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    for (const date of dates) {
      expect(date.startsWith(`${year}-`)).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(weekdayOf(date));
    }
  });

  it.each(coveredYears)('%i: Christmas Eve is not a bank holiday', (year) => {
    expect(isBankHoliday(`${year}-12-24`)).toBe(false);
  });

  it('hands out lists that cannot be changed by a caller', () => {
    const list = bankHolidaysOf(2026) as BankHoliday[];
    expect(() => list.push({ date: '2026-06-01', name: 'x', substitute: false })).toThrow(
      TypeError,
    );
    expect(() => {
      (list[0] as { date: string }).date = '2026-06-01';
    }).toThrow(TypeError);
    expect(isBankHoliday('2026-06-01')).toBe(false);
  });
});

describe('isBankHoliday on ordinary days', () => {
  it.each([
    ['2026-01-02', false],
    ['2025-12-24', false],
    ['2026-12-26', false],
    ['2026-12-28', true],
    ['2020-05-04', false],
    ['2020-05-08', true],
    ['2022-05-30', false],
    ['2022-06-02', true],
    ['2023-05-08', true],
    ['2021-12-25', false],
    ['2021-12-27', true],
  ])('%s is a bank holiday: %s', (date, expected) => {
    expect(isBankHoliday(date)).toBe(expected);
  });
});
