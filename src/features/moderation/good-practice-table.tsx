import { recordNoun } from '../../../schemas/entities/observation-kind';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { goodPracticeLabel } from '../../../schemas/rules/good-practice';
import type { GoodPracticeWhat } from '../../../schemas/rules/good-practice';
import type { RecordSummary } from '../../db';
import { formatDate } from '../../lib/observation-records';
import { Table } from '../../ui/table';
import { ModerationLink } from './moderation-link';

const CAPTION = 'Good practice acknowledged';

/**
 * Of these observations, those with good practice acknowledged, newest acknowledgement first: the
 * QAF asks QA leads to highlight it, so it is gathered here as well as shown on each observation.
 */
export function acknowledgedFirst(rows: RecordSummary[]): RecordSummary[] {
  return rows
    .filter((r) => typeof r.fields['goodPractice.what'] === 'string')
    .sort((a, b) => acknowledgedOn(b).localeCompare(acknowledgedOn(a)));
}

const acknowledgedOn = (r: RecordSummary): string => {
  const on = r.fields['goodPractice.on'];
  return typeof on === 'string' ? on : '';
};

export function GoodPracticeTable({ rows }: { rows: RecordSummary[] }) {
  if (rows.length === 0) {
    return (
      <>
        <h2 class="govuk-heading-m">{CAPTION}</h2>
        <p class="govuk-body">No good practice acknowledged yet.</p>
      </>
    );
  }
  return (
    <Table
      caption={`${CAPTION} (${rows.length})`}
      rowHeaders={false}
      columns={[
        { header: 'Observation', cell: (r) => <ModerationLink row={r} /> },
        { header: 'Case ID', cell: (r) => String(r.fields['context.caseId'] ?? '') },
        {
          header: 'What was acknowledged',
          cell: (r) =>
            goodPracticeLabel(
              r.fields['goodPractice.what'] as GoodPracticeWhat,
              recordNoun[r.fields['kind'] as ObservationKind] ?? 'observation',
            ),
        },
        {
          header: 'Acknowledged on',
          cell: (r) => {
            const on = acknowledgedOn(r);
            return on ? formatDate(on) : '';
          },
        },
      ]}
      rows={rows}
      rowKey={(r) => r.id}
    />
  );
}
