import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { nextStatuses } from '../../../schemas/rules/status';
import { saveFields } from '../../db';
import { kindLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import type { RecordFamily } from '../../lib/use-record-family';
import { BackLink, Button, ButtonLink, MultilineText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { FamilyGate } from './family-gate';
import { judgementsOf } from './judgements';

export function ReturnPage({ id }: { id: string }) {
  return <FamilyGate id={id}>{(family) => <ReturnConfirm family={family} />}</FamilyGate>;
}

/**
 * Returning asks the observer for more evidence; what they are asked is the comments where the
 * moderator disagrees, which the observer sees on their task list. So there must be at least one.
 */
function ReturnConfirm({ family }: { family: RecordFamily }) {
  const { store, sync, user } = useServices();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  usePageTitle('Return for more evidence');
  const back = `/moderation/${family.view.id}`;
  const asks = judgementsOf(family.observation, family.template, family.comments).filter(
    (j) => j.comments[j.comments.length - 1]?.fields['agrees'] === false,
  );
  const allowed =
    family.view.ownerId !== user.id &&
    nextStatuses(family.observation.status, 'qa-lead').includes('returned');

  const confirm = async () => {
    setBusy(true);
    try {
      await saveFields(store.db, store.cipher, {
        recordId: family.view.id,
        type: 'observation',
        changes: { status: 'returned' },
      });
      sync.notifyLocalEdit();
      // Back to the observation at the note that says it was returned, which takes focus
      // (src/app/arrival-focus.ts), so a screen reader hears what was done.
      route(`${back}#returned`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <BackLink href={back} />
      <span class="govuk-caption-l">{kindLabels[family.template.kind]}</span>
      <h1 class="govuk-heading-l">Return for more evidence</h1>
      {!allowed ? (
        <p class="govuk-body">This observation cannot be returned now.</p>
      ) : asks.length === 0 ? (
        <>
          <p class="govuk-body">
            Before returning it, add a comment disagreeing with at least one judgement, saying what
            evidence is missing. The observer sees those comments.
          </p>
          <ButtonLink href={back} variant="secondary">
            Go back to the judgements
          </ButtonLink>
        </>
      ) : (
        <>
          <p class="govuk-body">The observer will be asked to add evidence for:</p>
          <ul class="govuk-list govuk-list--bullet">
            {asks.map((j) => (
              <li key={j.key}>
                <strong>{j.prompt}</strong>
                <MultilineText
                  text={String(j.comments[j.comments.length - 1]?.fields['reason'] ?? '')}
                />
              </li>
            ))}
          </ul>
          <Button onClick={() => void confirm()} disabled={busy}>
            Return to the observer
          </Button>
        </>
      )}
    </>
  );
}
