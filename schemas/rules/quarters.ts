import { z } from 'zod';
import { formatCalendarDate, parseCalendarDate } from '../calendar/dates';

// English local authorities report by financial year, April to March: Q1 is April to June and
// Q4 is January to March of the following calendar year. 2026-27 Q4 is January-March 2027.

export type FinancialQuarter = {
  /** Calendar year the financial year starts in: 2026 for 2026-27. */
  startYear: number;
  quarter: 1 | 2 | 3 | 4;
  /** `2026-27 Q1`, for display and as a stable sortable key. */
  label: string;
  /** First and last calendar dates of the quarter. */
  start: string;
  end: string;
};

const QUARTER_END_DAY: Record<1 | 2 | 3 | 4, number> = { 1: 30, 2: 30, 3: 31, 4: 31 };

export function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function quarterOf(startYear: number, quarter: 1 | 2 | 3 | 4): FinancialQuarter {
  const startMonth = [4, 7, 10, 1][quarter - 1] as number;
  const year = quarter === 4 ? startYear + 1 : startYear;
  return {
    startYear,
    quarter,
    label: `${financialYearLabel(startYear)} Q${quarter}`,
    start: formatCalendarDate({ year, month: startMonth, day: 1 }),
    end: formatCalendarDate({ year, month: startMonth + 2, day: QUARTER_END_DAY[quarter] }),
  };
}

/** The financial quarter a `YYYY-MM-DD` date falls in. */
export function financialQuarter(date: string): FinancialQuarter {
  const { year, month } = parseCalendarDate(date);
  const startYear = month >= 4 ? year : year - 1;
  const quarter = (Math.floor((((month - 4 + 12) % 12) as number) / 3) + 1) as 1 | 2 | 3 | 4;
  return quarterOf(startYear, quarter);
}

function next(q: FinancialQuarter): FinancialQuarter {
  return q.quarter === 4
    ? quarterOf(q.startYear + 1, 1)
    : quarterOf(q.startYear, (q.quarter + 1) as 2 | 3 | 4);
}

/** Every quarter from the one containing `from` to the one containing `to`, inclusive. */
export function quartersBetween(from: string, to: string): FinancialQuarter[] {
  const last = financialQuarter(to);
  const out: FinancialQuarter[] = [];
  for (let q = financialQuarter(from); q.start <= last.start; q = next(q)) out.push(q);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Quarter keys: `2026-27-Q1`, the label with a hyphen, so it travels in a URL, sorts as text in
// the order of time (on both database engines) and cannot be mistaken for a calendar quarter.

export const QUARTER_KEY_PATTERN = /^(\d{4})-(\d{2})-Q([1-4])$/;

export const QUARTER_KEY_MESSAGE =
  'Enter a financial quarter like 2026-27-Q1 (April to June 2026); Q4 is January to March';

export function quarterKey(q: Pick<FinancialQuarter, 'startYear' | 'quarter'>): string {
  return `${financialYearLabel(q.startYear)}-Q${q.quarter}`;
}

/** The quarter a key names, or undefined when it is not a key (e.g. `2026-28-Q1`). */
export function parseQuarterKey(key: string): FinancialQuarter | undefined {
  const m = QUARTER_KEY_PATTERN.exec(key);
  if (!m) return undefined;
  const startYear = Number(m[1]);
  // The last financial year whose every quarter is a calendar date (9998-99 Q4 ends in 9999).
  if (startYear < 1 || startYear > 9998) return undefined;
  if (financialYearLabel(startYear) !== `${m[1]}-${m[2]}`) return undefined;
  return quarterOf(startYear, Number(m[3]) as 1 | 2 | 3 | 4);
}

export const quarterKeySchema = z
  .string({ error: QUARTER_KEY_MESSAGE })
  .refine((key) => parseQuarterKey(key) !== undefined, { error: QUARTER_KEY_MESSAGE });

/** The key of the quarter a `YYYY-MM-DD` date falls in. */
export function quarterKeyOf(date: string): string {
  return quarterKey(financialQuarter(date));
}

/** Every quarter from one key to another, inclusive; empty when `to` is before `from`. */
export function quartersFromTo(from: string, to: string): FinancialQuarter[] {
  const a = parseQuarterKey(from);
  const b = parseQuarterKey(to);
  if (!a || !b) return [];
  return quartersBetween(a.start, b.start);
}
