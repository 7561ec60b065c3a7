import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { directoryResponseSchema } from '../../../schemas/api/directory';
import type { DirectoryPerson } from '../../../schemas/api/directory';
import { assignmentViewSchema } from '../../../schemas/api/programme';
import { hasProgress } from '../../../schemas/entities/assignment';
import {
  AUDIT_OVERDUE_MESSAGE,
  isOverdueAuditExtended,
} from '../../../schemas/rules/audit-due-date';
import { addDays } from '../../../schemas/calendar/dates';
import { assignmentHere } from '../../lib/assignments-here';
import { describeFailure } from '../../lib/api';
import { useFormDraft } from '../../lib/use-form-draft';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { BackLink, Button, InsetText } from '../../ui/content';
import { AssignmentSummary } from './assignment-summary';
import { DateInput } from '../../ui/date-input';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Select } from '../../ui/select';
import {
  canObserve,
  dateExample,
  londonToday,
  observerLabel,
  useAssignmentView,
  useOnlineRequest,
} from './model';

type Problem = { href: string; text: string };

/**
 * What has been changed on the form, and only that: a field left as the assignment has it is not
 * kept. A due date is kept whole (null once its boxes are emptied), or as the boxes while they
 * make no date yet (`partial`).
 */
type Changes = { observer?: string; dueDate?: string | null; partial?: string };

/**
 * A QA lead gives an open assignment to another observer (someone off sick, or gone) or another
 * due date. Once the observer has started it, only the date can change: the observation is theirs.
 */
export function ChangeAssignmentPage({ id }: { id: string }) {
  const { online, store } = useServices();
  const request = useOnlineRequest();
  const { route } = useLocation();
  const { assignment, error: loadError } = useAssignmentView(id);
  const [people, setPeople] = useState<DirectoryPerson[]>([]);
  // On the tablet as it is chosen, so the idle lock does not lose it; gone once the change is sent.
  const draft = useFormDraft<Changes>(`assignment-change:${id}`, () => ({}));
  const observer = draft.value.observer ?? assignment?.observerUserId ?? '';
  const dueDate = draft.value.dueDate !== undefined ? draft.value.dueDate : assignment?.dueDate;
  // The date boxes say two things at once (whole or not, then the date): each builds on the last.
  const latest = useRef(draft.value);
  latest.current = draft.value;
  const change = (patch: Changes) => {
    const next: Changes = { ...latest.current, ...patch };
    // Chosen back to what the assignment has: nothing to keep.
    if (next.observer === undefined || next.observer === assignment?.observerUserId)
      delete next.observer;
    if (next.dueDate === undefined || next.dueDate === assignment?.dueDate) delete next.dueDate;
    if (next.partial === undefined) delete next.partial;
    latest.current = next;
    draft.set(next);
  };
  const [errors, setErrors] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Change the assignment', errors.length > 0);

  useEffect(() => {
    void request('/api/directory', { schema: directoryResponseSchema }).then((r) => {
      if (r.ok) setPeople(r.value.people.filter(canObserve));
    });
  }, []);

  // Started as the tablet judges it everywhere else (assignmentHere): an observation deleted here,
  // or not here at all, is no start, though the server's copy still names it.
  const here = useLive(async () => {
    if (!assignment) return null;
    const { id: _id, scopeId, state: _state, ...fields } = assignment;
    return assignmentHere(store, { id, scopeId, fields });
  }, [store, assignment]);
  const started = here.value ? hasProgress(here.value) : false;
  // QAF 2f: an overdue audit is not given more time but by the head of service's exemption.
  const overdueAudit =
    assignment !== null &&
    assignment.kind === 'single-case-audit' &&
    assignment.dueDate < londonToday();
  const save = async () => {
    if (!assignment) return;
    const body: { observerUserId?: string; dueDate?: string } = {};
    if (!started && observer && observer !== assignment.observerUserId)
      body.observerUserId = observer;
    if (!dueDate || draft.value.partial !== undefined) {
      setErrors([{ href: '#due-date', text: 'Enter the due date as a real date' }]);
      return;
    }
    if (dueDate !== assignment.dueDate) body.dueDate = dueDate;
    if (body.dueDate && isOverdueAuditExtended(assignment, body.dueDate, londonToday())) {
      setErrors([{ href: '#due-date', text: AUDIT_OVERDUE_MESSAGE }]);
      return;
    }
    if (!body.observerUserId && !body.dueDate) {
      setErrors([
        {
          href: started ? '#due-date' : '#observer',
          text: started
            ? 'Enter another due date'
            : 'Choose another observer or enter another due date',
        },
      ]);
      return;
    }
    setBusy(true);
    const res = await request(`/api/programme/assignments/${encodeURIComponent(id)}/change`, {
      method: 'POST',
      schema: assignmentViewSchema,
      body,
    });
    setBusy(false);
    if (res.ok) {
      await draft.clear();
      route('/programme/coverage');
    } else
      setErrors([
        {
          href:
            started || (res.failure.kind === 'refused' && res.failure.code === 'AUDIT_OVERDUE')
              ? '#due-date'
              : '#observer',
          text: describeFailure(res.failure),
        },
      ]);
  };

  const shown = loadError ? [{ href: '#main-content', text: loadError }] : errors;
  const errorAt = (href: string) => errors.find((e) => e.href === href)?.text;
  // The current observer stays on the list even if the directory does not hold them (a guest).
  const choices =
    assignment && !people.some((p) => p.id === assignment.observerUserId)
      ? [
          {
            id: assignment.observerUserId,
            displayName: assignment.observerName ?? 'Current observer',
          },
          ...people,
        ]
      : people;
  return (
    <>
      <BackLink href="/programme/coverage" />
      <ErrorSummary errors={shown} focusKey={loadError ?? errors} />
      <h1 class="govuk-heading-l">Change the assignment</h1>
      {assignment && draft.ready && here.value ? (
        <>
          <AssignmentSummary assignment={assignment} />
          {started ? (
            <InsetText>
              {assignment.observerName ?? 'The observer'} has started this on their tablet, so it
              stays theirs; only its due date can change here.
            </InsetText>
          ) : (
            <Select
              id="observer"
              label="Observer"
              labelSize="s"
              hint="The assignment leaves the current observer’s tablet and reaches the new one’s."
              value={observer}
              onChange={(v) => change({ observer: v })}
              options={choices.map((p) => ({
                value: p.id,
                label: 'role' in p ? observerLabel(p) : p.displayName,
              }))}
              error={errorAt('#observer')}
            />
          )}
          {overdueAudit ? (
            <InsetText>
              This audit is overdue. Its due date cannot be moved later: an audit may miss its
              timescale only by an exemption from the head of service for leave or sickness.
            </InsetText>
          ) : null}
          <DateInput
            id="due-date"
            legend="Due date"
            // A due date is ahead, so the example is too: a month from today.
            hint={`For example, ${dateExample(addDays(londonToday(), 30))}`}
            value={dueDate ?? undefined}
            onChange={(v) => change({ dueDate: v })}
            partial={draft.value.partial}
            onPartial={(kept) => change({ partial: kept ?? undefined })}
            checkOnBlur={false}
            error={errorAt('#due-date')}
          />
          <Button onClick={() => void save()} disabled={busy || !online}>
            Save the changes
          </Button>
        </>
      ) : null}
    </>
  );
}
