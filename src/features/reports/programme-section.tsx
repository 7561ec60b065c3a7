import type { ProgrammeFigures } from '../../../schemas/reports/programme-figures';
import type { QuarterlyReport } from '../../../schemas/reports/quarterly-report';
import { formatDate } from '../../lib/observation-records';
import { BarChart } from '../../ui/bar-chart';
import { ScrollRegion } from '../../ui/scroll-region';

// The observation and audit programme in the quarterly report: the assignments due in the
// quarters chosen and what became of them, overall as a chart and by quarter and team as a table.

const COLUMNS: { key: keyof ProgrammeFigures; label: string }[] = [
  { key: 'due', label: 'Due' },
  { key: 'done', label: 'Done' },
  { key: 'doneLate', label: 'Of which late' },
  { key: 'overdue', label: 'Overdue' },
  { key: 'exempted', label: 'Exempted' },
];

export function ProgrammeSection({
  report,
  labelOf,
  scopeName,
}: {
  report: QuarterlyReport;
  labelOf: (key: string) => string;
  scopeName: (id: string) => string;
}) {
  const { rows, total } = report.programme;
  return (
    <>
      <h2 class="govuk-heading-m">Observation and audit programme</h2>
      <BarChart
        id="chart-programme"
        caption="Programme assignments due in these quarters, by what became of them"
        unit="assignments"
        bars={COLUMNS.map((c) => ({ label: c.label, value: total[c.key] }))}
      />
      {rows.length === 0 ? (
        <p class="govuk-body">No programme assignments were due in these quarters.</p>
      ) : (
        <ScrollRegion label="Programme assignments by quarter, service and practice group">
          <table class="govuk-table" data-testid="programme-table">
            <caption class="govuk-table__caption govuk-table__caption--s">
              Programme assignments by quarter, service and practice group
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  Quarter
                </th>
                <th scope="col" class="govuk-table__header">
                  Team
                </th>
                {COLUMNS.map((c) => (
                  <th
                    scope="col"
                    key={c.key}
                    class="govuk-table__header govuk-table__header--numeric"
                  >
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {rows.map((r) => (
                <tr class="govuk-table__row" key={`${r.quarter}-${r.scopeId}`}>
                  <td class="govuk-table__cell">{labelOf(r.quarter)}</td>
                  <th scope="row" class="govuk-table__header">
                    {r.serviceId === r.scopeId
                      ? scopeName(r.scopeId)
                      : `${scopeName(r.serviceId)}: ${scopeName(r.scopeId)}`}
                  </th>
                  {COLUMNS.map((c) => (
                    <td class="govuk-table__cell govuk-table__cell--numeric" key={c.key}>
                      {r.figures[c.key]}
                    </td>
                  ))}
                </tr>
              ))}
              <tr class="govuk-table__row">
                <td class="govuk-table__cell" />
                <th scope="row" class="govuk-table__header">
                  Total
                </th>
                {COLUMNS.map((c) => (
                  <td class="govuk-table__cell govuk-table__cell--numeric" key={c.key}>
                    {total[c.key]}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p class="govuk-body-s app-secondary-text">
        An assignment counts in the quarter of its due date. Done late: finished after its due date.
        Overdue: neither finished nor exempted, and due before {formatDate(report.query.asOf)}.
      </p>
    </>
  );
}
