// Good practice acknowledged by a QA lead or head of service (schemas/rules/good-practice.ts), as
// the observation's own pages show it: the QA lead moderating, the observer, the practitioner it
// is shared with and the printed copy all read what was acknowledged, by whom and when.
import { recordNoun } from '../../schemas/entities/observation-kind';
import type { Observation } from '../../schemas/entities/observation';
import { goodPracticeLabel } from '../../schemas/rules/good-practice';
import { formatDate } from '../lib/observation-records';
import { MultilineText } from './content';
import { SummaryCard, SummaryList } from './summary-list';

export function GoodPracticeCard({ observation }: { observation: Observation }) {
  const acknowledged = observation.goodPractice;
  if (!acknowledged?.what || !acknowledged.note?.trim()) return null;
  const by = acknowledged.byName?.trim();
  return (
    <SummaryCard title="Good practice acknowledged" id="good-practice">
      <SummaryList
        rows={[
          {
            key: 'Acknowledged',
            value: goodPracticeLabel(acknowledged.what, recordNoun[observation.kind]),
          },
          { key: 'What was good', value: <MultilineText text={acknowledged.note} /> },
          {
            key: 'By',
            value:
              [by, acknowledged.on ? `on ${formatDate(acknowledged.on)}` : '']
                .filter(Boolean)
                .join(' ') || 'Not recorded',
          },
        ]}
      />
    </SummaryCard>
  );
}
