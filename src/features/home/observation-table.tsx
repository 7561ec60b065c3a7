import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import type { RecordSummary } from '../../db';
import { Tag } from '../../ui/content';
import { londonShortDateTimeOf } from '../../../schemas/calendar/london-time';
import { Table } from '../../ui/table';

// Kind and status words are repeated here rather than imported: features do not import each
// other, and these are short labels, not rules.
const kinds: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'CP conference chairing',
  'lac-review-chairing': 'LAC review chairing',
  'frontline-practice': 'Frontline practice',
  'family-feedback-call': 'Family feedback call',
  'single-case-audit': 'Single case audit',
};
const statuses: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  moderated: 'Moderated',
  closed: 'Closed',
};

export function ObservationTable({
  caption,
  rows,
  kept,
}: {
  caption: string;
  rows: RecordSummary[];
  /** How many texts are kept on this tablet for each record (kept aside by two windows). */
  kept: ReadonlyMap<string, number>;
}) {
  return (
    <Table
      caption={caption}
      captionSize="hidden"
      rowHeaders={false}
      columns={[
        { header: 'Observation', cell: (r) => <ObservationLink row={r} /> },
        { header: 'Case ID', cell: (r) => String(r.fields['context.caseId'] ?? 'No case ID yet') },
        { header: 'Status', cell: (r) => <StatusCell row={r} kept={kept.get(r.id) ?? 0} /> },
        { header: 'Last changed', cell: (r) => londonShortDateTimeOf(r.updatedAt) },
      ]}
      rows={rows}
      rowKey={(r) => r.id}
    />
  );
}

function ObservationLink({ row: r }: { row: RecordSummary }) {
  const observed = r.fields['context.observedName'];
  const caseId = r.fields['context.caseId'];
  const created = r.fields['createdAt'];
  // Without a case ID, drafts of one kind all read alike in a list of links (WCAG 2.4.4): when
  // each was started tells them apart, for everyone.
  const started = !caseId && typeof created === 'string' ? londonShortDateTimeOf(created) : null;
  return (
    <>
      <a class="govuk-link" href={`/observations/${r.id}`}>
        {kinds[r.fields['kind'] as ObservationKind] ?? 'Observation'}
        <span class="govuk-visually-hidden">
          {observed ? ` of ${String(observed)}` : ''}
          {caseId ? `, case ${String(caseId)}` : ''}
          {started ? `, started ${started}` : ''}
        </span>
      </a>
      {observed ? <div class="govuk-body-s app-secondary-text">{String(observed)}</div> : null}
      {started ? <div class="govuk-body-s app-secondary-text">Started {started}</div> : null}
    </>
  );
}

function StatusCell({ row: r, kept }: { row: RecordSummary; kept: number }) {
  const status = String(r.fields['status'] ?? 'draft');
  // The server's conflicts and the texts kept on this tablet: each is an answer to settle.
  const toSettle = r.conflictCount + kept;
  return (
    <>
      <Tag colour={status === 'returned' ? 'orange' : status === 'draft' ? 'grey' : 'blue'}>
        {statuses[status] ?? status}
      </Tag>
      {r.pending ? <div class="govuk-body-s app-secondary-text">Not sent yet</div> : null}
      {toSettle > 0 ? (
        <div class="govuk-body-s">
          {/* In the words of the panel the person will find beside the answer. */}
          <Tag colour="orange">
            {r.conflictCount === 0 ? 'Changed in two places' : 'Edited on another device'}
          </Tag>
          <div class="app-secondary-text" data-testid="needs-decision">
            {toSettle === 1
              ? '1 answer needs your decision'
              : `${toSettle} answers need your decision`}
          </div>
        </div>
      ) : null}
    </>
  );
}
