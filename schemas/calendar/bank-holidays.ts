import { addDays, dayOfWeek, formatCalendarDate, parseCalendarDate, toDayNumber } from './dates';

// England and Wales bank holidays, computed by rule and then corrected by the days that were moved
// or added by royal proclamation. GOV.UK publishes the list (bank-holidays.json, division
// england-and-wales), but tablets are often offline, so the list is built into the app. Beyond the
// last covered year nobody knows which one-off days will be proclaimed, so dates there are refused
// rather than guessed: extend the range, and the corrections below, in a release.

export const FIRST_COVERED_YEAR = 2015;
export const LAST_COVERED_YEAR = 2035;
export const FIRST_COVERED_DATE = `${FIRST_COVERED_YEAR}-01-01`;
export const LAST_COVERED_DATE = `${LAST_COVERED_YEAR}-12-31`;

export class OutsideCoveredYearsError extends RangeError {
  override readonly name = 'OutsideCoveredYearsError';
  readonly code = 'outside-covered-years';
}

export function coveredRangeText(): string {
  return `Dates from ${FIRST_COVERED_DATE} to ${LAST_COVERED_DATE} are covered`;
}

export function isCoveredDate(date: string): boolean {
  const year = parseCalendarDate(date).year;
  return year >= FIRST_COVERED_YEAR && year <= LAST_COVERED_YEAR;
}

/** Throws InvalidCalendarDateError for a malformed date, OutsideCoveredYearsError outside. */
export function assertCoveredDate(date: string): void {
  if (!isCoveredDate(date)) {
    throw new OutsideCoveredYearsError(
      `${coveredRangeText()}; ${date} is outside them, so its bank holidays are not known`,
    );
  }
}

export type BankHoliday = {
  readonly date: string;
  readonly name: string;
  /** True for a day taken in place of a holiday that fell at a weekend. */
  readonly substitute: boolean;
};

/** Easter Sunday in the Gregorian calendar (the anonymous, or Meeus/Jones/Butcher, computus). */
export function easterSunday(year: number): string {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Easter is computed for Gregorian years 1583 to 9999; got ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatCalendarDate({ year, month, day });
}

const MONDAY = 1;

function firstMonday(year: number, month: number): string {
  const first = formatCalendarDate({ year, month, day: 1 });
  return addDays(first, (MONDAY - dayOfWeek(first) + 7) % 7);
}

function lastMonday(year: number, month: number): string {
  const nextMonthFirst =
    month === 12
      ? formatCalendarDate({ year: year + 1, month: 1, day: 1 })
      : formatCalendarDate({ year, month: month + 1, day: 1 });
  const last = addDays(nextMonthFirst, -1);
  return addDays(last, -((dayOfWeek(last) - MONDAY + 7) % 7));
}

const isWeekday = (date: string): boolean => dayOfWeek(date) <= 5;

function newYearsDay(year: number): BankHoliday {
  const actual = formatCalendarDate({ year, month: 1, day: 1 });
  if (isWeekday(actual)) return { date: actual, name: 'New Year’s Day', substitute: false };
  // 1 January on a Saturday or Sunday is replaced by the Monday after it.
  return { date: firstMonday(year, 1), name: 'New Year’s Day', substitute: true };
}

// Christmas Day and Boxing Day each take their own day if it is a weekday; otherwise each takes
// the first weekday from 27 December that the other has not taken. That single rule gives all the
// published cases: 25th a Saturday -> Mon 27th and Tue 28th; a Sunday -> Mon 26th and Tue 27th
// (Christmas substitute); 26th a Saturday -> Mon 28th.
function christmasHolidays(year: number): BankHoliday[] {
  const taken = new Set<string>();
  const holidays: BankHoliday[] = [];
  for (const [day, name] of [
    [25, 'Christmas Day'],
    [26, 'Boxing Day'],
  ] as const) {
    const actual = formatCalendarDate({ year, month: 12, day });
    let date = actual;
    if (!isWeekday(actual)) {
      date = formatCalendarDate({ year, month: 12, day: 27 });
      while (!isWeekday(date) || taken.has(date)) date = addDays(date, 1);
    }
    taken.add(date);
    holidays.push({ date, name, substitute: date !== actual });
  }
  return holidays;
}

function ruledHolidays(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  return [
    newYearsDay(year),
    { date: addDays(easter, -2), name: 'Good Friday', substitute: false },
    { date: addDays(easter, 1), name: 'Easter Monday', substitute: false },
    { date: firstMonday(year, 5), name: 'Early May bank holiday', substitute: false },
    { date: lastMonday(year, 5), name: 'Spring bank holiday', substitute: false },
    { date: lastMonday(year, 8), name: 'Summer bank holiday', substitute: false },
    ...christmasHolidays(year),
  ];
}

// Days moved or added by royal proclamation, as published on GOV.UK. A newly announced one-off
// day is one more line here, shipped in a release.
const MOVED_HOLIDAYS: readonly { from: string; to: string; name: string }[] = [
  { from: '2020-05-04', to: '2020-05-08', name: 'Early May bank holiday (VE day)' },
  { from: '2022-05-30', to: '2022-06-02', name: 'Spring bank holiday' },
];

const ADDED_HOLIDAYS: readonly BankHoliday[] = [
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday', substitute: false },
  {
    date: '2022-09-19',
    name: 'Bank Holiday for the State Funeral of Queen Elizabeth II',
    substitute: false,
  },
  {
    date: '2023-05-08',
    name: 'Bank holiday for the coronation of King Charles III',
    substitute: false,
  },
];

function holidaysOf(year: number): BankHoliday[] {
  const holidays = ruledHolidays(year).map((holiday) => {
    const move = MOVED_HOLIDAYS.find((m) => m.from === holiday.date);
    return move ? { date: move.to, name: move.name, substitute: false } : holiday;
  });
  for (const added of ADDED_HOLIDAYS) {
    if (parseCalendarDate(added.date).year === year) holidays.push(added);
  }
  return holidays.sort((a, b) => toDayNumber(a.date) - toDayNumber(b.date));
}

const HOLIDAYS_BY_YEAR: ReadonlyMap<number, readonly BankHoliday[]> = (() => {
  const byYear = new Map<number, readonly BankHoliday[]>();
  for (let year = FIRST_COVERED_YEAR; year <= LAST_COVERED_YEAR; year += 1) {
    byYear.set(year, Object.freeze(holidaysOf(year).map((h) => Object.freeze(h))));
  }
  return byYear;
})();

const HOLIDAY_DATES: ReadonlySet<string> = new Set(
  [...HOLIDAYS_BY_YEAR.values()].flatMap((holidays) => holidays.map((h) => h.date)),
);

// A correction that no longer matches a ruled day would silently do nothing; fail loudly instead.
for (const move of MOVED_HOLIDAYS) {
  if (HOLIDAY_DATES.has(move.from) || !HOLIDAY_DATES.has(move.to)) {
    throw new Error(`The bank holiday move from ${move.from} to ${move.to} did not apply`);
  }
}

/** The bank holidays of one covered year, in date order. */
export function bankHolidaysOf(year: number): readonly BankHoliday[] {
  const holidays = HOLIDAYS_BY_YEAR.get(year);
  if (holidays === undefined) {
    throw new OutsideCoveredYearsError(
      `Bank holidays are known for ${FIRST_COVERED_YEAR} to ${LAST_COVERED_YEAR}; ${year} is outside them`,
    );
  }
  return holidays;
}

export function isBankHoliday(date: string): boolean {
  assertCoveredDate(date);
  return HOLIDAY_DATES.has(date);
}
