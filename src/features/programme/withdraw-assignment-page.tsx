import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { withdrawnAssignmentSchema } from '../../../schemas/api/programme';
import { observationKindLabels } from '../../../schemas/entities/observation-kind';
import { describeFailure } from '../../lib/api';
import { useFormDraft } from '../../lib/use-form-draft';
import { useServices } from '../../lib/services';
import { BackLink, Button, WarningText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { SummaryList } from '../../ui/summary-list';
import { Textarea } from '../../ui/textarea';
import { formatDate, subjectOf, useAssignmentView, useOnlineRequest } from './model';

/** A QA lead withdraws an assignment planned in error, saying why; the reason is audited. */
export function WithdrawAssignmentPage({ id }: { id: string }) {
  const { online } = useServices();
  const request = useOnlineRequest();
  const { route } = useLocation();
  const { assignment, error: loadError } = useAssignmentView(id);
  // Kept on the tablet as it is typed, so the idle lock does not lose the reason; gone once sent.
  const draft = useFormDraft<string>(`withdraw:${id}`, () => '');
  const reason = draft.value;
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  usePageTitle('Withdraw the assignment', error !== null);

  const withdraw = async () => {
    setAttempt((n) => n + 1);
    if (!reason.trim()) {
      setError('Enter why the assignment is being withdrawn');
      return;
    }
    setBusy(true);
    const res = await request(`/api/programme/assignments/${encodeURIComponent(id)}/withdraw`, {
      method: 'POST',
      schema: withdrawnAssignmentSchema,
      body: { reason: reason.trim() },
    });
    setBusy(false);
    if (res.ok) {
      await draft.clear();
      route('/programme/coverage');
    } else setError(describeFailure(res.failure));
  };

  const shown = loadError
    ? [{ href: '#main-content', text: loadError }]
    : error
      ? [{ href: '#reason', text: error }]
      : [];
  return (
    <>
      <BackLink href="/programme/coverage" />
      <ErrorSummary errors={shown} focusKey={loadError ?? attempt} />
      <h1 class="govuk-heading-l">Withdraw the assignment</h1>
      {assignment ? (
        <>
          <SummaryList
            rows={[
              { key: 'Assignment', value: observationKindLabels[assignment.kind] },
              { key: 'Of', value: subjectOf(assignment) || 'Not named' },
              { key: 'Observer', value: assignment.observerName ?? '' },
              { key: 'Due', value: formatDate(assignment.dueDate) },
            ]}
          />
          <WarningText>
            It will leave {assignment.observerName ?? 'the observer'}’s tablet and no longer count
            in coverage. An observation already started from it stays theirs.
          </WarningText>
          <Textarea
            id="reason"
            label="Why is it being withdrawn?"
            hint="For example, planned twice for the same case. Do not name the child or family."
            value={reason}
            onInput={draft.set}
            maxLength={1000}
            rows={3}
            error={error ?? undefined}
          />
          <Button variant="warning" onClick={() => void withdraw()} disabled={busy || !online}>
            Withdraw the assignment
          </Button>
        </>
      ) : null}
    </>
  );
}
