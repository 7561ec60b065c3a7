// The performance team's monthly selection of cases to audit, imported from its CSV file: every
// row is imported, or none. A file imported again imports nothing: each case already selected for
// its group and month is a problem of its row, like any other.
import type { Kysely } from 'kysely';
import { parse } from 'csv-parse/sync';
import type { AssignmentView } from '../../../schemas/api/programme';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { checkAuditImport, problemText } from '../../../schemas/rules/audit-import';
import type { ImportedAudit, ImportProblem } from '../../../schemas/rules/audit-import';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import type { Actor, Role } from '../sync/actor';
import { OBSERVING_ROLES } from '../sync/actor';
import { makePlan } from './plans';
import { mustPlan } from './planner';

type Db = Kysely<Database>;

export class ImportRejected extends AppError {
  constructor(readonly problems: ImportProblem[]) {
    super(
      400,
      'IMPORT_REJECTED',
      `Nothing was imported: the file has ${problems.length} problem${problems.length === 1 ? '' : 's'}. ${problemText(problems[0]!)}`,
      problems.map((p) => ({ ...p, text: problemText(p) })),
    );
  }
}

/** The file as header and rows, with the problems of its shape (nothing read from the database). */
function readFile(csv: string) {
  let records: string[][];
  try {
    records = parse(csv, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (err) {
    const e = err as { lines?: number; column?: number | string; message?: string };
    throw new ImportRejected([
      {
        row: e.lines ?? 1,
        column: String(e.column ?? ''),
        message: 'this line is not valid CSV (check its quotation marks)',
      },
    ]);
  }
  const [header = [], ...body] = records;
  const problems: ImportProblem[] = [];
  const rows = body.map((cells, i) => {
    if (cells.length !== header.length)
      problems.push({
        row: i + 2,
        column: header[Math.min(cells.length, header.length - 1)] ?? '',
        message: `this row has ${cells.length} values; the header has ${header.length}`,
      });
    return Object.fromEntries(header.map((h, c) => [h, cells[c] ?? '']));
  });
  return { header, rows, problems };
}

/** Rows whose case is already selected (planned or imported, not withdrawn) for its group and month. */
async function alreadySelected(
  tx: Db,
  audits: readonly ImportedAudit[],
  groupName: (id: string) => string,
): Promise<ImportProblem[]> {
  const existing = await tx
    .selectFrom('records')
    .select(['scope_id', 'fields'])
    .where('type', '=', 'assignment')
    .where('deleted', '=', 0)
    .where('scope_id', 'in', [...new Set(audits.map((a) => a.scopeId))])
    .execute();
  const key = (scopeId: string, month: unknown, caseId: unknown) =>
    JSON.stringify([scopeId, month, String(caseId).toUpperCase()]);
  const selected = new Set<string>();
  for (const r of existing) {
    const f = JSON.parse(r.fields) as Record<string, FieldValue>;
    if (f['kind'] === 'single-case-audit' && f['caseId'] !== undefined)
      selected.add(key(r.scope_id, f['month'], f['caseId']));
  }
  return audits
    .filter((a) => selected.has(key(a.scopeId, a.month, a.caseId)))
    .map((a) => ({
      row: a.row,
      column: 'case_id',
      message: `case ${a.caseId} is already selected for audit in ${groupName(a.scopeId)} for ${a.month} (this file, or this row, was imported before); take the row out of the file`,
    }));
}

export async function importAudits(
  db: Db,
  actor: Actor,
  csv: string,
  planId?: string,
): Promise<AssignmentView[]> {
  mustPlan(actor.role);
  const file = readFile(csv);
  return makePlan(
    db,
    actor,
    { route: 'audits-import', planId, request: { csv } },
    async (tx, scopes) => {
      const groups = await tx
        .selectFrom('scopes')
        .select(['id', 'name'])
        .where('kind', '=', 'practice-group')
        .execute();
      const groupByName = new Map<string, string>();
      const nameOf = new Map<string, string>();
      for (const g of groups.filter((g) => scopes.includes(g.id))) {
        groupByName.set(g.name.toLowerCase(), g.id);
        groupByName.set(g.id.toLowerCase(), g.id);
        nameOf.set(g.id, g.name);
      }
      const emails = file.rows
        .map((r) => String(r['auditor_email'] ?? '').toLowerCase())
        .filter(Boolean);
      const auditors = emails.length
        ? await tx
            .selectFrom('users')
            .select(['id', 'email', 'role'])
            .where('email', 'in', [...new Set(emails)])
            .where('status', '=', 'active')
            .execute()
        : [];
      const auditorByEmail = new Map(
        auditors.filter((a) => OBSERVING_ROLES.has(a.role as Role)).map((a) => [a.email, a.id]),
      );
      const checked = checkAuditImport(file.header, file.rows, {
        groupId: (n) => groupByName.get(n.trim().toLowerCase()),
        auditorId: (e) => auditorByEmail.get(e),
      });
      const problems = [...file.problems];
      if (!checked.ok) problems.push(...checked.problems);
      else
        problems.push(...(await alreadySelected(tx, checked.audits, (id) => nameOf.get(id) ?? id)));
      if (problems.length || !checked.ok)
        throw new ImportRejected(problems.sort((a, b) => a.row - b.row));
      return checked.audits.map((a) => ({
        scopeId: a.scopeId,
        kind: 'single-case-audit' as const,
        observerUserId: a.observerUserId,
        caseId: a.caseId,
        dueDate: a.dueDate,
        month: a.month,
      }));
    },
  );
}
