import { gradeLabel } from '../entities/grade-scale';
import { goodPracticeLabel } from '../rules/good-practice';
import { csvText } from './csv-text';
import type { CsvCell } from './csv-text';
import type { MonthlyAuditReport } from './monthly-audit-report';

// The monthly audit report as two CSV files for a QA lead's monthly return, made on the tablet
// from the report the page shows. Two files, not one: the audits are one row each, the summary is
// one row of different columns, and a spreadsheet reads a file as one table. Each summary is one
// row with the service and month in it, so a year's returns, or every service's, stack under one
// header. Words as the page and the quarterly report's table file use them; dates `YYYY-MM-DD`.
// Nothing written in words by a person: case IDs, teams, grades and counts only.

export const MONTHLY_AUDITS_COLUMNS = [
  'Service',
  'Month',
  'Case ID',
  'Team',
  'Date of audit',
  'Overall judgement',
  'Actions raised',
  'Actions open',
  'Actions overdue',
  'Actions done',
  'Discussed on',
  'Good practice',
] as const;

export const MONTHLY_SUMMARY_COLUMNS = [
  'Service',
  'Teams',
  'Month',
  'Overdue judged on',
  'Audits due',
  'Audits completed',
  'Of which late',
  'Audits overdue',
  'Audits exempted',
  'Audits submitted',
  'Actions raised',
  'Actions open',
  'Of which overdue',
  'Actions done',
  'Actions cancelled',
  'Good practice acknowledged',
  'Sample discussion',
  'Audits discussed',
  'Discussed in time',
  'Discussion due by',
] as const;

/** How the heads of service's discussion of a sample stands, in the page's words. */
export const DISCUSSION_WORDS = {
  met: 'Sample discussed',
  due: 'Due',
  missed: 'None discussed in time',
} as const;

export type MonthlyCsvFile = { filename: string; text: string };

/** A file name's part from a service's name: "Looked-after children" is `looked-after-children`. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'service' : slug;
}

export function monthlyAuditCsvFiles(report: MonthlyAuditReport): {
  summary: MonthlyCsvFile;
  audits: MonthlyCsvFile;
} {
  const { scopeId, month, asOf } = report.query;
  const name = (id: string) => report.scopes.find((s) => s.id === id)?.name ?? 'Unknown team';
  // The report of a practice group alone (its service not overseen): the Service column is its
  // service, the Team column the group, and the file is named by both.
  const chosen = report.scopes.find((s) => s.id === scopeId);
  const service = chosen?.parentName ?? name(scopeId);
  const slug = fileSlug(chosen?.parentName ? `${chosen.parentName} ${chosen.name}` : service);
  const grade = (key: string | null) =>
    key === null ? null : (gradeLabel(report.gradeScale, key) ?? key);

  const audits: CsvCell[][] = report.audits.map((l) => [
    service,
    month,
    l.caseId,
    name(l.scopeId),
    l.date,
    grade(l.overallGrade),
    l.actions.raised,
    l.actions.open,
    l.actions.overdue,
    l.actions.done,
    l.discussedOn,
    l.goodPractice ? goodPracticeLabel(l.goodPractice.what, 'audit') : null,
  ]);

  const p = report.programme.total;
  const a = report.actions;
  const d = report.discussion;
  const summary: CsvCell[] = [
    service,
    report.scopes.map((s) => s.name).join('; '),
    month,
    asOf,
    p.due,
    p.done,
    p.doneLate,
    p.overdue,
    p.exempted,
    report.submitted,
    a.raised,
    a.open,
    a.overdue,
    a.done,
    a.cancelled,
    report.goodPractice.acknowledged,
    d ? DISCUSSION_WORDS[d.state] : 'No audits to discuss',
    d?.discussed ?? 0,
    d?.discussedInTime ?? 0,
    d?.dueBy ?? null,
  ];

  return {
    summary: {
      filename: `monthly-audit-summary-${slug}-${month}.csv`,
      text: csvText([[...MONTHLY_SUMMARY_COLUMNS], summary]),
    },
    audits: {
      filename: `monthly-audit-${slug}-${month}.csv`,
      text: csvText([[...MONTHLY_AUDITS_COLUMNS], ...audits]),
    },
  };
}
