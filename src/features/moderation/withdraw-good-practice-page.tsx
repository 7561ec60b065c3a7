// Good practice acknowledged in error, or on the wrong observation, is withdrawn whole by a QA lead
// or head of service overseeing it (schemas/rules/good-practice.ts: every path emptied), after a
// confirmation: what was said cannot be put back from here (the audit trail keeps it). The
// moderation page then says it was withdrawn, and takes focus there.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { recordNoun } from '../../../schemas/entities/observation-kind';
import {
  GOOD_PRACTICE_PATHS,
  acknowledgerProblem,
  goodPracticeProblem,
} from '../../../schemas/rules/good-practice';
import { saveFields } from '../../db';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { kindLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import type { RecordFamily } from '../../lib/use-record-family';
import { BackLink, Button, ButtonGroup, WarningText } from '../../ui/content';
import { GoodPracticeCard } from '../../ui/good-practice-card';
import { usePageTitle } from '../../ui/page-title';
import { WHY_NOT } from './acknowledger-words';
import { FamilyGate } from './family-gate';

/** Where the moderation page says the acknowledgement was withdrawn (and focus lands). */
export const WITHDRAWN_ID = 'good-practice-withdrawn';

export function WithdrawGoodPracticePage({ id }: { id: string }) {
  return <FamilyGate id={id}>{(family) => <Withdraw family={family} />}</FamilyGate>;
}

const WITHDRAWAL = Object.fromEntries(GOOD_PRACTICE_PATHS.map((p) => [p, null]));

function Withdraw({ family }: { family: RecordFamily }) {
  const { store, sync, user } = useServices();
  const { route } = useLocation();
  const { view, observation: o } = family;
  const [busy, setBusy] = useState(false);
  usePageTitle('Withdraw the acknowledgement of good practice');
  const page = `/moderation/${view.id}/good-practice`;
  const who = { userId: user.id, role: user.role, oversees: true };
  const record = { ownerId: view.ownerId ?? user.id, status: o.status };
  // The tablet holds only the teams its person oversees, so having the record is overseeing it.
  const refused = acknowledgerProblem(who, record);

  const withdraw = async () => {
    // Judged by the rule the server applies, so nothing leaves that it would refuse.
    if (goodPracticeProblem(who, record, WITHDRAWAL, londonDateOf(new Date())) !== null) return;
    setBusy(true);
    try {
      await saveFields(store.db, store.cipher, {
        recordId: view.id,
        type: 'observation',
        changes: WITHDRAWAL,
      });
      sync.notifyLocalEdit();
      route(`/moderation/${view.id}#${WITHDRAWN_ID}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <BackLink href={page} />
      <span class="govuk-caption-l">
        {kindLabels[o.kind]}
        {o.context.caseId ? `, case ${o.context.caseId}` : ''}
      </span>
      <h1 class="govuk-heading-l">Withdraw the acknowledgement of good practice?</h1>
      {refused ? (
        <p class="govuk-body">{WHY_NOT[refused]}</p>
      ) : o.goodPractice?.what === undefined ? (
        <p class="govuk-body">
          There is no acknowledgement of good practice on this {recordNoun[o.kind]}.
        </p>
      ) : (
        <>
          <GoodPracticeCard observation={o} />
          <WarningText>
            The observer, and the practitioner if it is shared with them, will no longer see it.
            What it said cannot be put back from here.
          </WarningText>
          <ButtonGroup>
            <Button variant="warning" onClick={() => void withdraw()} disabled={busy}>
              Withdraw the acknowledgement
            </Button>
            <a class="govuk-link" href={page}>
              Cancel
            </a>
          </ButtonGroup>
        </>
      )}
    </>
  );
}
