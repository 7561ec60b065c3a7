// Recurring expectations of the programme ("each CP chair: two peer observations a year", "each
// senior manager: one frontline observation a quarter", "each practice group: one audit a month")
// and the due dates they generate across a financial year (1 April to 31 March).
import { z } from 'zod';
import { daysInMonth } from '../calendar/dates';
import { observationKindSchema } from '../entities/observation-kind';

export const expectationFrequencySchema = z.enum(['month', 'quarter', 'year']);
export type ExpectationFrequency = z.infer<typeof expectationFrequencySchema>;

export const expectationSchema = z.strictObject({
  kind: observationKindSchema,
  /** How many in each period. */
  count: z.number().int().min(1).max(12),
  per: expectationFrequencySchema,
});
export type Expectation = z.infer<typeof expectationSchema>;

const MONTHS_IN: Record<ExpectationFrequency, number> = { month: 1, quarter: 3, year: 12 };

/** The last day of a month (1-12), as a calendar date. */
export function monthEnd(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/** Calendar year and month of the n-th month (1-12) of the financial year starting in April. */
export function financialMonth(startYear: number, n: number): { year: number; month: number } {
  const m = n + 3; // April is the first
  return m > 12 ? { year: startYear + 1, month: m - 12 } : { year: startYear, month: m };
}

/** The financial year a date falls in, by the year it starts. */
export function financialYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
}

export function financialYearBounds(startYear: number): { from: string; to: string } {
  return { from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` };
}

/**
 * The due dates one expectation generates in the financial year starting in April of
 * `startYear`, in order. Each period (month, quarter or year) holds `count` of them, spread evenly
 * through it, each due at the end of a month: the k-th of n in a period of P months is due at the
 * end of its month ⌈k·P/n⌉, so the last always falls on the period's final day ("two a year" is
 * due by 30 September and 31 March; "one a quarter" by 30 June, 30 September, 31 December and
 * 31 March; "one a month" on each month's last day, 28 or 29 February included).
 */
export function expectationDueDates(expectation: Expectation, startYear: number): string[] {
  const months = MONTHS_IN[expectation.per];
  const out: string[] = [];
  for (let period = 0; period < 12 / months; period++) {
    for (let k = 1; k <= expectation.count; k++) {
      const n = period * months + Math.ceil((k * months) / expectation.count);
      const { year, month } = financialMonth(startYear, n);
      out.push(monthEnd(year, month));
    }
  }
  return out;
}
