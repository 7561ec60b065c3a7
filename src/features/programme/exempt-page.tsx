import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { assignmentViewSchema } from '../../../schemas/api/programme';
import { EXEMPTION_REASONS, EXEMPTION_REASON_LABELS } from '../../../schemas/entities/assignment';
import type { ExemptionReason } from '../../../schemas/entities/assignment';
import { describeFailure } from '../../lib/api';
import { useFormDraft } from '../../lib/use-form-draft';
import { useOnlineRequest } from './model';
import { BackLink, Button } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { Textarea } from '../../ui/textarea';

/** A head of service exempts an assignment, for leave or sickness only; it is recorded. */
export function ExemptPage({ id }: { id: string }) {
  const request = useOnlineRequest();
  const { route } = useLocation();
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

  return (
    <>
      <BackLink href="/programme/coverage" />
      <ErrorSummary errors={errors} focusKey={errors} />
      <Radios
        id="reason"
        name="reason"
        legend="Why is this assignment exempt?"
        legendAsHeading
        legendSize="l"
        hint="An audit may be exempted only for the auditor’s leave or sickness."
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
