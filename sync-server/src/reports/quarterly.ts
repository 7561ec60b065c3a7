// The quarterly report, aggregated in the database: six GROUP BY queries over the reporting
// tables (one implementation, plain SQL on both engines; every one reads a covering index or a
// counts table) and one over the programme's assignment records (programme-tallies.ts), handed to
// the same assembly the tablet uses (schemas/reports/quarterly-report.ts). Only oversight roles
// see it, and only for the scopes they oversee.
import { sql } from 'kysely';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import {
  assembleQuarterlyReport,
  selectReportScopes,
} from '../../../schemas/reports/quarterly-report';
import type {
  QuarterlyReport,
  QuarterlyReportQuery,
  ReportSelection,
  ReportTallies,
  ScopeRef,
} from '../../../schemas/reports/quarterly-report';
import { allTemplates } from '../templates/local-templates';
import { listScopes } from '../accounts/accounts-repository';
import { AppError, ErrorCode } from '../errors';
import { readLocalSettingsWith } from '../settings/local-settings';
import type { Database } from '../storage/database';
import type { Actor } from '../sync/actor';
import { OVERSIGHT_ROLES } from '../sync/actor';
import { fullReadScopes } from '../sync/access';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { queryAssignmentTallies } from './programme-tallies';

type Db = Kysely<Database>;

type CellTable =
  'report_observations' | 'report_grade_counts' | 'report_actions' | 'report_answer_counts';

const n = (v: unknown): number => Number(v ?? 0);

export function forbiddenReport(): AppError {
  return new AppError(
    403,
    ErrorCode.FORBIDDEN,
    'Only QA leads, heads of service and directors can see reports and exports.',
    { reason: 'role-not-allowed' },
  );
}

export function scopeNotOverseen(): AppError {
  return new AppError(
    404,
    ErrorCode.SCOPE_NOT_FOUND,
    'There is no service or practice group with this id among the ones you oversee.',
  );
}

/** The scopes an oversight user's report or export covers; throws for anyone else. */
export async function reportScopes(
  db: Db,
  actor: Actor,
  requested: string | null,
): Promise<ScopeRef[]> {
  if (!OVERSIGHT_ROLES.has(actor.role)) throw forbiddenReport();
  const [scopes, viewer] = await Promise.all([listScopes(db), fullReadScopes(db, actor)]);
  const selected = selectReportScopes(scopes, viewer, requested);
  if (selected === null) throw scopeNotOverseen();
  return selected;
}

function within<T extends CellTable, O>(
  q: SelectQueryBuilder<Database, T, O>,
  s: ReportSelection,
): SelectQueryBuilder<Database, T, O> {
  // The same filter on every table: each carries its observation's quarter, scope and kind.
  let out = q
    .where(sql.ref('quarter'), '>=', s.from)
    .where(sql.ref('quarter'), '<=', s.to)
    .where(sql.ref('scope_id'), 'in', [...s.scopeIds]);
  if (s.kind !== null) out = out.where(sql.ref('kind'), '=', s.kind);
  return out;
}

const sumWhen = (condition: ReturnType<typeof sql>) =>
  sql<number>`sum(case when ${condition} then 1 else 0 end)`;

/** The report's tallies, counted by the database. */
export async function queryTallies(db: Db, s: ReportSelection): Promise<ReportTallies> {
  if (s.scopeIds.length === 0)
    return {
      cells: [],
      overall: [],
      cellGrades: [],
      grades: [],
      actions: [],
      answers: [],
      assignments: [],
      openOverdue: [],
    };
  const cellCols = ['quarter', 'scope_id', 'kind'] as const;
  let overdueQuery = db
    .selectFrom('report_actions')
    .select(['scope_id', 'kind'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('scope_id', 'in', [...s.scopeIds])
    .where(
      sql<boolean>`(status is null or status in ('open', 'in-progress')) and due_date is not null and due_date < ${s.asOf}`,
    )
    .groupBy(['scope_id', 'kind']);
  if (s.kind !== null) overdueQuery = overdueQuery.where('kind', '=', s.kind);
  const [cells, overall, cellGrades, grades, actions, answers, assignments, overdue] =
    await Promise.all([
      within(db.selectFrom('report_observations'), s)
        .select(cellCols)
        .select((eb) => [
          eb.fn.countAll<number>().as('observations'),
          sumWhen(sql`meeting = 1 and due_date is not null and obs_date <= due_date`).as('in_time'),
          sumWhen(sql`meeting = 1 and due_date is not null and obs_date > due_date`).as('late'),
          sumWhen(sql`meeting = 1 and due_date is null`).as('not_recorded'),
          eb.fn.sum<number>('moderated').as('moderated'),
          eb.fn.sum<number>('agreed').as('agreed'),
          eb.fn.sum<number>('good_practice').as('good_practice'),
          eb.fn.sum<number>('attempts_no_answer').as('no_answer'),
          eb.fn.sum<number>('attempts_call_back').as('call_back'),
          eb.fn.sum<number>('attempts_declined').as('declined'),
          eb.fn.sum<number>('attempts_completed').as('completed'),
        ])
        .groupBy(cellCols)
        .execute(),
      within(db.selectFrom('report_observations'), s)
        .select([...cellCols, 'overall_grade'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('overall_grade', 'is not', null)
        .groupBy([...cellCols, 'overall_grade'])
        .execute(),
      within(db.selectFrom('report_grade_counts'), s)
        .select([...cellCols, 'grade'])
        .select((eb) => eb.fn.sum<number>('n').as('n'))
        .groupBy([...cellCols, 'grade'])
        .execute(),
      within(db.selectFrom('report_grade_counts'), s)
        .select(['quarter', 'template_id', 'section_id', 'item_id', 'grade'])
        .select((eb) => eb.fn.sum<number>('n').as('n'))
        .groupBy(['quarter', 'template_id', 'section_id', 'item_id', 'grade'])
        .execute(),
      within(db.selectFrom('report_actions'), s)
        .select(cellCols)
        .select((eb) => [
          eb.fn.countAll<number>().as('opened'),
          sumWhen(sql`status = 'done'`).as('completed'),
          sumWhen(sql`status = 'cancelled'`).as('cancelled'),
          sumWhen(
            sql`(status is null or status in ('open', 'in-progress')) and due_date is not null and due_date < ${s.asOf}`,
          ).as('overdue'),
        ])
        .groupBy(cellCols)
        .execute(),
      within(db.selectFrom('report_answer_counts'), s)
        .select(['quarter', 'template_id', 'item_id', 'answer'])
        .select((eb) => eb.fn.sum<number>('n').as('n'))
        .groupBy(['quarter', 'template_id', 'item_id', 'answer'])
        .execute(),
      queryAssignmentTallies(db, s),
      // Every quarter: an improvement plan is tracked until its actions are done.
      overdueQuery.execute(),
    ]);
  const key = (r: { quarter: string | null; scope_id: string; kind: string }) => ({
    quarter: r.quarter ?? '',
    scopeId: r.scope_id,
    kind: r.kind as ObservationKind,
  });
  return {
    cells: cells.map((r) => ({
      ...key(r),
      observations: n(r.observations),
      inTime: n(r.in_time),
      late: n(r.late),
      notRecorded: n(r.not_recorded),
      moderated: n(r.moderated),
      agreed: n(r.agreed),
      goodPractice: n(r.good_practice),
      attempts: {
        'no-answer': n(r.no_answer),
        'call-back': n(r.call_back),
        declined: n(r.declined),
        completed: n(r.completed),
      },
    })),
    overall: overall.map((r) => ({ ...key(r), grade: r.overall_grade!, count: n(r.n) })),
    cellGrades: cellGrades.map((r) => ({ ...key(r), grade: r.grade, count: n(r.n) })),
    grades: grades.map((r) => ({
      quarter: r.quarter,
      templateId: r.template_id,
      sectionId: r.section_id,
      itemId: r.item_id,
      grade: r.grade,
      count: n(r.n),
    })),
    actions: actions.map((r) => ({
      ...key(r),
      opened: n(r.opened),
      completed: n(r.completed),
      cancelled: n(r.cancelled),
      overdue: n(r.overdue),
    })),
    answers: answers.map((r) => ({
      quarter: r.quarter,
      templateId: r.template_id,
      itemId: r.item_id,
      answer: r.answer,
      count: n(r.n),
    })),
    assignments,
    openOverdue: overdue.map((r) => ({
      scopeId: r.scope_id,
      kind: r.kind as ObservationKind,
      count: n(r.n),
    })),
  };
}

export async function quarterlyReport(
  db: Db,
  actor: Actor,
  query: QuarterlyReportQuery,
  now: Date = new Date(),
): Promise<QuarterlyReport> {
  const scopes = await reportScopes(db, actor, query.scopeId ?? null);
  const settings = await readLocalSettingsWith(db);
  const q = {
    from: query.from,
    to: query.to,
    scopeId: query.scopeId ?? null,
    kind: query.kind ?? null,
    asOf: query.asOf ?? londonDateOf(now),
  };
  const tallies = await queryTallies(db, { ...q, scopeIds: scopes.map((s) => s.id) });
  return assembleQuarterlyReport(tallies, {
    query: q,
    scopes,
    gradeScale: settings.gradeScale,
    templates: await allTemplates(db),
  });
}
