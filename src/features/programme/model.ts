// Assignments as the tablet holds them: read from the device's store (they arrive by pull, like
// every record), their state worked out with the same rule the server's views use.
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import { assignmentsResponseSchema } from '../../../schemas/api/programme';
import type { AssignmentView } from '../../../schemas/api/programme';
import { assignmentFromFields } from '../../../schemas/entities/assignment';
import type { Assignment } from '../../../schemas/entities/assignment';
import { assignmentState } from '../../../schemas/rules/coverage';
import type { CoverageState } from '../../../schemas/rules/coverage';
import type { RecordView } from '../../db';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import type { TagColour } from '../../ui/content';
import { api, describeFailure } from '../../lib/api';
import type { ApiRequest, ApiResult } from '../../lib/api';
import { useServices } from '../../lib/services';

export const londonToday = () => londonDateOf(new Date());

export function toAssignment(r: RecordView): Assignment {
  return assignmentFromFields({ id: r.id, scopeId: r.scopeId ?? '' }, r.fields);
}

export const STATE_COLOURS: Record<CoverageState, TagColour> = {
  done: 'green',
  exempted: 'grey',
  overdue: 'red',
  'due-soon': 'yellow',
  due: 'blue',
};

export const stateOf = (a: Assignment) => assignmentState(a, londonToday());

export { formatDate, formatMonth } from '../../lib/observation-records';

/** Who or what is observed, in a few words. */
export function subjectOf(a: Assignment): string {
  if (a.caseId) return `Case ${a.caseId}`;
  return a.observedName ?? a.meeting ?? '';
}

/** Online requests with the person's token: planning, exemptions and coverage (never records). */
export function useOnlineRequest() {
  const { token } = useServices();
  return <S extends z.ZodType>(
    path: string,
    req: Omit<ApiRequest<S>, 'token'>,
  ): Promise<ApiResult<z.infer<S>>> => api(path, { ...req, token: token() });
}

/** One assignment the person may see, fetched from the server's list; null until it arrives. */
export function useAssignmentView(id: string): {
  assignment: AssignmentView | null;
  error: string | null;
} {
  const request = useOnlineRequest();
  const [assignment, setAssignment] = useState<AssignmentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void request('/api/programme/assignments', { schema: assignmentsResponseSchema }).then((r) => {
      if (!r.ok) setError(describeFailure(r.failure));
      else {
        const found = r.value.assignments.find((a) => a.id === id);
        if (found) setAssignment(found);
        else setError('There is no such assignment among those you oversee.');
      }
    });
  }, [id]);
  return { assignment, error };
}
