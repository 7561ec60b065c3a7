import { z } from 'zod';

// Civil calendar dates as `YYYY-MM-DD` strings. Statutory timescales count days in the English
// calendar, never instants, so everything here is integer day arithmetic: no Date objects, no time
// zones, and no daylight-saving hour that could push a date across midnight.

export const CALENDAR_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const CALENDAR_DATE_MESSAGE = 'Enter a real date in the format YYYY-MM-DD, like 2026-01-14';

// Year 0 does not exist in the civil calendar, and five-digit years cannot be written as YYYY.
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

export type CalendarDateParts = { year: number; month: number; day: number };

export class InvalidCalendarDateError extends Error {
  override readonly name = 'InvalidCalendarDateError';
  readonly code = 'invalid-calendar-date';
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`A month is a whole number from 1 to 12; got ${month}`);
  }
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
}

function partsAreReal({ year, month, day }: CalendarDateParts): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function splitDate(value: string): CalendarDateParts | undefined {
  if (!CALENDAR_DATE_PATTERN.test(value)) return undefined;
  const parts = {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  };
  return partsAreReal(parts) ? parts : undefined;
}

export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && splitDate(value) !== undefined;
}

export function parseCalendarDate(value: string): CalendarDateParts {
  if (typeof value !== 'string') {
    throw new InvalidCalendarDateError(
      `Expected a date written as YYYY-MM-DD, like 2026-01-14; got a ${typeof value}`,
    );
  }
  const parts = splitDate(value);
  if (parts === undefined) {
    throw new InvalidCalendarDateError(
      `"${value}" is not a real date written as YYYY-MM-DD, like 2026-01-14`,
    );
  }
  return parts;
}

export function formatCalendarDate(parts: CalendarDateParts): string {
  if (!partsAreReal(parts)) {
    throw new InvalidCalendarDateError(
      `Year ${parts.year}, month ${parts.month}, day ${parts.day} is not a real date from year 0001 to 9999`,
    );
  }
  const { year, month, day } = parts;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Day numbers count days from 1970-01-01 (day 0) in the proleptic Gregorian calendar, using
// Howard Hinnant's days_from_civil. Plain integers avoid Date.UTC, which silently maps years 0-99
// to 1900-1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(dayNumber: number): CalendarDateParts {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const MIN_DAY_NUMBER = daysFromCivil(MIN_YEAR, 1, 1);
const MAX_DAY_NUMBER = daysFromCivil(MAX_YEAR, 12, 31);

export function toDayNumber(date: string): number {
  const { year, month, day } = parseCalendarDate(date);
  return daysFromCivil(year, month, day);
}

export function fromDayNumber(dayNumber: number): string {
  if (!Number.isInteger(dayNumber) || dayNumber < MIN_DAY_NUMBER || dayNumber > MAX_DAY_NUMBER) {
    throw new RangeError(
      `Day number ${dayNumber} is not a whole day between 0001-01-01 and 9999-12-31`,
    );
  }
  return formatCalendarDate(civilFromDays(dayNumber));
}

function assertWholeNumber(what: string, n: number): void {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`The number of ${what} must be a whole number; got ${n}`);
  }
}

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export function dayOfWeek(date: string): number {
  // Day 0, 1970-01-01, was a Thursday (ISO 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(date: string): boolean {
  return dayOfWeek(date) >= 6;
}

export function addDays(date: string, days: number): string {
  assertWholeNumber('days', days);
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Adds calendar months. A day that does not exist in the target month becomes that month's last
 * day (31 March + 3 months = 30 June), so "within 3 months" never overshoots into the next month.
 */
export function addMonths(date: string, months: number): string {
  assertWholeNumber('months', months);
  const { year, month, day } = parseCalendarDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < MIN_YEAR || targetYear > MAX_YEAR) {
    throw new RangeError(`${date} plus ${months} months is outside the years 0001 to 9999`);
  }
  return formatCalendarDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/** Negative when a is earlier than b, 0 when they are the same day, positive when later. */
export function compareDates(a: string, b: string): number {
  return Math.sign(toDayNumber(a) - toDayNumber(b));
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

export const calendarDateSchema = z
  .string({ error: CALENDAR_DATE_MESSAGE })
  .regex(CALENDAR_DATE_PATTERN, { error: CALENDAR_DATE_MESSAGE, abort: true })
  .refine(isCalendarDate, { error: CALENDAR_DATE_MESSAGE, abort: true });
