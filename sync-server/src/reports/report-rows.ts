// Keeps the reporting tables (migration 0005) equal to the facts of the records: whenever a push
// changes an observation or one of its child rows, that observation's report rows are deleted and
// written again from `observationFacts` (schemas/reports/report-facts.ts), in the same
// transaction. A push derives them from the records as it holds them (PushRecords), so they match
// what it writes; other writers (retention deletions, the rebuild) read the records table. The
// report then aggregates plain rows in SQL, the same way on both engines.
//
// Migrations never run this code: it writes today's columns, which a table part-way through the
// migrations may not have yet. They only change the tables; the rows are worked out again once,
// after the last migration, when the database's rows were written by other code than this
// (`REPORT_ROWS_VERSION`, report-rows-version.ts).
//
// A meeting's due date is worked out with the timescales stamped on its observation at its first
// submission (schemas/reports/report-facts.ts), so a row written once stays true when an
// administrator changes a local timescale: nothing re-judges stored rows. Every observation a
// report counts carries its stamp (apply-mutation.ts stamps the first submission; migration 0026
// stamped those submitted before); `ReportContext.timescales`, the settings now, would judge one
// without, as of the moment its row was written.
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { observationFacts } from '../../../schemas/reports/report-facts';
import type { ObservationFacts, ReportRecord } from '../../../schemas/reports/report-facts';
import type { Template } from '../../../schemas/entities/template';
import type { RecordType } from '../../../schemas/sync/records';
import type { LocalTimescales } from '../../../schemas/timescales';
import { readLocalSettingsWith } from '../settings/local-settings';
import type { Database } from '../storage/database';
import { allTemplates } from '../templates/local-templates';
import type {
  ReportActionsTable,
  ReportAnswerCountsTable,
  ReportGradeCountsTable,
  ReportObservationsTable,
} from '../storage/report-tables';
import type { RecordsTable } from '../storage/sync-tables';

type Db = Kysely<Database>;

/**
 * What the rows hold and how they are worked out. Raise it with any change that makes a row
 * written by this code differ from one written before (a column, or a change to `observationFacts`
 * or to this file): every database then has its rows worked out again at its next start.
 */
export const REPORT_ROWS_VERSION = 1;

/** Record types whose changes can change a report. */
export const REPORTED_TYPES: ReadonlySet<string> = new Set([
  'observation',
  'action',
  'review-comment',
  'call-attempt',
]);

export type ReportContext = {
  /** The local timescales now: they judge only an observation without its own stamp (above). */
  timescales: LocalTimescales;
  /** Templates observations may be pinned to: the built-in ones and the published local ones. */
  templates: readonly Template[];
};

/** A record row as report rows are derived from it. */
export type FamilyRow = Pick<
  RecordsTable,
  'id' | 'type' | 'scope_id' | 'parent_id' | 'root_id' | 'deleted' | 'fields' | 'created_at'
> & {
  /** `fields` already parsed, when the writer holds it so (a push does). */
  parsedFields?: Record<string, FieldValue>;
};

/** The rows of these observations' families (observation and child rows), as the writer has them. */
export type FamilySource = (rootIds: readonly string[]) => Promise<FamilyRow[]>;

/** The committed rows, for writers other than a push. */
export const familiesInTable =
  (db: Db): FamilySource =>
  (rootIds) =>
    db
      .selectFrom('records')
      .select(['id', 'type', 'scope_id', 'parent_id', 'root_id', 'deleted', 'fields', 'created_at'])
      .where('root_id', 'in', rootIds)
      .where('type', 'in', [...REPORTED_TYPES])
      .execute();

/**
 * The settings and templates report rows are worked out with. Pass the templates when they are at
 * hand (a push has read them); without them, the built-in and published local ones are read.
 */
export async function reportContext(
  db: Db,
  templates?: readonly Template[],
): Promise<ReportContext> {
  const { timescales } = await readLocalSettingsWith(db);
  return { timescales, templates: templates ?? (await allTemplates(db)) };
}

export function toReportRecord(row: Omit<FamilyRow, 'root_id'>): ReportRecord {
  return {
    id: row.id,
    type: row.type as RecordType,
    scopeId: row.scope_id,
    parentId: row.parent_id,
    deleted: Number(row.deleted) === 1,
    fields: row.parsedFields ?? (JSON.parse(row.fields) as Record<string, FieldValue>),
    createdAt: row.created_at,
  };
}

type Rows = {
  observations: Insertable<ReportObservationsTable>[];
  actions: Insertable<ReportActionsTable>[];
};

type Contribution = { grades: [string, string, string][]; answers: [string, string][] };

type Cell = { quarter: string | null; scope_id: string; kind: string; template_id: string };

/** Net changes to the counts tables, keyed by each table's primary key. */
class CountDeltas {
  readonly grades = new Map<string, Insertable<ReportGradeCountsTable>>();
  readonly answers = new Map<string, Insertable<ReportAnswerCountsTable>>();

  add(cell: Cell, c: Contribution, sign: 1 | -1): void {
    // Undated observations are in no quarter, so in no report: they are not counted.
    if (cell.quarter === null) return;
    const base = { quarter: cell.quarter, scope_id: cell.scope_id, kind: cell.kind };
    const prefix = `${cell.quarter}|${cell.scope_id}|${cell.kind}|${cell.template_id}`;
    for (const [item, section, grade] of c.grades) {
      const k = `${prefix}|${item}|${grade}`;
      const row = this.grades.get(k) ?? {
        ...base,
        template_id: cell.template_id,
        item_id: item,
        grade,
        section_id: section,
        n: 0,
      };
      row.n = Number(row.n) + sign;
      this.grades.set(k, row);
    }
    for (const [item, answer] of c.answers) {
      const k = `${prefix}|${item}|${answer}`;
      const row = this.answers.get(k) ?? {
        ...base,
        template_id: cell.template_id,
        item_id: item,
        answer,
        n: 0,
      };
      row.n = Number(row.n) + sign;
      this.answers.set(k, row);
    }
  }

  async apply(db: Db): Promise<void> {
    const grades = [...this.grades.values()].filter((r) => r.n !== 0);
    const answers = [...this.answers.values()].filter((r) => r.n !== 0);
    for (let i = 0; i < grades.length; i += INSERT_BATCH) {
      await db
        .insertInto('report_grade_counts')
        .values(grades.slice(i, i + INSERT_BATCH))
        .onConflict((oc) =>
          oc
            .columns(['quarter', 'scope_id', 'kind', 'template_id', 'item_id', 'grade'])
            .doUpdateSet({ n: sql`report_grade_counts.n + excluded.n` }),
        )
        .execute();
    }
    for (let i = 0; i < answers.length; i += INSERT_BATCH) {
      await db
        .insertInto('report_answer_counts')
        .values(answers.slice(i, i + INSERT_BATCH))
        .onConflict((oc) =>
          oc
            .columns(['quarter', 'scope_id', 'kind', 'template_id', 'item_id', 'answer'])
            .doUpdateSet({ n: sql`report_answer_counts.n + excluded.n` }),
        )
        .execute();
    }
    // Groups that have lost their last answer go, so a report never lists an empty group.
    const emptied = (rows: { quarter: string; n: number | unknown }[]) => [
      ...new Set(rows.filter((r) => Number(r.n) < 0).map((r) => r.quarter)),
    ];
    const gq = emptied(grades as { quarter: string; n: number }[]);
    if (gq.length) {
      await db
        .deleteFrom('report_grade_counts')
        .where('quarter', 'in', gq)
        .where('n', '<=', 0)
        .execute();
    }
    const aq = emptied(answers as { quarter: string; n: number }[]);
    if (aq.length) {
      await db
        .deleteFrom('report_answer_counts')
        .where('quarter', 'in', aq)
        .where('n', '<=', 0)
        .execute();
    }
  }
}

function contributionOf(f: ObservationFacts): Contribution {
  return {
    grades: f.grades.map((g) => [g.itemId, g.sectionId, g.grade]),
    answers: f.answers.map((a) => [a.itemId, a.answer]),
  };
}

function addRows(rows: Rows, f: ObservationFacts): void {
  const cell = { scope_id: f.scopeId, kind: f.kind, quarter: f.quarter };
  rows.observations.push({
    observation_id: f.observationId,
    ...cell,
    template_id: f.templateId,
    template_version: f.templateVersion,
    obs_date: f.date,
    overall_grade: f.overallGrade,
    meeting: f.meeting ? 1 : 0,
    timescale_rule: f.timescaleRule,
    trigger_date: f.triggerDate,
    due_date: f.dueDate,
    moderated: f.moderated,
    agreed: f.agreed,
    attempts_no_answer: f.callAttempts['no-answer'],
    attempts_call_back: f.callAttempts['call-back'],
    attempts_declined: f.callAttempts.declined,
    attempts_completed: f.callAttempts.completed,
    good_practice: f.goodPractice ? 1 : 0,
    contribution: JSON.stringify(contributionOf(f)),
  });
  for (const a of f.actions) {
    rows.actions.push({
      action_id: a.actionId,
      observation_id: f.observationId,
      ...cell,
      status: a.status,
      due_date: a.dueDate,
    });
  }
}

const CHUNK = 200;
// Rows per INSERT, well inside both engines' limits on bound parameters.
const INSERT_BATCH = 400;

async function insertAll(
  db: Db,
  table: 'report_observations' | 'report_actions',
  rows: readonly object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + INSERT_BATCH) as never)
      .execute();
  }
}

/**
 * Rewrites the report rows of these observations from their records, and moves the counts by the
 * difference. Call it inside the transaction that changed them, with the records as that
 * transaction has them; ids that are not (or no longer) counted observations just lose their rows.
 */
export async function refreshReportRows(
  db: Db,
  rootIds: Iterable<string>,
  ctx: ReportContext,
  families: FamilySource = familiesInTable(db),
  /**
   * Observations created by this same writer, in this transaction: report rows are written only
   * beside their records, so none of theirs is in the tables yet and there is nothing to replace.
   */
  newRoots: ReadonlySet<string> = new Set(),
): Promise<void> {
  const ids = [...new Set(rootIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const existing = chunk.filter((id) => !newRoots.has(id));
    const deltas = new CountDeltas();
    if (existing.length > 0) {
      const before = await db
        .selectFrom('report_observations')
        .select(['quarter', 'scope_id', 'kind', 'template_id', 'contribution'])
        .where('observation_id', 'in', existing)
        .execute();
      for (const old of before) deltas.add(old, JSON.parse(old.contribution) as Contribution, -1);
      await db.deleteFrom('report_observations').where('observation_id', 'in', existing).execute();
      await db.deleteFrom('report_actions').where('observation_id', 'in', existing).execute();
    }

    const records = (await families(chunk)).filter((r) => REPORTED_TYPES.has(r.type));
    const byRoot = new Map<string, { observation?: ReportRecord; children: ReportRecord[] }>();
    for (const row of records) {
      const entry = byRoot.get(row.root_id) ?? { children: [] };
      const record = toReportRecord(row);
      if (row.type === 'observation' && row.id === row.root_id) entry.observation = record;
      else entry.children.push(record);
      byRoot.set(row.root_id, entry);
    }
    const rows: Rows = { observations: [], actions: [] };
    for (const { observation, children } of byRoot.values()) {
      if (!observation) continue;
      const facts = observationFacts(observation, children, {
        templates: ctx.templates,
        timescales: ctx.timescales,
      });
      if (!facts) continue;
      addRows(rows, facts);
      deltas.add(
        {
          quarter: facts.quarter,
          scope_id: facts.scopeId,
          kind: facts.kind,
          template_id: facts.templateId,
        },
        contributionOf(facts),
        1,
      );
    }
    await insertAll(db, 'report_observations', rows.observations);
    await insertAll(db, 'report_actions', rows.actions);
    await deltas.apply(db);
  }
}

/** Empties the reporting tables and writes them again from every observation (the backfill). */
export async function rebuildReportRows(db: Db, ctx?: ReportContext): Promise<number> {
  const context = ctx ?? (await reportContext(db));
  for (const table of [
    'report_observations',
    'report_actions',
    'report_grade_counts',
    'report_answer_counts',
  ] as const) {
    await db.deleteFrom(table).execute();
  }
  let after = '';
  let seen = 0;
  for (;;) {
    const page = await db
      .selectFrom('records')
      .select('id')
      .where('type', '=', 'observation')
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (page.length === 0) return seen;
    await refreshReportRows(
      db,
      page.map((r) => r.id),
      context,
    );
    seen += page.length;
    after = page[page.length - 1]!.id;
  }
}
