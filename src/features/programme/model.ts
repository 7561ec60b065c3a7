// Assignments as the tablet holds them: read from the device's store (they arrive by pull, like
// every record), their state worked out with the same rule the server's views use.
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import { OBSERVING_ROLES } from '../../../schemas/api/account';
import type { DirectoryPerson } from '../../../schemas/api/directory';
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

export { dateExample } from '../../ui/date-input';

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

/** Its state today; an observation assignment with its observation submitted here is done. */
export const stateOf = (a: Assignment & { observationStatus?: string | undefined }) =>
  assignmentState(a, londonToday());

export { formatDate, formatMonth } from '../../lib/observation-records';

/**
 * Whether a person in the directory can be given an assignment to observe: the observing roles,
 * and a guest observer (in no team; the directory lists the active ones to a QA lead).
 */
export const canObserve = (p: Pick<DirectoryPerson, 'role'>) =>
  OBSERVING_ROLES.has(p.role) || p.role === 'guest';

/**
 * Whether a person can be the one observed in an assignment of a team: someone of that team, as
 * the observer can share the observation only with someone of its team; never a guest observer
 * from another authority.
 */
export const canBeObservedIn =
  (scopeId: string) => (p: Pick<DirectoryPerson, 'role' | 'scopeIds'>) =>
    p.role !== 'guest' && p.scopeIds.includes(scopeId);

/** A person as a choice of observer: a guest is named as one ("Gina Guest (guest observer)"). */
export const observerLabel = (p: Pick<DirectoryPerson, 'role' | 'displayName'>) =>
  p.role === 'guest' ? `${p.displayName} (guest observer)` : p.displayName;

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
