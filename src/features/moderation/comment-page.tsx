import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { reviewCommentFieldsSchema } from '../../../schemas/entities/child-fields';
import { authorsGradeLabel } from '../../../schemas/entities/kind-words';
import type { FieldValue } from '../../../schemas/sync/records';
import { readScratch, saveFields } from '../../db';
import type { Scratch } from '../../db';
import { keepScratchValue } from '../../lib/keep-scratch';
import { newRecordId } from '../../lib/ids';
import { gradeLabelOf } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import type { RecordFamily } from '../../lib/use-record-family';
import { BackLink, Button, InsetText, MultilineText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import type { ErrorLink } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { Textarea } from '../../ui/textarea';
import { FamilyGate } from './family-gate';
import { gradeOptions, judgementsOf } from './judgements';
import type { Judgement } from './judgements';

const REASON_MAX = 5000;

export function CommentPage({ id, itemId }: { id: string; itemId: string }) {
  return (
    <FamilyGate id={id}>
      {(family) => {
        const judgement = judgementsOf(family.observation, family.template, family.comments).find(
          (j) => j.key === itemId,
        );
        return judgement ? (
          <CommentForm family={family} judgement={judgement} />
        ) : (
          <p class="govuk-body">This checklist has no such judgement.</p>
        );
      }}
    </FamilyGate>
  );
}

/** Scratch of a comment being typed: kept through a lock or a crash until it is saved. */
const draftId = (observationId: string, key: string) => `moderation-${observationId}-${key}`;

function CommentForm({ family, judgement: j }: { family: RecordFamily; judgement: Judgement }) {
  const { store, sync } = useServices();
  const { route } = useLocation();
  const [agrees, setAgrees] = useState<string | undefined>();
  const [grade, setGrade] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [busy, setBusy] = useState(false);
  const scratchId = draftId(family.view.id, j.key);
  usePageTitle(`Comment on: ${j.prompt}`, errors.length > 0);

  // The comment kept from before is read back before the form shows: typing begun before it
  // arrived would be written over by it (or, kept, would write over it).
  const [readFor, setReadFor] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    readScratch(store.db, store.cipher, scratchId)
      .catch(() => ({}) as Scratch)
      .then((s) => {
        if (!live) return;
        setAgrees(s['agrees']);
        setGrade(s['grade']);
        setReason(s['reason'] ?? '');
        setReadFor(scratchId);
      });
    return () => {
      live = false;
    };
  }, [store, scratchId]);
  const keep = (path: string, value: string | undefined) =>
    void keepScratchValue(store, scratchId, path, value ?? null);

  const back = `/moderation/${family.view.id}#judgement-${j.key}`;
  const save = async () => {
    const found: ErrorLink[] = [];
    if (agrees === undefined)
      found.push({ href: '#comment-agrees', text: 'Select whether you agree with the grade' });
    if (!reason.trim())
      found.push({ href: '#comment-reason', text: 'Enter the reason for your view' });
    if (reason.length > REASON_MAX)
      found.push({
        href: '#comment-reason',
        text: `Reason must be ${REASON_MAX} characters or fewer`,
      });
    const changes: Record<string, FieldValue> = { agrees: agrees === 'yes', reason };
    if (j.itemId) changes['itemId'] = j.itemId;
    if (agrees === 'no' && grade) changes['moderatorGrade'] = grade;
    if (found.length === 0 && !reviewCommentFieldsSchema.safeParse(changes).success)
      found.push({
        href: '#comment-reason',
        text: 'The comment could not be saved; check each answer',
      });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await saveFields(store.db, store.cipher, {
        recordId: newRecordId(),
        type: 'review-comment',
        parentId: family.view.id,
        changes,
      });
      sync.notifyLocalEdit();
      // After any kept keystroke still being written, so none of it comes back as a draft.
      await Promise.all(
        ['agrees', 'grade', 'reason'].map((path) => keepScratchValue(store, scratchId, path, null)),
      );
      route(back);
    } finally {
      setBusy(false);
    }
  };

  if (readFor !== scratchId)
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  const observerGrade = gradeLabelOf(family.scale, j.observerGrade) ?? 'Not graded';
  return (
    <>
      <BackLink href={back} />
      <ErrorSummary errors={errors} focusKey={errors} />
      <span class="govuk-caption-l">{j.section}</span>
      <h1 class="govuk-heading-l">{j.prompt}</h1>
      <InsetText>
        <p class="govuk-body">
          <strong>{authorsGradeLabel(family.template.kind)}:</strong> {observerGrade}
        </p>
        {j.evidence?.trim() ? (
          <MultilineText text={j.evidence} />
        ) : (
          <p class="govuk-body">No evidence given.</p>
        )}
      </InsetText>
      <Radios
        id="comment-agrees"
        name="comment-agrees"
        legend="Do you agree with the observer’s grade?"
        legendSize="m"
        error={errors.find((e) => e.href === '#comment-agrees')?.text}
        options={[
          { value: 'yes', label: 'Yes, I agree' },
          { value: 'no', label: 'No, I disagree' },
        ]}
        value={agrees}
        onChange={(v) => {
          setAgrees(v);
          keep('agrees', v);
        }}
        inline
      />
      {agrees === 'no' ? (
        <Radios
          id="comment-grade"
          name="comment-grade"
          legend="What grade would you give? (optional)"
          legendSize="s"
          options={gradeOptions(family.scale).map((o) =>
            // The grades decide whether views differ (moderation-agreement.ts): say so where it shows.
            o.value === j.observerGrade
              ? { ...o, hint: 'The observer’s grade: giving it counts as agreeing with them' }
              : o,
          )}
          value={grade}
          onChange={(v) => {
            setGrade(v);
            keep('grade', v);
          }}
        />
      ) : null}
      <Textarea
        id="comment-reason"
        label="Your reason"
        labelSize="s"
        hint="Say what the evidence shows or what is missing. The observer reads this; their own words are not changed."
        value={reason}
        maxLength={REASON_MAX}
        error={errors.find((e) => e.href === '#comment-reason')?.text}
        onInput={(v) => {
          setReason(v);
          keep('reason', v);
        }}
      />
      <Button onClick={() => void save()} disabled={busy}>
        Save comment
      </Button>
    </>
  );
}
