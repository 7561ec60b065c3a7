// The QA lead's moderation of an observation or audit (its review comments: agrees or not, the
// grade they would give, why), as the observation's own page and its printed copy show it. The
// observer reads it beside their own grades: moderation is how auditors are calibrated over time.
import type { GradeScale } from '../../schemas/entities/grade-scale';
import type { Template } from '../../schemas/entities/template';
import type { RecordView } from '../db';
import { gradeLabelOf } from '../lib/observation-records';
import { MultilineText } from './content';
import { SummaryCard, SummaryList } from './summary-list';

export function ModerationCard({
  comments,
  template,
  scale,
}: {
  comments: readonly RecordView[];
  template: Template;
  scale: GradeScale;
}) {
  if (comments.length === 0) return null;
  return (
    <SummaryCard title="Moderation" id="moderation">
      <SummaryList
        rows={comments.map((cm) => {
          const itemId = cm.fields['itemId'];
          const item = template.sections.flatMap((x) => x.items).find((i) => i.id === itemId);
          const grade = cm.fields['moderatorGrade'];
          return {
            key: item?.prompt ?? 'Overall judgement',
            value: (
              <>
                <p class="govuk-body">
                  {cm.fields['agrees'] === true ? 'Agrees' : 'Disagrees'}
                  {typeof grade === 'string'
                    ? `; would grade ${gradeLabelOf(scale, grade) ?? grade}`
                    : ''}
                </p>
                <MultilineText text={String(cm.fields['reason'] ?? '')} />
              </>
            ),
          };
        })}
      />
    </SummaryCard>
  );
}
