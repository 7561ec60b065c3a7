import { z } from 'zod';
import { addDays, addMonths, calendarDateSchema, isCalendarDate } from '../calendar/dates';
import { calendarMonthSchema } from '../entities/assignment';
import { idSchema } from '../entities/common';
import { callOutcomeSchema } from '../entities/family-call-attempt';
import { gradeScaleSchema } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import { goodPracticeWhatSchema } from '../entities/observation';
import type { GoodPracticeWhat } from '../entities/observation';
import type { Template } from '../entities/template';
import { quarterKeyOf } from '../rules/quarters';
import { auditFactsOf, discussionMonths } from '../rules/sample-discussion';
import type { LocalTimescales } from '../timescales';
import {
  addProgrammeFigures,
  assignmentFiguresBetween,
  emptyProgrammeFigures,
  programmeFiguresSchema,
} from './programme-figures';
import {
  detailedFigures,
  detailedFiguresSchema,
  isActionOverdue,
  itemRankSchema,
  scopeRefSchema,
  selectReportScopes,
  talliesFromFacts,
} from './quarterly-report';
import type { ScopeRef } from './quarterly-report';
import { factsFromRecords } from './report-facts';
import type { ObservationFacts, ReportRecord } from './report-facts';

// The monthly service audit report (Southwark QAF 2a and 2k): the QA lead collates one service's
// single case audits of a month and reports them to the Strategy, Planning and Performance Team.
// A tablet computes it from the records it has pulled, with the quarterly report's own pieces, so
// the two never count differently:
//
// - An audit is the month's when its date (`context.date`, Europe/London, required before it is
//   submitted) is in the month: the date that puts it in a quarter (report-facts.ts) and in a
//   month for its discussion (sample-discussion.ts), so a quarter's three monthly reports add up
//   to the quarterly report's audits, and an audit finished on the 31st and sent on the 1st stays
//   in the month it was done. It counts once submitted, as every report counts (drafts never).
// - The audits planned are the programme's single case audit assignments due in the month,
//   counted as the quarterly report's programme section counts them (programme-figures.ts).
// - Grades, strengths and areas for development, improvement actions and family answers are the
//   quarterly report's detailed figures of the month's tallies alone.
// - Family feedback is the family feedback calls dated in the month: the facts hold a call's
//   answers and attempts but not which audit it is for, so they are the service's calls, not
//   each audit's.
// - Good practice and the discussion are read from the audits' own fields, where they are kept.

export const monthlyAuditReportQuerySchema = z.strictObject({
  /** A service (with its practice groups), or one practice group, the viewer oversees. */
  scopeId: idSchema,
  /** The calendar month, `YYYY-MM`. */
  month: calendarMonthSchema,
  /** The day actions and assignments are judged overdue on; default today (Europe/London). */
  asOf: calendarDateSchema.optional(),
});
export type MonthlyAuditReportQuery = z.infer<typeof monthlyAuditReportQuerySchema>;

const count = z.number().int().nonnegative();

const auditLineSchema = z.object({
  observationId: idSchema,
  /** The case audited, by its ID: a report names no child. */
  caseId: z.string().nullable(),
  scopeId: idSchema,
  date: z.string(),
  overallGrade: z.string().nullable(),
  actions: z.object({ raised: count, open: count, overdue: count, done: count }),
  discussedOn: z.string().nullable(),
  goodPractice: z.object({ what: goodPracticeWhatSchema, on: z.string().nullable() }).nullable(),
});
export type AuditLine = z.infer<typeof auditLineSchema>;

export const monthlyAuditReportSchema = z.object({
  query: z.object({ scopeId: idSchema, month: z.string(), asOf: z.string() }),
  /** The scopes reported: the service followed by its practice groups, or one group. */
  scopes: z.array(scopeRefSchema),
  gradeScale: gradeScaleSchema,
  /** The month's single case audit assignments, by practice group (the programme's figures). */
  programme: z.object({
    rows: z.array(z.object({ scopeId: idSchema, figures: programmeFiguresSchema })),
    total: programmeFiguresSchema,
  }),
  /** Audits of the month submitted at least once. */
  submitted: count,
  /** Each of them by case ID, in date order. */
  audits: z.array(auditLineSchema),
  overallGrades: z.record(z.string(), count),
  strengths: z.array(itemRankSchema),
  areasForDevelopment: z.array(itemRankSchema),
  /** Improvement actions of the month's audits; open includes overdue. */
  actions: z.object({ raised: count, open: count, overdue: count, done: count, cancelled: count }),
  familyFeedback: z.object({
    calls: count,
    callAttempts: z.record(callOutcomeSchema, count),
    answers: detailedFiguresSchema.shape.familyFeedback,
  }),
  goodPractice: z.object({
    acknowledged: count,
    practice: count,
    'record-quality': count,
    both: count,
  }),
  /** How the heads of service's discussion of a sample stands (2i); null with no audits. */
  discussion: z
    .object({
      audited: count,
      discussed: count,
      discussedInTime: count,
      dueBy: z.string(),
      state: z.enum(['met', 'due', 'missed']),
    })
    .nullable(),
});
export type MonthlyAuditReport = z.infer<typeof monthlyAuditReportSchema>;

export type BuildMonthlyOptions = {
  query: MonthlyAuditReportQuery & { asOf: string };
  /** Every scope known, in display order. */
  scopes: readonly ScopeRef[];
  /** The scopes the viewer oversees, services expanded to their practice groups. */
  viewerScopeIds: readonly string[];
  gradeScale: GradeScale;
  timescales: LocalTimescales;
  templates: readonly Template[];
};

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function byDateThenCase(a: AuditLine, b: AuditLine): number {
  const key = (l: AuditLine) => [l.date, l.caseId ?? '', l.observationId];
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

function auditLine(f: ObservationFacts, record: ReportRecord, asOf: string): AuditLine {
  const fields = record.fields;
  const what = goodPracticeWhatSchema.safeParse(fields['goodPractice.what']);
  const on = fields['goodPractice.on'];
  const open = f.actions.filter((a) => a.status !== 'done' && a.status !== 'cancelled');
  return {
    observationId: f.observationId,
    caseId: text(fields['context.caseId']),
    scopeId: f.scopeId,
    date: f.date!,
    overallGrade: f.overallGrade,
    actions: {
      raised: f.actions.length,
      open: open.length,
      overdue: f.actions.filter((a) => isActionOverdue(a.status, a.dueDate, asOf)).length,
      done: f.actions.filter((a) => a.status === 'done').length,
    },
    discussedOn: auditFactsOf(record.id, fields).heldOn ?? null,
    goodPractice: what.success
      ? { what: what.data, on: isCalendarDate(on) ? (on as string) : null }
      : null,
  };
}

/** The report from the records a tablet holds; null when the scope is not the viewer's. */
export function buildMonthlyAuditReport(
  records: readonly ReportRecord[],
  opts: BuildMonthlyOptions,
): MonthlyAuditReport | null {
  const { month, asOf, scopeId } = opts.query;
  const selected = selectReportScopes(opts.scopes, opts.viewerScopeIds, scopeId);
  if (selected === null) return null;
  const scopeIds = selected.map((s) => s.id);
  const inScope = new Set(scopeIds);
  const start = `${month}-01`;
  const end = addDays(addMonths(start, 1), -1);

  const facts = factsFromRecords(records, {
    templates: opts.templates,
    timescales: opts.timescales,
  }).filter((f) => inScope.has(f.scopeId) && f.date !== null && f.date.slice(0, 7) === month);
  const audits = facts.filter((f) => f.kind === 'single-case-audit');
  const calls = facts.filter((f) => f.kind === 'family-feedback-call');
  const quarter = quarterKeyOf(start);
  const selection = { from: quarter, to: quarter, scopeIds, kind: null, asOf };
  const found = detailedFigures(
    talliesFromFacts(audits, selection),
    opts.gradeScale,
    opts.templates,
  );
  const heard = detailedFigures(
    talliesFromFacts(calls, selection),
    opts.gradeScale,
    opts.templates,
  );

  const observations = new Map(
    records.filter((r) => r.type === 'observation').map((r) => [r.id, r]),
  );
  const lines = audits
    .map((f) => auditLine(f, observations.get(f.observationId)!, asOf))
    .sort(byDateThenCase);

  const goodPractice = { acknowledged: 0, practice: 0, 'record-quality': 0, both: 0 };
  for (const l of lines) {
    if (!l.goodPractice) continue;
    goodPractice.acknowledged += 1;
    goodPractice[l.goodPractice.what satisfies GoodPracticeWhat] += 1;
  }

  // Every audit reported is the scope's, so they are one service's month, whatever each names.
  const [standing] = discussionMonths(
    audits.map((f) => ({
      ...auditFactsOf(f.observationId, observations.get(f.observationId)!.fields),
      serviceId: scopeId,
    })),
    asOf,
  );

  const planned = assignmentFiguresBetween(
    records,
    { start, end, scopeIds, kind: 'single-case-audit', asOf },
    () => month,
  );
  const scopeIndex = new Map(selected.map((s, i) => [s.id, i]));
  const total = emptyProgrammeFigures();
  for (const p of planned) addProgrammeFigures(total, p);

  const { opened, completed, cancelled, overdue } = found.actions;
  return {
    query: { scopeId, month, asOf },
    scopes: selected,
    gradeScale: opts.gradeScale,
    programme: {
      rows: planned
        .map(({ scopeId: id, due, done, doneLate, overdue: late, exempted }) => ({
          scopeId: id,
          figures: { due, done, doneLate, overdue: late, exempted },
        }))
        .sort((a, b) => scopeIndex.get(a.scopeId)! - scopeIndex.get(b.scopeId)!),
      total,
    },
    submitted: found.observations,
    audits: lines,
    overallGrades: found.overallJudgements,
    strengths: found.strengths,
    areasForDevelopment: found.areasForDevelopment,
    actions: {
      raised: opened,
      open: opened - completed - cancelled,
      overdue,
      done: completed,
      cancelled,
    },
    familyFeedback: {
      calls: heard.observations,
      callAttempts: heard.callAttempts,
      answers: heard.familyFeedback,
    },
    goodPractice,
    discussion: standing
      ? {
          audited: standing.audited,
          discussed: standing.discussed,
          discussedInTime: standing.discussedInTime,
          dueBy: standing.dueBy,
          state: standing.state,
        }
      : null,
  };
}
