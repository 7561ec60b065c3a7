import { useMemo } from 'preact/hooks';
import { monthlyAuditCsvFiles } from '../../../schemas/reports/monthly-audit-csv';
import type { MonthlyAuditReport } from '../../../schemas/reports/monthly-audit-report';
import { formatMonth } from '../../lib/observation-records';
import { DownloadNotice } from '../../ui/download-notice';

/**
 * The report shown, as CSV files written on this tablet: no server, so no signal needed. Each
 * link holds its file as a data URL, so a plain link downloads it (nothing to fetch or revoke),
 * and it changes only with the report shown, not with choices not yet shown.
 */
export function MonthlyCsvDownloads({
  report,
  service,
}: {
  report: MonthlyAuditReport;
  service: string;
}) {
  const files = useMemo(() => monthlyAuditCsvFiles(report), [report]);
  const links = [
    { key: 'summary', words: 'Summary', file: files.summary },
    { key: 'audits', words: 'Audits', file: files.audits },
  ];
  return (
    <div class="app-no-print">
      <h2 class="govuk-heading-m">Download the report (CSV)</h2>
      <p class="govuk-body">
        For a spreadsheet or the monthly return: the summary above in one row, and the audits, one
        row per audit. Made on this tablet from the report shown, so it works with no signal.
      </p>
      <DownloadNotice holds="case IDs and the audits’ judgements" />
      <ul class="govuk-list">
        {links.map(({ key, words, file }) => (
          <li key={key}>
            <a
              class="govuk-link"
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(file.text)}`}
              download={file.filename}
            >
              {words} (CSV)
              {/* Heard alone in a list of links, each says which report it holds. */}
              <span class="govuk-visually-hidden">
                {' '}
                for {service}, {formatMonth(report.query.month)}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
