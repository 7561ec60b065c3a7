import { z } from 'zod';
import { calendarDateSchema } from '../calendar/dates';
import { idSchema } from '../entities/common';
import { callOutcomeSchema } from '../entities/family-call-attempt';
import type { CallOutcome } from '../entities/family-call-attempt';
import { gradeScaleSchema, pointsBestFirst } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import { OBSERVATION_KINDS, observationKindSchema } from '../entities/observation-kind';
import type { ObservationKind } from '../entities/observation-kind';
import type { Template } from '../entities/template';
import { parseQuarterKey, quarterKey, quarterKeySchema, quartersFromTo } from '../rules/quarters';
import type { LocalTimescales } from '../timescales';
import { assembleProgramme, assignmentTallies, programmeSectionSchema } from './programme-figures';
import type { AssignmentTally } from './programme-figures';
import { factsFromRecords } from './report-facts';
import type { ObservationFacts, ReportRecord } from './report-facts';

// The quarterly report for the Performance and Quality meeting: figures by financial quarter,
// service, practice group and observation kind, the trend across the quarters chosen, and the
// total. The server computes it in SQL over its reporting tables; a tablet computes the same
// report from the records it has pulled (`buildQuarterlyReport`). Both produce the same tallies
// (one row per group, the shape a GROUP BY returns) and hand them to `assembleQuarterlyReport`,
// so the two can only differ in what the database counted.
//
// Strengths and areas for development are read from the grades of checklist items: an answer in
// the better half of the grade scale (Outstanding or Good on the Ofsted scale: "good or better")
// is a strength, one in the worse half (Requires improvement to be good, Inadequate) an area for
// development; "Not observed" is neither. The items most often graded each way are listed.

/** At most three financial years in one report. */
export const MAX_REPORT_QUARTERS = 12;
/** How many items the strengths and areas for development lists hold. */
export const TOP_ITEMS = 10;

export const quarterlyReportQuerySchema = z
  .strictObject({
    /** First quarter, like `2026-27-Q1` (April to June 2026). */
    from: quarterKeySchema,
    /** Last quarter, inclusive. */
    to: quarterKeySchema,
    /** A service (with its practice groups) or one practice group; default every scope you oversee. */
    scopeId: idSchema.optional(),
    kind: observationKindSchema.optional(),
    /** The day improvement actions are judged overdue against; default today (Europe/London). */
    asOf: calendarDateSchema.optional(),
  })
  .superRefine((q, ctx) => {
    const n = quartersFromTo(q.from, q.to).length;
    if (parseQuarterKey(q.from) && parseQuarterKey(q.to) && n === 0)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must not be before from' });
    if (n > MAX_REPORT_QUARTERS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `A report covers at most ${MAX_REPORT_QUARTERS} quarters`,
      });
  });
export type QuarterlyReportQuery = z.infer<typeof quarterlyReportQuerySchema>;

const count = z.number().int().nonnegative();
/** `{ key: count }` for grade keys or answer keys; only non-zero counts appear. */
const countsSchema = z.record(z.string(), count);
export type Counts = z.infer<typeof countsSchema>;

export const scopeRefSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(['service', 'practice-group']),
  parentId: idSchema.nullable(),
  /** A practice group's service by name, reported with it or not (schemas/api/account.ts). */
  parentName: z.string().nullable().optional(),
});
export type ScopeRef = z.infer<typeof scopeRefSchema>;

/**
 * A scope's name in a report: one reported, or the service of a practice group reported
 * without it (by the name the group carries). Null when neither is known.
 */
export function reportScopeName(scopes: readonly ScopeRef[], id: string): string | null {
  const own = scopes.find((s) => s.id === id);
  if (own) return own.name;
  return scopes.find((s) => s.parentId === id && s.parentName)?.parentName ?? null;
}

export const figuresSchema = z.object({
  /** Observations of every kind that count (submitted at least once, not deleted). */
  observations: count,
  /** Of which family feedback calls. */
  familyCalls: count,
  /** Each observation's overall judgement. */
  overallJudgements: countsSchema,
  /** Every graded checklist item, "not observed" included. */
  itemGrades: countsSchema,
  moderation: z.object({
    /** Graded judgements (items and overall) whose latest moderation comment agrees or disagrees. */
    moderated: count,
    /**
     * Of which the moderator agrees: their grade equals the observer's or, with none given, they
     * said they agree (schemas/rules/moderation-agreement.ts).
     */
    agreed: count,
    /** agreed / moderated, or null when nothing was moderated. */
    agreementRate: z.number().min(0).max(1).nullable(),
  }),
  /** Observed meetings (CP conferences, looked-after reviews) held in time or late. */
  timeliness: z.object({ inTime: count, late: count, notRecorded: count }),
  /** Improvement actions of these observations; overdue: not done or cancelled, past due on asOf. */
  actions: z.object({ opened: count, completed: count, cancelled: count, overdue: count }),
  /**
   * Observations with good practice acknowledged by a QA lead or head of service: of the
   * practice, of the quality of the record, or both, each counted once.
   */
  // A report kept on a tablet from before this figure existed reads as none, not as unreadable.
  goodPractice: count.default(0),
  /** Family call attempts by outcome. */
  callAttempts: z.record(callOutcomeSchema, count),
});
export type Figures = z.infer<typeof figuresSchema>;

export const itemRankSchema = z.object({
  templateId: z.string(),
  sectionId: z.string(),
  itemId: z.string(),
  /** Answers graded this way (strength, or area for development). */
  count,
  /** Answers to the item graded with any grade point (not "not observed"). */
  graded: count,
});
export type ItemRank = z.infer<typeof itemRankSchema>;

export const detailedFiguresSchema = figuresSchema.extend({
  sections: z.array(
    z.object({ templateId: z.string(), sectionId: z.string(), grades: countsSchema }),
  ),
  strengths: z.array(itemRankSchema),
  areasForDevelopment: z.array(itemRankSchema),
  /** Answers to each fixed-answer question of the family feedback call. */
  familyFeedback: z.array(
    z.object({ templateId: z.string(), itemId: z.string(), answers: countsSchema }),
  ),
});
export type DetailedFigures = z.infer<typeof detailedFiguresSchema>;

export const quarterlyReportSchema = z.object({
  query: z.object({
    from: z.string(),
    to: z.string(),
    scopeId: idSchema.nullable(),
    kind: observationKindSchema.nullable(),
    asOf: z.string(),
  }),
  quarters: z.array(
    z.object({ key: z.string(), label: z.string(), start: z.string(), end: z.string() }),
  ),
  /** The authority's grade scale, for labels and order. */
  gradeScale: gradeScaleSchema,
  /** Every scope the report covers, each service followed by its practice groups. */
  scopes: z.array(scopeRefSchema),
  /** One row per quarter, practice group (or service) and kind that has observations. */
  rows: z.array(
    z.object({
      quarter: z.string(),
      serviceId: idSchema,
      scopeId: idSchema,
      kind: observationKindSchema,
      figures: figuresSchema,
    }),
  ),
  /**
   * Each service the report covers, in the order of `scopes`, zeros included: the sum of its
   * practice groups' rows and of its own (observations recorded against the service itself, in no
   * practice group), whatever their quarter and kind. A practice group reported without its
   * service (the report of that group alone) is in no subtotal.
   */
  // A report kept on a tablet from before subtotals existed reads as having none.
  serviceTotals: z.array(z.object({ serviceId: idSchema, figures: figuresSchema })).default([]),
  /** Every quarter in the range, in order, empty ones included. */
  trend: z.array(z.object({ quarter: z.string(), figures: detailedFiguresSchema })),
  total: detailedFiguresSchema,
  /** The observation and audit programme's assignments, by the quarter they were due in. */
  programme: programmeSectionSchema,
  /**
   * Improvement plans being tracked: actions still open and past their due date on `asOf`, by
   * team and kind, whichever quarter their observation or audit was in (the rows' `overdue` counts
   * only the quarters chosen).
   */
  // A report kept on a tablet from before this figure existed reads as none, not as unreadable.
  openOverdue: z
    .array(z.object({ scopeId: idSchema, kind: observationKindSchema, count }))
    .default([]),
});
export type QuarterlyReport = z.infer<typeof quarterlyReportSchema>;

// ---------------------------------------------------------------------------------------------
// Tallies: what the aggregation (SQL or in memory) returns, one row per group.

export type CellKey = { quarter: string; scopeId: string; kind: ObservationKind };

export type ReportTallies = {
  cells: Array<
    CellKey & {
      observations: number;
      inTime: number;
      late: number;
      notRecorded: number;
      moderated: number;
      agreed: number;
      goodPractice: number;
      attempts: Record<CallOutcome, number>;
    }
  >;
  /** Overall judgements per group. */
  overall: Array<CellKey & { grade: string; count: number }>;
  /** Graded items per group, every item together. */
  cellGrades: Array<CellKey & { grade: string; count: number }>;
  /** Graded items per quarter and question, every scope and kind of the selection together. */
  grades: Array<{
    quarter: string;
    templateId: string;
    sectionId: string;
    itemId: string;
    grade: string;
    count: number;
  }>;
  actions: Array<
    CellKey & { opened: number; completed: number; cancelled: number; overdue: number }
  >;
  /** Family answers per quarter and question. */
  answers: Array<{
    quarter: string;
    templateId: string;
    itemId: string;
    answer: string;
    count: number;
  }>;
  /** Programme assignments per quarter of their due date and practice group. */
  assignments: AssignmentTally[];
  /** Open actions past due on asOf per scope and kind, every quarter together. */
  openOverdue: Array<{ scopeId: string; kind: ObservationKind; count: number }>;
};

/** What a report selects: the quarters, scopes and kind, and the day actions are overdue on. */
export type ReportSelection = {
  from: string;
  to: string;
  scopeIds: readonly string[];
  kind: ObservationKind | null;
  asOf: string;
};

/** Open actions (or with no status yet) that are past their due date on `asOf`. */
export function isActionOverdue(
  status: string | null,
  dueDate: string | null,
  asOf: string,
): boolean {
  return (status === null || status === 'open' || status === 'in-progress') && dueDate !== null
    ? dueDate < asOf
    : false;
}

const keyOf = (c: CellKey) => `${c.quarter}|${c.scopeId}|${c.kind}`;

function bump<T extends object>(map: Map<string, T>, key: string, make: () => T): T {
  let row = map.get(key);
  if (!row) {
    row = make();
    map.set(key, row);
  }
  return row;
}

const zeroAttempts = (): Record<CallOutcome, number> =>
  Object.fromEntries(callOutcomeSchema.options.map((o) => [o, 0])) as Record<CallOutcome, number>;

/** The in-memory equivalent of the server's GROUP BY queries. */
export function talliesFromFacts(
  facts: readonly ObservationFacts[],
  selection: ReportSelection,
): ReportTallies {
  const scopes = new Set(selection.scopeIds);
  const cells = new Map<string, ReportTallies['cells'][number]>();
  const overall = new Map<string, ReportTallies['overall'][number]>();
  const cellGrades = new Map<string, ReportTallies['cellGrades'][number]>();
  const grades = new Map<string, ReportTallies['grades'][number]>();
  const actions = new Map<string, ReportTallies['actions'][number]>();
  const answers = new Map<string, ReportTallies['answers'][number]>();
  const openOverdue = new Map<string, ReportTallies['openOverdue'][number]>();
  for (const f of facts) {
    if (!scopes.has(f.scopeId) || (selection.kind !== null && f.kind !== selection.kind)) continue;
    for (const a of f.actions) {
      if (!isActionOverdue(a.status, a.dueDate, selection.asOf)) continue;
      bump(openOverdue, `${f.scopeId}|${f.kind}`, () => ({
        scopeId: f.scopeId,
        kind: f.kind,
        count: 0,
      })).count++;
    }
    if (f.quarter === null || f.quarter < selection.from || f.quarter > selection.to) continue;
    const key: CellKey = { quarter: f.quarter, scopeId: f.scopeId, kind: f.kind };
    const k = keyOf(key);
    const cell = bump(cells, k, () => ({
      ...key,
      observations: 0,
      inTime: 0,
      late: 0,
      notRecorded: 0,
      moderated: 0,
      agreed: 0,
      goodPractice: 0,
      attempts: zeroAttempts(),
    }));
    cell.observations += 1;
    if (f.goodPractice) cell.goodPractice += 1;
    if (f.meeting) {
      if (f.dueDate === null) cell.notRecorded += 1;
      else if (f.date !== null && f.date <= f.dueDate) cell.inTime += 1;
      else cell.late += 1;
    }
    cell.moderated += f.moderated;
    cell.agreed += f.agreed;
    for (const o of callOutcomeSchema.options) cell.attempts[o] += f.callAttempts[o];
    if (f.overallGrade !== null) {
      bump(overall, `${k}|${f.overallGrade}`, () => ({ ...key, grade: f.overallGrade!, count: 0 }))
        .count++;
    }
    for (const g of f.grades) {
      bump(cellGrades, `${k}|${g.grade}`, () => ({ ...key, grade: g.grade, count: 0 })).count++;
      bump(grades, `${f.quarter}|${f.templateId}|${g.sectionId}|${g.itemId}|${g.grade}`, () => ({
        quarter: key.quarter,
        templateId: f.templateId,
        sectionId: g.sectionId,
        itemId: g.itemId,
        grade: g.grade,
        count: 0,
      })).count++;
    }
    if (f.actions.length > 0) {
      const row = bump(actions, k, () => ({
        ...key,
        opened: 0,
        completed: 0,
        cancelled: 0,
        overdue: 0,
      }));
      for (const a of f.actions) {
        row.opened += 1;
        if (a.status === 'done') row.completed += 1;
        if (a.status === 'cancelled') row.cancelled += 1;
        if (isActionOverdue(a.status, a.dueDate, selection.asOf)) row.overdue += 1;
      }
    }
    for (const a of f.answers) {
      bump(answers, `${f.quarter}|${f.templateId}|${a.itemId}|${a.answer}`, () => ({
        quarter: key.quarter,
        templateId: f.templateId,
        itemId: a.itemId,
        answer: a.answer,
        count: 0,
      })).count++;
    }
  }
  return {
    cells: [...cells.values()],
    overall: [...overall.values()],
    cellGrades: [...cellGrades.values()],
    grades: [...grades.values()],
    actions: [...actions.values()],
    answers: [...answers.values()],
    assignments: [],
    openOverdue: [...openOverdue.values()],
  };
}

// ---------------------------------------------------------------------------------------------
// Assembly: tallies into the report. Additive counts only, so the order of tallies never matters.

export type GradeClass = 'strength' | 'development' | null;

/** Better half of the scale: a strength; worse half: an area for development; else neither. */
export function gradeClass(scale: GradeScale, key: string): GradeClass {
  const ordered = pointsBestFirst(scale);
  const i = ordered.findIndex((p) => p.key === key);
  if (i < 0) return null;
  if (i < Math.floor(ordered.length / 2)) return 'strength';
  if (i >= Math.ceil(ordered.length / 2)) return 'development';
  return null;
}

export function emptyFigures(): Figures {
  return {
    observations: 0,
    familyCalls: 0,
    overallJudgements: {},
    itemGrades: {},
    moderation: { moderated: 0, agreed: 0, agreementRate: null },
    timeliness: { inTime: 0, late: 0, notRecorded: 0 },
    actions: { opened: 0, completed: 0, cancelled: 0, overdue: 0 },
    goodPractice: 0,
    callAttempts: zeroAttempts(),
  };
}

function addCount(counts: Counts, key: string, n: number): void {
  if (n > 0) counts[key] = (counts[key] ?? 0) + n;
}

function sortedCounts(counts: Counts): Counts {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function addCell(figures: Figures, cell: ReportTallies['cells'][number]): void {
  figures.observations += cell.observations;
  if (cell.kind === 'family-feedback-call') figures.familyCalls += cell.observations;
  figures.moderation.moderated += cell.moderated;
  figures.moderation.agreed += cell.agreed;
  figures.timeliness.inTime += cell.inTime;
  figures.timeliness.late += cell.late;
  figures.timeliness.notRecorded += cell.notRecorded;
  figures.goodPractice += cell.goodPractice;
  for (const o of callOutcomeSchema.options) figures.callAttempts[o] += cell.attempts[o];
}

function addActions(figures: Figures, row: ReportTallies['actions'][number]): void {
  figures.actions.opened += row.opened;
  figures.actions.completed += row.completed;
  figures.actions.cancelled += row.cancelled;
  figures.actions.overdue += row.overdue;
}

function finish<T extends Figures>(figures: T): T {
  const { moderated, agreed } = figures.moderation;
  figures.moderation.agreementRate = moderated === 0 ? null : agreed / moderated;
  figures.overallJudgements = sortedCounts(figures.overallJudgements);
  figures.itemGrades = sortedCounts(figures.itemGrades);
  return figures;
}

type TemplateOrder = { section: Map<string, number>; item: Map<string, number> };

function templateOrder(templates: readonly Template[]): Map<string, TemplateOrder> {
  const out = new Map<string, TemplateOrder>();
  for (const t of templates) {
    const order = bump(out, t.id, () => ({ section: new Map(), item: new Map() }));
    t.sections.forEach((s, i) => {
      if (!order.section.has(s.id)) order.section.set(s.id, i);
      for (const item of s.items)
        if (!order.item.has(item.id)) order.item.set(item.id, order.item.size);
    });
  }
  return out;
}

/** Each grade key's class, worked out once per report: null for "not observed" and unknown keys. */
type GradeClasses = Map<string, { cls: GradeClass; point: boolean }>;

function gradeClasses(scale: GradeScale): GradeClasses {
  const out: GradeClasses = new Map();
  for (const p of scale.points) out.set(p.key, { cls: gradeClass(scale, p.key), point: true });
  return out;
}

function detailed(
  { cells, overall, grades, actions, answers }: ReportTallies,
  classes: GradeClasses,
  order: Map<string, TemplateOrder>,
): DetailedFigures {
  const figures: DetailedFigures = {
    ...emptyFigures(),
    sections: [],
    strengths: [],
    areasForDevelopment: [],
    familyFeedback: [],
  };
  for (const c of cells) addCell(figures, c);
  for (const o of overall) addCount(figures.overallJudgements, o.grade, o.count);
  for (const a of actions) addActions(figures, a);

  const sections = new Map<string, DetailedFigures['sections'][number]>();
  const items = new Map<string, ItemRank & { development: number }>();
  for (const g of grades) {
    addCount(figures.itemGrades, g.grade, g.count);
    const sk = `${g.templateId}|${g.sectionId}`;
    addCount(
      bump(sections, sk, () => ({ templateId: g.templateId, sectionId: g.sectionId, grades: {} }))
        .grades,
      g.grade,
      g.count,
    );
    const known = classes.get(g.grade);
    if (!known) continue;
    const cls = known.cls;
    const item = bump(items, `${g.templateId}|${g.itemId}`, () => ({
      templateId: g.templateId,
      sectionId: g.sectionId,
      itemId: g.itemId,
      count: 0,
      graded: 0,
      development: 0,
    }));
    item.graded += g.count;
    if (cls === 'strength') item.count += g.count;
    if (cls === 'development') item.development += g.count;
  }
  const bySectionOrder = (a: { templateId: string; sectionId: string }, b: typeof a) =>
    a.templateId !== b.templateId
      ? a.templateId < b.templateId
        ? -1
        : 1
      : (order.get(a.templateId)?.section.get(a.sectionId) ?? 1e9) -
          (order.get(b.templateId)?.section.get(b.sectionId) ?? 1e9) ||
        (a.sectionId < b.sectionId ? -1 : a.sectionId > b.sectionId ? 1 : 0);
  figures.sections = [...sections.values()]
    .map((s) => ({ ...s, grades: sortedCounts(s.grades) }))
    .sort(bySectionOrder);

  const ranked = (pick: (i: ItemRank & { development: number }) => number): ItemRank[] =>
    [...items.values()]
      .map(({ development, ...rest }) => ({ ...rest, count: pick({ ...rest, development }) }))
      .filter((i) => i.count > 0)
      .sort(
        (a, b) =>
          b.count - a.count ||
          b.count / b.graded - a.count / a.graded ||
          (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0) ||
          (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0),
      )
      .slice(0, TOP_ITEMS);
  figures.strengths = ranked((i) => i.count);
  figures.areasForDevelopment = ranked((i) => i.development);

  const family = new Map<string, DetailedFigures['familyFeedback'][number]>();
  for (const a of answers) {
    addCount(
      bump(family, `${a.templateId}|${a.itemId}`, () => ({
        templateId: a.templateId,
        itemId: a.itemId,
        answers: {},
      })).answers,
      a.answer,
      a.count,
    );
  }
  figures.familyFeedback = [...family.values()]
    .map((f) => ({ ...f, answers: sortedCounts(f.answers) }))
    .sort(
      (a, b) =>
        (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0) ||
        (order.get(a.templateId)?.item.get(a.itemId) ?? 1e9) -
          (order.get(b.templateId)?.item.get(b.itemId) ?? 1e9) ||
        (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0),
    );
  return finish(figures);
}

/**
 * Some tallies' detailed figures taken all together, whatever their quarter, scope and kind: the
 * report's total, and the monthly audit report's figures from its month's tallies alone.
 */
export function detailedFigures(
  tallies: ReportTallies,
  gradeScale: GradeScale,
  templates: readonly Template[],
): DetailedFigures {
  return detailed(tallies, gradeClasses(gradeScale), templateOrder(templates));
}

export type AssembleContext = {
  query: {
    from: string;
    to: string;
    scopeId: string | null;
    kind: ObservationKind | null;
    asOf: string;
  };
  /** The scopes the report covers, in display order (each service followed by its groups). */
  scopes: readonly ScopeRef[];
  gradeScale: GradeScale;
  templates: readonly Template[];
};

export function assembleQuarterlyReport(
  tallies: ReportTallies,
  ctx: AssembleContext,
): QuarterlyReport {
  const quarters = quartersFromTo(ctx.query.from, ctx.query.to);
  const scopeIndex = new Map(ctx.scopes.map((s, i) => [s.id, i]));
  const serviceOf = new Map(ctx.scopes.map((s) => [s.id, s.parentId ?? s.id]));
  const order = templateOrder(ctx.templates);

  const rows = new Map<string, QuarterlyReport['rows'][number]>();
  const row = (c: CellKey) =>
    bump(rows, keyOf(c), () => ({
      quarter: c.quarter,
      serviceId: serviceOf.get(c.scopeId) ?? c.scopeId,
      scopeId: c.scopeId,
      kind: c.kind,
      figures: emptyFigures(),
    }));
  // Each service's subtotal is added up from the tallies themselves, beside its rows (not from
  // them), so that a test can hold the two against each other.
  const subtotals = new Map(
    ctx.scopes.filter((s) => s.kind === 'service').map((s) => [s.id, emptyFigures()]),
  );
  // A practice group whose service the report does not cover adds to no subtotal (to this one).
  const uncovered = emptyFigures();
  const subtotal = (c: CellKey): Figures =>
    subtotals.get(serviceOf.get(c.scopeId) ?? c.scopeId) ?? uncovered;
  for (const c of tallies.cells) {
    addCell(row(c).figures, c);
    addCell(subtotal(c), c);
  }
  for (const o of tallies.overall) {
    addCount(row(o).figures.overallJudgements, o.grade, o.count);
    addCount(subtotal(o).overallJudgements, o.grade, o.count);
  }
  for (const g of tallies.cellGrades) {
    addCount(row(g).figures.itemGrades, g.grade, g.count);
    addCount(subtotal(g).itemGrades, g.grade, g.count);
  }
  for (const a of tallies.actions) {
    addActions(row(a).figures, a);
    addActions(subtotal(a), a);
  }

  const kindIndex = (k: ObservationKind) => OBSERVATION_KINDS.indexOf(k);
  const sortedRows = [...rows.values()]
    .map((r) => ({ ...r, figures: finish(r.figures) }))
    .sort(
      (a, b) =>
        (a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0) ||
        (scopeIndex.get(a.scopeId) ?? 1e9) - (scopeIndex.get(b.scopeId) ?? 1e9) ||
        (a.scopeId < b.scopeId ? -1 : a.scopeId > b.scopeId ? 1 : 0) ||
        kindIndex(a.kind) - kindIndex(b.kind),
    );

  // One pass puts every tally in its quarter; each quarter's details then read only its own.
  const byQuarter = new Map<string, ReportTallies>();
  const bucket = (q: string) =>
    bump(byQuarter, q, () => ({
      cells: [],
      overall: [],
      cellGrades: [],
      grades: [],
      actions: [],
      answers: [],
      assignments: [],
      openOverdue: [],
    }));
  for (const c of tallies.cells) bucket(c.quarter).cells.push(c);
  for (const o of tallies.overall) bucket(o.quarter).overall.push(o);
  for (const g of tallies.grades) bucket(g.quarter).grades.push(g);
  for (const a of tallies.actions) bucket(a.quarter).actions.push(a);
  for (const a of tallies.answers) bucket(a.quarter).answers.push(a);
  const classes = gradeClasses(ctx.gradeScale);
  const trend = quarters.map((q) => {
    const key = quarterKey(q);
    return { quarter: key, figures: detailed(bucket(key), classes, order) };
  });
  const total = detailed(tallies, classes, order);

  return {
    query: { ...ctx.query },
    quarters: quarters.map((q) => ({
      key: quarterKey(q),
      label: q.label,
      start: q.start,
      end: q.end,
    })),
    gradeScale: ctx.gradeScale,
    scopes: [...ctx.scopes],
    rows: sortedRows,
    serviceTotals: [...subtotals].map(([serviceId, figures]) => ({
      serviceId,
      figures: finish(figures),
    })),
    trend,
    total,
    programme: assembleProgramme(tallies.assignments, {
      quarters: quarters.map((q) => quarterKey(q)),
      scopeOrder: ctx.scopes,
    }),
    openOverdue: [...tallies.openOverdue].sort(
      (a, b) =>
        (scopeIndex.get(a.scopeId) ?? 1e9) - (scopeIndex.get(b.scopeId) ?? 1e9) ||
        (a.scopeId < b.scopeId ? -1 : a.scopeId > b.scopeId ? 1 : 0) ||
        kindIndex(a.kind) - kindIndex(b.kind),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Scopes and the whole report from local records.

/**
 * The scopes a report covers: every scope the viewer oversees (`viewerScopeIds`, services already
 * expanded to their practice groups), narrowed to a requested service (with its groups) or group.
 * Null when the requested scope is not one the viewer oversees.
 */
export function selectReportScopes(
  scopes: readonly ScopeRef[],
  viewerScopeIds: readonly string[],
  requested: string | null,
): ScopeRef[] | null {
  const viewer = new Set(viewerScopeIds);
  const visible = scopes.filter((s) => viewer.has(s.id));
  if (requested === null) return visible;
  if (!viewer.has(requested)) return null;
  return visible.filter((s) => s.id === requested || s.parentId === requested);
}

export type BuildReportOptions = {
  query: QuarterlyReportQuery & { asOf: string };
  /** Every scope known, in display order. */
  scopes: readonly ScopeRef[];
  /** The scopes the viewer oversees, services expanded to their practice groups. */
  viewerScopeIds: readonly string[];
  gradeScale: GradeScale;
  timescales: LocalTimescales;
  templates: readonly Template[];
};

/** The report from the records a tablet holds; null when the requested scope is not the viewer's. */
export function buildQuarterlyReport(
  records: readonly ReportRecord[],
  opts: BuildReportOptions,
): QuarterlyReport | null {
  const selected = selectReportScopes(opts.scopes, opts.viewerScopeIds, opts.query.scopeId ?? null);
  if (selected === null) return null;
  const facts = factsFromRecords(records, {
    templates: opts.templates,
    timescales: opts.timescales,
  });
  const query = {
    from: opts.query.from,
    to: opts.query.to,
    scopeId: opts.query.scopeId ?? null,
    kind: opts.query.kind ?? null,
    asOf: opts.query.asOf,
  };
  const selection = { ...query, scopeIds: selected.map((s) => s.id) };
  const tallies = {
    ...talliesFromFacts(facts, selection),
    assignments: assignmentTallies(records, selection),
  };
  return assembleQuarterlyReport(tallies, {
    query,
    scopes: selected,
    gradeScale: opts.gradeScale,
    templates: opts.templates,
  });
}
