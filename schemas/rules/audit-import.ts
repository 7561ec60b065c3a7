// The performance team's monthly selection, one row per practice group:
//
//   month,practice_group,case_id,auditor_email
//   2026-05,Hillside,AB-1234,auditor@example.org
//
// The file is parsed (csv-parse, on the server) into header and rows, then checked here whole:
// every problem is reported with its row (as a spreadsheet numbers them: the header is row 1) and
// column, and a file with any problem imports nothing.
import { z } from 'zod';
import { monthEnd } from './expectations';
import { calendarMonthSchema } from '../entities/assignment';
import { caseIdSchema } from '../entities/common';

export const AUDIT_CSV_COLUMNS = ['month', 'practice_group', 'case_id', 'auditor_email'] as const;
export type AuditCsvColumn = (typeof AUDIT_CSV_COLUMNS)[number];

export const auditCsvRowSchema = z.strictObject({
  month: calendarMonthSchema,
  practice_group: z
    .string()
    .trim()
    .min(1, { error: 'Enter the practice group’s name' })
    .max(200, { error: 'A practice group’s name is at most 200 characters' }),
  case_id: caseIdSchema(),
  auditor_email: z.email({ error: 'Enter the auditor’s email address, like name@example.org' }),
});

export const importProblemSchema = z.object({
  row: z.number().int().min(1),
  column: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

export type ImportedAudit = {
  row: number;
  month: string;
  scopeId: string;
  caseId: string;
  observerUserId: string;
  dueDate: string;
};

export type ImportLookups = {
  /** The id of a practice group the importer oversees, by name (case-insensitive) or id. */
  groupId(nameOrId: string): string | undefined;
  /** The id of an active person who may audit, by email. */
  auditorId(email: string): string | undefined;
};

export const problemText = (p: ImportProblem) =>
  p.row === 1
    ? `Row 1 (the header): ${p.message}`
    : `Row ${p.row}, column ${p.column}: ${p.message}`;

/**
 * Every problem in the file, or the audits it selects (each due at the end of its month). Rows
 * are the parsed records after the header, in file order.
 */
export function checkAuditImport(
  header: readonly string[],
  rows: readonly Readonly<Record<string, string>>[],
  lookups: ImportLookups,
): { ok: true; audits: ImportedAudit[] } | { ok: false; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  for (const column of AUDIT_CSV_COLUMNS) {
    if (!header.includes(column))
      problems.push({ row: 1, column, message: `the file has no column ${column}` });
  }
  header.forEach((column, i) => {
    // Two columns of one name would leave one of them silently unread.
    if (header.indexOf(column) !== i)
      problems.push({ row: 1, column, message: `the file has the column ${column} twice` });
    else if (!(AUDIT_CSV_COLUMNS as readonly string[]).includes(column))
      problems.push({
        row: 1,
        column,
        message: `${column} is not a column of the selection (expected ${AUDIT_CSV_COLUMNS.join(', ')})`,
      });
  });
  if (problems.length) return { ok: false, problems };
  if (rows.length === 0)
    return { ok: false, problems: [{ row: 2, column: 'month', message: 'the file has no rows' }] };

  const audits: ImportedAudit[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, i) => {
    const row = i + 2;
    const parsed = auditCsvRowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ row, column: String(issue.path[0] ?? ''), message: issue.message });
      }
      return;
    }
    const r = parsed.data;
    const scopeId = lookups.groupId(r.practice_group);
    const observerUserId = lookups.auditorId(r.auditor_email.toLowerCase());
    if (!scopeId)
      problems.push({
        row,
        column: 'practice_group',
        message: `there is no practice group called ${r.practice_group} among the teams you oversee`,
      });
    if (!observerUserId)
      problems.push({
        row,
        column: 'auditor_email',
        message: 'no active auditor has this email address',
      });
    if (!scopeId || !observerUserId) return;
    const key = `${r.month} ${scopeId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        row,
        column: 'practice_group',
        message: `this group already has an audit for ${r.month} in row ${earlier}`,
      });
      return;
    }
    seen.set(key, row);
    const [year, month] = r.month.split('-').map(Number) as [number, number];
    audits.push({
      row,
      month: r.month,
      scopeId,
      caseId: r.case_id,
      observerUserId,
      dueDate: monthEnd(year, month),
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, audits };
}
