import type { AssignmentView } from '../../../schemas/api/programme';
import { observationKindLabels } from '../../../schemas/entities/observation-kind';
import { SummaryList } from '../../ui/summary-list';
import { formatDate, subjectOf } from './model';

/** Which assignment a QA lead or head of service is about to change or exempt, at a glance. */
export function AssignmentSummary({ assignment }: { assignment: AssignmentView }) {
  return (
    <SummaryList
      rows={[
        { key: 'Assignment', value: observationKindLabels[assignment.kind] },
        { key: 'Of', value: subjectOf(assignment) || 'Not named' },
        { key: 'Observer', value: assignment.observerName ?? 'Not known' },
        { key: 'Team', value: assignment.teamName ?? '' },
        { key: 'Due', value: formatDate(assignment.dueDate) },
      ]}
    />
  );
}
