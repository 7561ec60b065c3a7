// A single case audit's discussion by a head of service (schemas/rules/sample-discussion.ts), as
// the audit's own pages show it: the auditor, the QA lead moderating and the printed copy all read
// that the case was discussed, when, and what was noted.
import type { Observation } from '../../schemas/entities/observation';
import { formatDate } from '../lib/observation-records';
import { MultilineText } from './content';
import { SummaryCard, SummaryList } from './summary-list';

export function SampleDiscussionCard({ observation }: { observation: Observation }) {
  const discussion = observation.sampleDiscussion;
  if (!discussion?.heldOn) return null;
  return (
    <SummaryCard title="Discussion with the head of service" id="sample-discussion">
      <SummaryList
        rows={[
          { key: 'Discussed on', value: formatDate(discussion.heldOn) },
          {
            key: 'Notes',
            value: discussion.note?.trim() ? <MultilineText text={discussion.note} /> : 'None',
          },
        ]}
      />
    </SummaryCard>
  );
}
