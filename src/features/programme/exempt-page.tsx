import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { assignmentViewSchema } from '../../../schemas/api/programme';
import {
  EXEMPTION_REASONS,
  EXEMPTION_REASON_LABELS,
  hasProgress,
  isObservationAssignment,
} from '../../../schemas/entities/assignment';
import type { ExemptionReason } from '../../../schemas/entities/assignment';
import { describeFailure } from '../../lib/api';
import { useFormDraft } from '../../lib/use-form-draft';
import { useAssignmentView, useOnlineRequest } from './model';
import { AssignmentSummary } from './assignment-summary';
import { BackLink, Button, InsetText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { Textarea } from '../../ui/textarea';

/** A head of service exempts an assignment, for leave or sickness only; it is recorded. */
export function ExemptPage({ id }: { id: string }) {
  const request = useOnlineRequest();
  const { route } = useLocation();
  const { assignment, error: loadError } = useAssignmentView(id);
  // Kept on the tablet as it is typed, so the idle lock does not lose the note; gone once sent.
  const draft = useFormDraft<{ reason?: ExemptionReason; note: string }>(`exempt:${id}`, () => ({
    note: '',
  }));
  const { reason, note } = draft.value;
  const [errors, setErrors] = useState<{ href: string; text: string }[]>([]);
  usePageTitle('Why is this assignment exempt?', errors.length > 0);

  const exempt = async () => {
    if (!reason) {
      setErrors([{ href: '#reason', text: 'Select leave or sickness' }]);
      return;
    }
    const res = await request(`/api/programme/assignments/${encodeURIComponent(id)}/exempt`, {
      method: 'POST',
      schema: assignmentViewSchema,
      body: note.trim() ? { reason, note: note.trim() } : { reason },
    });
    if (res.ok) {
      await draft.clear();
      route('/programme/coverage');
    } else setErrors([{ href: '#reason', text: describeFailure(res.failure) }]);
  };

  const shown = loadError ? [{ href: '#main-content', text: loadError }] : errors;
  return (
    <>
      <BackLink href="/programme/coverage" />
      <ErrorSummary errors={shown} focusKey={loadError ?? errors} />
      <Radios
        id="reason"
        name="reason"
        legend="Why is this assignment exempt?"
        legendAsHeading
        legendSize="l"
        hint={
          assignment && isObservationAssignment(assignment.kind)
            ? 'An assignment may be exempted only for the observer’s leave or sickness.'
            : 'An audit may be exempted only for the auditor’s leave or sickness.'
        }
        before={
          assignment ? (
            <>
              <AssignmentSummary assignment={assignment} />
              {isObservationAssignment(assignment.kind) && hasProgress(assignment) ? (
                <InsetText>
                  {assignment.observerName ?? 'The observer'} has started this on their tablet.
                  Exempting it leaves what they recorded as it is.
                </InsetText>
              ) : null}
            </>
          ) : null
        }
        options={EXEMPTION_REASONS.map((r) => ({ value: r, label: EXEMPTION_REASON_LABELS[r] }))}
        value={reason}
        onChange={(v) => draft.set({ ...draft.value, reason: v as ExemptionReason })}
        error={errors[0]?.text}
      />
      <Textarea
        id="note"
        label="Note (optional)"
        hint="For example, the dates of the leave. Do not name the child or family."
        value={note}
        onInput={(v) => draft.set({ ...draft.value, note: v })}
        maxLength={1000}
        rows={3}
      />
      <Button onClick={() => void exempt()}>Exempt the assignment</Button>
    </>
  );
}
