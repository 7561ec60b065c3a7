import { z } from 'zod';
import { idSchema } from '../entities/common';
import type { ObservationKind } from '../entities/observation-kind';
import { quarterKeyOf, quartersFromTo } from '../rules/quarters';
import { londonDateOf } from '../calendar/london-time';
import type { ReportRecord } from './report-facts';

// The programme section of the quarterly report: how the observation and audit programme's
// assignments went, per financial quarter and practice group (an assignment belongs to the
// quarter of its due date). The server counts them in SQL straight from the assignment records;
// a tablet counts the same records here. Both read the raw fields the same way:
//
// - due: every assignment due in the quarter, whatever became of it;
// - exempted: a head of service exempted it (an exemption outranks completion, as in coverage);
// - done: finished (`completedAt`) and not exempted; done late: finished on a day (in
//   Europe/London) after the due date, so at 00:30 on the next day in summer time, 23:30 UTC, is
//   late;
// - overdue: neither finished nor exempted, and due before the report's day (`asOf`).
//
// A missing kind reads as frontline practice, as assignmentFromFields does.

const count = z.number().int().nonnegative();

export const programmeFiguresSchema = z.object({
  due: count,
  done: count,
  doneLate: count,
  overdue: count,
  exempted: count,
});
export type ProgrammeFigures = z.infer<typeof programmeFiguresSchema>;

export const programmeSectionSchema = z.object({
  /** One row per quarter and practice group (or service) that has assignments due. */
  rows: z.array(
    z.object({
      quarter: z.string(),
      serviceId: idSchema,
      scopeId: idSchema,
      figures: programmeFiguresSchema,
    }),
  ),
  /** Every quarter in the range, in order, empty ones included. */
  trend: z.array(z.object({ quarter: z.string(), figures: programmeFiguresSchema })),
  total: programmeFiguresSchema,
});
export type ProgrammeSection = z.infer<typeof programmeSectionSchema>;

/** One group's counts, as a GROUP BY returns them; additive, so duplicates of a key just add. */
export type AssignmentTally = { quarter: string; scopeId: string } & ProgrammeFigures;

export type AssignmentSelection = {
  from: string;
  to: string;
  scopeIds: readonly string[];
  kind: ObservationKind | null;
  asOf: string;
};

export const emptyProgrammeFigures = (): ProgrammeFigures => ({
  due: 0,
  done: 0,
  doneLate: 0,
  overdue: 0,
  exempted: 0,
});

/** The calendar dates a quarter range covers, inclusive; null for an empty range. */
export function dueDateRange(from: string, to: string): { start: string; end: string } | null {
  const quarters = quartersFromTo(from, to);
  if (quarters.length === 0) return null;
  return { start: quarters[0]!.start, end: quarters[quarters.length - 1]!.end };
}

/** The last Sunday of a month (1-12) of a year, `YYYY-MM-DD`: where British Summer Time turns. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

/**
 * For SQL, which has no time zones: the due dates whose following day starts in summer time (so
 * at 23:00 UTC on the due date), for every year a range of due dates touches. Clocks change at
 * 01:00 UTC on the last Sundays of March and October, so midnight starts a summer-time day from
 * the day after the March change to the October change itself: due dates from the March Sunday
 * to the day before the October one.
 */
export function summerTimeDueDates(range: {
  start: string;
  end: string;
}): { from: string; before: string }[] {
  const out: { from: string; before: string }[] = [];
  for (let y = Number(range.start.slice(0, 4)); y <= Number(range.end.slice(0, 4)); y++)
    out.push({ from: lastSunday(y, 3), before: lastSunday(y, 10) });
  return out;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The in-memory equivalent of the server's GROUP BY over assignment records. */
export function assignmentTallies(
  records: readonly ReportRecord[],
  s: AssignmentSelection,
): AssignmentTally[] {
  const range = dueDateRange(s.from, s.to);
  if (range === null) return [];
  return assignmentFiguresBetween(records, { ...s, ...range }, quarterKeyOf).map(
    ({ period, ...t }) => ({ quarter: period, ...t }),
  );
}

/**
 * The assignments due from `start` to `end` (inclusive), counted by the rules above per period
 * (`periodOf` a due date: its quarter, its month) and practice group: one counting for the
 * quarterly report and the monthly audit report.
 */
export function assignmentFiguresBetween(
  records: readonly ReportRecord[],
  s: Omit<AssignmentSelection, 'from' | 'to'> & { start: string; end: string },
  periodOf: (dueDate: string) => string,
): Array<{ period: string; scopeId: string } & ProgrammeFigures> {
  const scopes = new Set(s.scopeIds);
  const out = new Map<string, { period: string; scopeId: string } & ProgrammeFigures>();
  for (const r of records) {
    if (r.type !== 'assignment' || r.deleted || !scopes.has(r.scopeId)) continue;
    const due = text(r.fields['dueDate']);
    if (due === null || due < s.start || due > s.end) continue;
    if (s.kind !== null && (text(r.fields['kind']) ?? 'frontline-practice') !== s.kind) continue;
    const period = periodOf(due);
    const key = `${period}|${r.scopeId}`;
    let row = out.get(key);
    if (!row) {
      row = { period, scopeId: r.scopeId, ...emptyProgrammeFigures() };
      out.set(key, row);
    }
    const completed = text(r.fields['completedAt']);
    row.due++;
    if (text(r.fields['exemption.reason']) !== null) row.exempted++;
    else if (completed !== null) {
      row.done++;
      if (londonDateOf(completed) > due) row.doneLate++;
    } else if (due < s.asOf) row.overdue++;
  }
  return [...out.values()];
}

export function addProgrammeFigures(into: ProgrammeFigures, t: ProgrammeFigures): void {
  into.due += t.due;
  into.done += t.done;
  into.doneLate += t.doneLate;
  into.overdue += t.overdue;
  into.exempted += t.exempted;
}

/** Tallies into the report's section; `scopeOrder` is the report's scopes in display order. */
export function assembleProgramme(
  tallies: readonly AssignmentTally[],
  ctx: {
    quarters: readonly string[];
    scopeOrder: readonly { id: string; parentId: string | null }[];
  },
): ProgrammeSection {
  const index = new Map(ctx.scopeOrder.map((s, i) => [s.id, i]));
  const serviceOf = new Map(ctx.scopeOrder.map((s) => [s.id, s.parentId ?? s.id]));
  const rows = new Map<string, ProgrammeSection['rows'][number]>();
  const trend = new Map(ctx.quarters.map((q) => [q, emptyProgrammeFigures()]));
  const total = emptyProgrammeFigures();
  for (const t of tallies) {
    const key = `${t.quarter}|${t.scopeId}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        quarter: t.quarter,
        serviceId: serviceOf.get(t.scopeId) ?? t.scopeId,
        scopeId: t.scopeId,
        figures: emptyProgrammeFigures(),
      };
      rows.set(key, row);
    }
    addProgrammeFigures(row.figures, t);
    const q = trend.get(t.quarter);
    if (q) addProgrammeFigures(q, t);
    addProgrammeFigures(total, t);
  }
  return {
    rows: [...rows.values()].sort(
      (a, b) =>
        (a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0) ||
        (index.get(a.scopeId) ?? 1e9) - (index.get(b.scopeId) ?? 1e9) ||
        (a.scopeId < b.scopeId ? -1 : a.scopeId > b.scopeId ? 1 : 0),
    ),
    trend: [...trend].map(([quarter, figures]) => ({ quarter, figures })),
    total,
  };
}
