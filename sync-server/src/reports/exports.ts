// CSV exports of observations, improvement actions and safety concerns, for the people who may
// see the quarterly report (concerns: the director and QA leads). One row per record, columns as
// README.md documents them; UTF-8 with a byte order mark (so Excel reads it as UTF-8), CRLF
// line ends and RFC 4180 quoting, all by csv-stringify, which also prefixes an apostrophe to any
// text starting with = + - @ tab or carriage return (spreadsheet formula injection). Each export
// is written to the audit trail (who, what, which filters, how many rows) before it is sent, linked
// to every record the file holds, for subject access and each record's history.
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { staticFieldPaths } from '../../../schemas/entities/observation-fields';
import { templateItems } from '../../../schemas/entities/template';
import { concernAcknowledgeBy, isConcernOverdue } from '../../../schemas/reports/concern-log';
import type { ExportQuery, ExportType } from '../../../schemas/reports/exports';
import {
  isActionOverdue,
  quarterlyReportQuerySchema,
} from '../../../schemas/reports/quarterly-report';
import type { Figures, ScopeRef } from '../../../schemas/reports/quarterly-report';
import { overallGradeColumns, scopeTableLines } from '../../../schemas/reports/scope-table';
import type { ScopeTableLineType } from '../../../schemas/reports/scope-table';
import { gradeLabel } from '../../../schemas/entities/grade-scale';
import { observationKindLabels } from '../../../schemas/entities/observation-kind';
import { parseQuarterKey } from '../../../schemas/rules/quarters';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import type { Template } from '../../../schemas/entities/template';
import { allTemplates } from '../templates/local-templates';
import { listScopes } from '../accounts/accounts-repository';
import { appendAudit } from '../audit/append';
import { readLocalSettingsWith } from '../settings/local-settings';
import type { Database } from '../storage/database';
import type { Actor } from '../sync/actor';
import { concernFromRow } from '../sync/concerns';
import { AppError, ErrorCode } from '../errors';
import { concernRows, concernScopes } from './concern-log';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { quarterlyReport, reportScopes } from './quarterly';

type Db = Kysely<Database>;
type Cell = string | number | null;
type Fields = Record<string, FieldValue>;

/** The exports' CSV options; the tablet's own CSV files (schemas/reports/csv-text.ts) match them. */
export const CSV_OPTIONS = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { boolean: (v: boolean) => (v ? 'true' : 'false') },
} as const;

const PAGE = 500;

/**
 * Header paths of an observation (everything but its answers), in the order of the file; not the
 * timescales stamped at submission, which only work out the report's figures.
 */
const OBSERVATION_FIELD_COLUMNS = Object.keys(staticFieldPaths).filter(
  (p) =>
    ![
      'id',
      'scopeId',
      'ownerId',
      'createdAt',
      'updatedAt',
      'deleted',
      'submittedTimescales',
    ].includes(p),
);

/**
 * Every item id of the templates exported, in catalogue order (then the published local ones),
 * each once.
 */
function itemColumns(
  kind: string | undefined,
  templates: readonly Template[],
): { itemId: string; evidence: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const t of templates) {
    if (kind !== undefined && t.kind !== kind) continue;
    for (const { item } of templateItems(t)) {
      const evidence = item.evidence !== 'none';
      seen.set(item.id, (seen.get(item.id) ?? false) || evidence);
    }
  }
  return [...seen].map(([itemId, evidence]) => ({ itemId, evidence }));
}

export function observationColumns(
  kind: string | undefined,
  templates: readonly Template[] = builtInTemplates,
): string[] {
  const items = itemColumns(kind, templates).flatMap(({ itemId, evidence }) =>
    evidence
      ? [`responses.${itemId}.value`, `responses.${itemId}.evidence`]
      : [`responses.${itemId}.value`],
  );
  return [
    'id',
    'service',
    'practiceGroup',
    'scopeId',
    'quarter',
    'ownerId',
    'createdAt',
    'updatedAt',
    ...OBSERVATION_FIELD_COLUMNS,
    ...items,
  ];
}

export const ACTION_COLUMNS = [
  'id',
  'observationId',
  'service',
  'practiceGroup',
  'scopeId',
  'observationKind',
  'quarter',
  'observationDate',
  'what',
  'ownerName',
  'ownerUserId',
  'dueDate',
  'status',
  'completedAt',
  'overdue',
  'auditId',
  'createdAt',
  'updatedAt',
] as const;

export const CONCERN_COLUMNS = [
  'id',
  'observationId',
  'service',
  'practiceGroup',
  'scopeId',
  'caseId',
  'what',
  'raisedAt',
  'raisedBy',
  'raisedByName',
  'receivedAt',
  'whoWasTold',
  'acknowledgeBy',
  'acknowledgedBy',
  'acknowledgedByName',
  'acknowledgedAt',
  'alsoAcknowledged',
  'alsoAcknowledgedNames',
  'overdue',
  'notificationsDelivered',
  'notificationsPending',
] as const;

/** A stored value as a cell: text and numbers as they are, booleans as true/false. */
const cell = (v: FieldValue | undefined): Cell =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 'true' : 'false') : v;

/** A multiple-choice answer is one flag per option; the cell lists the ticked ones, by `;`. */
function responseValue(fields: Fields, itemId: string): Cell {
  const value = fields[`responses.${itemId}.value`];
  if (value !== undefined && value !== null) return cell(value);
  const prefix = `responses.${itemId}.choices.`;
  const ticked = Object.keys(fields)
    .filter((p) => p.startsWith(prefix) && fields[p] === true)
    .map((p) => p.slice(prefix.length))
    .sort();
  return ticked.length > 0 ? ticked.join(';') : null;
}

type ScopeNames = (scopeId: string) => { service: string; practiceGroup: string };

function scopeNamer(scopes: readonly ScopeRef[]): ScopeNames {
  const byId = new Map(scopes.map((s) => [s.id, s]));
  return (id) => {
    const s = byId.get(id);
    if (!s) return { service: '', practiceGroup: '' };
    if (s.parentId === null) return { service: s.name, practiceGroup: '' };
    return { service: byId.get(s.parentId)?.name ?? '', practiceGroup: s.name };
  };
}

export type CsvExport = {
  filename: string;
  rows: number;
  body: Readable;
};

function quarterFilter(query: ExportQuery) {
  return { from: query.from, to: query.to };
}

/** Lines of the file: the byte order mark and header first, then one page of records at a time. */
async function* lines(
  header: readonly string[],
  pages: () => AsyncGenerator<Cell[][]>,
): AsyncGenerator<string> {
  yield stringify([[...header]], { ...CSV_OPTIONS, bom: true });
  for await (const rows of pages()) if (rows.length > 0) yield stringify(rows, CSV_OPTIONS);
}

async function observationsExport(db: Db, scopes: ScopeRef[], query: ExportQuery) {
  const ids = scopes.map((s) => s.id);
  const names = scopeNamer(scopes);
  const { from, to } = quarterFilter(query);
  const base = () => {
    let q = db
      .selectFrom('report_observations as ro')
      .innerJoin('records as r', 'r.id', 'ro.observation_id')
      .where('ro.scope_id', 'in', ids);
    if (from) q = q.where('ro.quarter', '>=', from);
    if (to) q = q.where('ro.quarter', '<=', to);
    if (query.kind) q = q.where('ro.kind', '=', query.kind);
    return q;
  };
  // The file holds exactly these records (fewer, if one is deleted while it streams), so the
  // audit entry can be linked to each of them.
  const held = ids.length
    ? (await base().select('r.id').orderBy('r.id').execute()).map((r) => r.id)
    : [];
  const columns = observationColumns(query.kind, await allTemplates(db));
  async function* pages(): AsyncGenerator<Cell[][]> {
    for (let i = 0; i < held.length; i += PAGE) {
      const page = await base()
        .select([
          'r.id',
          'r.scope_id',
          'r.owner_id',
          'r.fields',
          'r.created_at',
          'r.updated_at',
          'ro.quarter',
        ])
        .where('r.id', 'in', held.slice(i, i + PAGE))
        .orderBy('r.id')
        .execute();
      yield page.map((r) => {
        const f = JSON.parse(r.fields) as Fields;
        const scope = names(r.scope_id);
        const fixed: Record<string, Cell> = {
          id: r.id,
          service: scope.service,
          practiceGroup: scope.practiceGroup,
          scopeId: r.scope_id,
          quarter: r.quarter,
          ownerId: r.owner_id,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        };
        return columns.map((c) => {
          if (Object.hasOwn(fixed, c)) return fixed[c] ?? null;
          const m = /^responses\.(.+)\.value$/.exec(c);
          return m ? responseValue(f, m[1]!) : cell(f[c]);
        });
      });
    }
  }
  return { columns, rows: held.length, pages, records: held };
}

async function actionsExport(db: Db, scopes: ScopeRef[], query: ExportQuery, asOf: string) {
  const ids = scopes.map((s) => s.id);
  const names = scopeNamer(scopes);
  const { from, to } = quarterFilter(query);
  const base = () => {
    let q = db
      .selectFrom('report_actions as ra')
      .innerJoin('records as r', 'r.id', 'ra.action_id')
      .innerJoin('report_observations as ro', 'ro.observation_id', 'ra.observation_id')
      .where('ra.scope_id', 'in', ids);
    if (from) q = q.where('ra.quarter', '>=', from);
    if (to) q = q.where('ra.quarter', '<=', to);
    if (query.kind) q = q.where('ra.kind', '=', query.kind);
    return q;
  };
  // As for observations: the file holds exactly these actions, and each row shows its
  // observation's kind and date, so the entry is linked to both.
  const held = ids.length
    ? await base().select(['r.id', 'ra.observation_id']).orderBy('r.id').execute()
    : [];
  async function* pages(): AsyncGenerator<Cell[][]> {
    for (let i = 0; i < held.length; i += PAGE) {
      const page = await base()
        .select([
          'r.id',
          'r.fields',
          'r.created_at',
          'r.updated_at',
          'ra.observation_id',
          'ra.scope_id',
          'ra.kind',
          'ra.quarter',
          'ra.status',
          'ra.due_date',
          'ro.obs_date',
        ])
        .where(
          'r.id',
          'in',
          held.slice(i, i + PAGE).map((h) => h.id),
        )
        .orderBy('r.id')
        .execute();
      yield page.map((r) => {
        const f = JSON.parse(r.fields) as Fields;
        const scope = names(r.scope_id);
        const row: Record<(typeof ACTION_COLUMNS)[number], Cell> = {
          id: r.id,
          observationId: r.observation_id,
          service: scope.service,
          practiceGroup: scope.practiceGroup,
          scopeId: r.scope_id,
          observationKind: r.kind,
          quarter: r.quarter,
          observationDate: r.obs_date,
          what: cell(f['what']),
          ownerName: cell(f['ownerName']),
          ownerUserId: cell(f['ownerUserId']),
          dueDate: cell(f['dueDate']),
          status: cell(f['status']),
          completedAt: cell(f['completedAt']),
          overdue: isActionOverdue(r.status, r.due_date, asOf) ? 'true' : 'false',
          auditId: cell(f['auditId']),
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        };
        return ACTION_COLUMNS.map((c) => row[c]);
      });
    }
  }
  return {
    columns: [...ACTION_COLUMNS],
    rows: held.length,
    pages,
    records: held.flatMap((h) => [h.id, h.observation_id]),
  };
}

async function concernsExport(
  db: Db,
  scopes: { selected: ScopeRef[]; all: ScopeRef[] },
  query: ExportQuery,
  now: Date,
  actor: Actor,
) {
  // Every scope, for the names of granted concerns' teams, which the viewer does not oversee.
  const names = scopeNamer(scopes.all);
  const { concernAcknowledgeHours: hours } = await readLocalSettingsWith(db);
  const from = query.from ? parseQuarterKey(query.from)?.start : undefined;
  const to = query.to ? parseQuarterKey(query.to)?.end : undefined;
  // Quarters of the UTC day the concern reached the server; rows are few, so read them at once.
  const rows = (
    await concernRows(
      db,
      scopes.selected.map((s) => s.id),
      { from, to },
      query.scopeId ? null : actor,
    )
  ).reverse();
  const outbox = new Map<string, { delivered: number; pending: number }>();
  for (let i = 0; i < rows.length; i += 500) {
    const found = await db
      .selectFrom('notification_outbox')
      .select(['concern_id', 'status'])
      .where(
        'concern_id',
        'in',
        rows.slice(i, i + 500).map((r) => r.id),
      )
      .execute();
    for (const n of found) {
      if (n.concern_id === null) continue;
      const entry = outbox.get(n.concern_id) ?? { delivered: 0, pending: 0 };
      // A cancelled reminder (its concern acknowledged first) is neither.
      if (n.status === 'delivered') entry.delivered++;
      else if (n.status === 'pending') entry.pending++;
      outbox.set(n.concern_id, entry);
    }
  }
  // The names of the people a concern names (who raised it, who acknowledged it), beside their
  // ids: staff, never a child; someone since deleted has none.
  const concerns = rows.map(concernFromRow);
  const people = await displayNames(db, [
    ...new Set(
      concerns.flatMap((c) => [
        c.raisedBy,
        ...(c.acknowledgedBy ? [c.acknowledgedBy] : []),
        ...(c.alsoAcknowledged ?? []).map((a) => a.by),
      ]),
    ),
  ]);
  const nameOf = (id: string | undefined): Cell => (id ? (people.get(id) ?? null) : null);
  async function* pages(): AsyncGenerator<Cell[][]> {
    yield rows.map((r, i) => {
      const c = concerns[i]!;
      const scope = names(r.scope_id);
      const sent = outbox.get(c.id) ?? { delivered: 0, pending: 0 };
      const row: Record<(typeof CONCERN_COLUMNS)[number], Cell> = {
        id: c.id,
        observationId: c.observationId ?? null,
        service: scope.service,
        practiceGroup: scope.practiceGroup,
        scopeId: r.scope_id,
        caseId: c.caseId,
        what: c.what,
        raisedAt: c.raisedAt,
        raisedBy: c.raisedBy,
        raisedByName: nameOf(c.raisedBy),
        receivedAt: c.receivedAt ?? null,
        whoWasTold: c.whoWasTold.map((t) => `${t.name} (${t.role}) at ${t.at}`).join('; ') || null,
        acknowledgeBy: concernAcknowledgeBy(c, hours),
        acknowledgedBy: c.acknowledgedBy ?? null,
        acknowledgedByName: nameOf(c.acknowledgedBy),
        acknowledgedAt: c.acknowledgedAt ?? null,
        alsoAcknowledged:
          (c.alsoAcknowledged ?? []).map((a) => `${a.by} (${a.role}) at ${a.at}`).join('; ') ||
          null,
        alsoAcknowledgedNames:
          (c.alsoAcknowledged ?? [])
            .map((a) => `${people.get(a.by) ?? 'Unknown'} (${a.role}) at ${a.at}`)
            .join('; ') || null,
        overdue: isConcernOverdue(c, hours, now) ? 'true' : 'false',
        notificationsDelivered: sent.delivered,
        notificationsPending: sent.pending,
      };
      return CONCERN_COLUMNS.map((k) => row[k]);
    });
  }
  return {
    columns: [...CONCERN_COLUMNS],
    rows: rows.length,
    pages,
    records: rows.map((r) => r.id),
  };
}

/** People's display names by id, read in slices of 500. */
async function displayNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const u of found) names.set(u.id, u.display_name);
  }
  return names;
}

/** What the first column of the report's table says each line is. */
const LINE_WORDS: Record<ScopeTableLineType, string> = {
  'practice-group': 'Practice group',
  service: 'Service, in no practice group',
  'service-total': 'Service total',
  total: 'Total',
};

/** The report's columns after the grades: the figures of the screen's table, and their parts. */
const REPORT_FIGURE_COLUMNS: { head: string; value: (f: Figures) => Cell }[] = [
  { head: 'Moderated judgements', value: (f) => f.moderation.moderated },
  { head: 'Moderator agreed', value: (f) => f.moderation.agreed },
  {
    head: 'Moderation agreement',
    value: (f) =>
      f.moderation.moderated === 0
        ? null
        : `${Math.round((f.moderation.agreed / f.moderation.moderated) * 100)}%`,
  },
  { head: 'Meetings in time', value: (f) => f.timeliness.inTime },
  { head: 'Meetings late', value: (f) => f.timeliness.late },
  { head: 'Meetings not recorded', value: (f) => f.timeliness.notRecorded },
  { head: 'Actions opened', value: (f) => f.actions.opened },
  { head: 'Actions completed', value: (f) => f.actions.completed },
  { head: 'Actions cancelled', value: (f) => f.actions.cancelled },
  { head: 'Actions overdue', value: (f) => f.actions.overdue },
  { head: 'Good practice acknowledged', value: (f) => f.goodPractice },
];

/**
 * The quarterly report's table by service and practice group, the lines the report page shows
 * (schemas/reports/scope-table.ts) from the same report the page is given: each group's figures
 * by quarter and kind with the overall judgements by grade, each service's subtotal, the total.
 */
async function reportTableExport(db: Db, actor: Actor, query: ExportQuery, now: Date) {
  const asked = quarterlyReportQuerySchema.safeParse({
    from: query.from,
    to: query.to,
    ...(query.scopeId ? { scopeId: query.scopeId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
  });
  if (!asked.success) {
    const details = asked.error.issues.map((i) => ({
      path: i.path.join('.'),
      message: i.message,
    }));
    throw new AppError(
      400,
      ErrorCode.VALIDATION_FAILED,
      `The report's table is for the quarters chosen: give from and to, at most 12 quarters (${details
        .map((d) => `${d.path || 'request'}: ${d.message}`)
        .join('; ')}).`,
      details,
    );
  }
  const report = await quarterlyReport(db, actor, asked.data, now);
  // Every scope for the names, so a practice group reported alone still names its service.
  const names = scopeNamer(await listScopes(db));
  const lines = scopeTableLines(report);
  const grades = overallGradeColumns(report.gradeScale, lines);
  const quarterLabel = new Map(report.quarters.map((q) => [q.key, q.label]));
  const first = report.quarters[0]?.label ?? '';
  const last = report.quarters[report.quarters.length - 1]?.label ?? '';
  const range = first === last ? first : `${first} to ${last}`;
  const columns = [
    'Line',
    'Service',
    'Practice group',
    'Quarter',
    'Kind',
    'Observations',
    'Family calls',
    ...grades.map((k) => gradeLabel(report.gradeScale, k) ?? k),
    ...REPORT_FIGURE_COLUMNS.map((c) => c.head),
  ];
  const rows: Cell[][] = lines.map((l) => {
    const named =
      l.scopeId !== null ? names(l.scopeId) : l.serviceId !== null ? names(l.serviceId) : null;
    return [
      LINE_WORDS[l.type],
      named?.service ?? '',
      l.type === 'practice-group' ? (named?.practiceGroup ?? '') : '',
      l.quarter === null ? range : (quarterLabel.get(l.quarter) ?? l.quarter),
      l.kind !== null
        ? observationKindLabels[l.kind]
        : report.query.kind
          ? observationKindLabels[report.query.kind]
          : 'Every kind',
      l.figures.observations,
      l.figures.familyCalls,
      ...grades.map((k) => l.figures.overallJudgements[k] ?? 0),
      ...REPORT_FIGURE_COLUMNS.map((c) => c.value(l.figures)),
    ];
  });
  async function* pages(): AsyncGenerator<Cell[][]> {
    yield rows;
  }
  // Figures, not records: the entry names the report's filters and scopes, and links no record.
  return { columns, rows: rows.length, pages, records: [] as string[] };
}

/** Builds an export and records it in the audit trail; the body streams when it is read. */
export async function exportCsv(
  db: Db,
  actor: Actor,
  type: ExportType,
  query: ExportQuery,
  now: Date = new Date(),
): Promise<CsvExport> {
  const concern =
    type === 'concerns' ? await concernScopes(db, actor, query.scopeId ?? null) : null;
  const scopes = concern ? concern.selected : await reportScopes(db, actor, query.scopeId ?? null);
  const asOf = londonDateOf(now);
  const built = concern
    ? await concernsExport(db, concern, query, now, actor)
    : type === 'quarterly-report'
      ? await reportTableExport(db, actor, query, now)
      : type === 'observations'
        ? await observationsExport(db, scopes, query)
        : await actionsExport(db, scopes, query, asOf);
  await db.transaction().execute((tx) =>
    appendAudit(tx, [
      {
        userId: actor.userId,
        deviceId: actor.deviceId,
        action: 'export',
        recordId: null,
        included: built.records,
        content: {
          export: type,
          query,
          scopeIds: scopes.map((s) => s.id),
          rows: built.rows,
          columns: built.columns.length,
        },
      },
    ]),
  );
  const range = [query.from, query.to].filter(Boolean).join('-to-');
  const filename = `${type}${range ? `-${range}` : ''}-exported-${asOf}.csv`;
  return {
    filename,
    rows: built.rows,
    body: Readable.from(lines(built.columns, built.pages), { objectMode: false }),
  };
}
