// A QA lead (or head of service) acknowledges good practice on an observation they oversee: the
// practice, the quality of the observation or audit itself, or both, and what was good (Southwark
// QAF 2h). Saved whole on this tablet and sent like any edit; it is the observation's handling,
// never an amendment of what the observer wrote, judged as the server will judge it
// (schemas/rules/good-practice.ts). What is chosen and typed is kept on the tablet as it is typed
// (use-form-draft.ts) until it is saved, so a lock, a reload or a closed tab loses none of it.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { recordNoun } from '../../../schemas/entities/observation-kind';
import {
  GOOD_PRACTICE_NOTE_MAX,
  GOOD_PRACTICE_WHATS,
  acknowledgerProblem,
  goodPracticeLabel,
  goodPracticeProblem,
} from '../../../schemas/rules/good-practice';
import { saveFields } from '../../db';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { kindLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useFormDraft } from '../../lib/use-form-draft';
import type { RecordFamily } from '../../lib/use-record-family';
import { BackLink, Button, ButtonGroup, ButtonLink } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { fieldId } from '../../ui/field-ids';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { Textarea } from '../../ui/textarea';
import { WHY_NOT } from './acknowledger-words';
import { FamilyGate } from './family-gate';

const WHAT = 'goodPractice.what';
const NOTE = 'goodPractice.note';

export function GoodPracticePage({ id }: { id: string }) {
  return <FamilyGate id={id}>{(family) => <Acknowledge family={family} />}</FamilyGate>;
}

function Acknowledge({ family }: { family: RecordFamily }) {
  const { store, sync, user } = useServices();
  const { route } = useLocation();
  const { view, observation: o } = family;
  const noun = recordNoun[o.kind];
  const back = `/moderation/${view.id}`;
  const draft = useFormDraft<{ what?: string; note: string }>(`good-practice:${view.id}`, () => ({
    ...(o.goodPractice ? { what: o.goodPractice.what } : {}),
    note: o.goodPractice?.note ?? '',
  }));
  const { what, note } = draft.value;
  const setWhat = (v: string | undefined) =>
    draft.set({ ...(v === undefined ? {} : { what: v }), note });
  const setNote = (v: string) => draft.set({ ...(what === undefined ? {} : { what }), note: v });
  const [attempt, setAttempt] = useState(0);
  // A refusal of the shared rule that no field shows (it cannot come from this form as it stands).
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const whatError =
    attempt > 0 && what === undefined ? 'Select what you are acknowledging' : undefined;
  const noteError =
    note.length > GOOD_PRACTICE_NOTE_MAX
      ? `What was good must be ${GOOD_PRACTICE_NOTE_MAX.toLocaleString('en-GB')} characters or fewer`
      : attempt > 0 && note.trim() === ''
        ? 'Enter what was good'
        : undefined;
  const problems = [
    ...(whatError ? [{ href: `#${fieldId(WHAT)}`, text: whatError }] : []),
    ...(noteError ? [{ href: `#${fieldId(NOTE)}`, text: noteError }] : []),
    ...(refusal ? [{ href: `#${fieldId(WHAT)}`, text: refusal }] : []),
  ];
  usePageTitle('Acknowledge good practice', attempt > 0 && problems.length > 0);
  // The tablet holds only the teams its person oversees, so having the record is overseeing it.
  const refused = acknowledgerProblem(
    { userId: user.id, role: user.role, oversees: true },
    { ownerId: view.ownerId ?? user.id, status: o.status },
  );

  const save = async () => {
    const today = londonDateOf(new Date());
    const changes = {
      [WHAT]: what,
      [NOTE]: note,
      'goodPractice.by': user.id,
      'goodPractice.byName': user.displayName,
      'goodPractice.on': today,
    };
    // Judged whole by the rule the server applies, so nothing leaves that it would refuse.
    const problem = goodPracticeProblem(
      { userId: user.id, role: user.role, oversees: true },
      { ownerId: view.ownerId ?? user.id, status: o.status },
      changes,
      today,
    );
    if (problem || what === undefined || note.length > GOOD_PRACTICE_NOTE_MAX) {
      setRefusal(
        problem && problem !== 'what-required' && problem !== 'note-required'
          ? 'The acknowledgement could not be saved; go back to the moderation page and try again'
          : null,
      );
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await saveFields(store.db, store.cipher, {
        recordId: view.id,
        type: 'observation',
        changes: { ...changes, [WHAT]: what },
      });
      sync.notifyLocalEdit();
      // After any kept keystroke still being written, so none of it comes back as a draft.
      await draft.clear();
      // Back to the acknowledgement as the observer will read it, which takes focus
      // (src/app/arrival-focus.ts), so a screen reader hears what was saved.
      route(`${back}#acknowledged`);
    } finally {
      setBusy(false);
    }
  };

  if (!draft.ready)
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  return (
    <>
      <BackLink href={back} />
      <ErrorSummary errors={attempt > 0 ? problems : []} focusKey={attempt} />
      <span class="govuk-caption-l">
        {kindLabels[o.kind]}
        {o.context.caseId ? `, case ${o.context.caseId}` : ''}
      </span>
      <h1 class="govuk-heading-l">Acknowledge good practice</h1>
      {refused ? (
        <p class="govuk-body">{WHY_NOT[refused]}</p>
      ) : (
        <>
          <p class="govuk-body">
            The observer reads this on the {noun}, and so does the practitioner if it is shared with
            them.
          </p>
          <Radios
            id={fieldId(WHAT)}
            name={WHAT}
            legend="What are you acknowledging?"
            legendSize="m"
            options={GOOD_PRACTICE_WHATS.map((c) => ({
              value: c,
              label: goodPracticeLabel(c, noun),
            }))}
            value={what}
            onChange={setWhat}
            error={whatError}
          />
          <Textarea
            id={fieldId(NOTE)}
            label="What was good?"
            labelSize="m"
            hint="Say what was outstanding or good, so it can be recognised and shared. Do not write the child’s or family’s names."
            value={note}
            maxLength={GOOD_PRACTICE_NOTE_MAX}
            rows={6}
            error={noteError}
            onInput={setNote}
          />
          <ButtonGroup>
            <Button onClick={() => void save()} disabled={busy}>
              Save acknowledgement
            </Button>
            {o.goodPractice?.what !== undefined ? (
              <ButtonLink href={`/moderation/${view.id}/good-practice/withdraw`} variant="warning">
                Withdraw the acknowledgement
              </ButtonLink>
            ) : null}
          </ButtonGroup>
        </>
      )}
    </>
  );
}
