import type { QuarterlyReport } from '../../../schemas/reports/quarterly-report';
import { formatDate, kindLabels } from '../../lib/observation-records';
import { Table } from '../../ui/table';

/**
 * Improvement plans being tracked: actions still open and past their due date, whichever quarter
 * their observation or audit was in, so a plan from last year's audit is not lost from view when
 * the report's quarters move on.
 */
export function TrackedActions({
  report,
  scopeName,
}: {
  report: QuarterlyReport;
  scopeName: (id: string) => string;
}) {
  const total = report.openOverdue.reduce((n, r) => n + r.count, 0);
  return (
    <>
      <h3 class="govuk-heading-s">Overdue now, from any quarter</h3>
      {total === 0 ? (
        <p class="govuk-body">
          No improvement action in these teams was open and past its due date on{' '}
          {formatDate(report.query.asOf)}.
        </p>
      ) : (
        <Table
          caption={`Improvement actions open and past their due date on ${formatDate(report.query.asOf)}, whenever their observation or audit was: ${total}`}
          captionSize="hidden"
          rows={report.openOverdue}
          rowKey={(r) => `${r.scopeId}|${r.kind}`}
          columns={[
            { header: 'Team', cell: (r) => scopeName(r.scopeId) },
            { header: 'Kind', cell: (r) => kindLabels[r.kind] },
            { header: 'Actions overdue', cell: (r) => r.count, numeric: true },
          ]}
        />
      )}
    </>
  );
}
