import { useState } from 'preact/hooks';
import { directoryResponseSchema } from '../../../schemas/api/directory';
import { saveFields } from '../../db';
import { kindLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useOnlineReport } from '../../lib/use-online-report';
import { useRecordFamily } from '../../lib/use-record-family';
import type { RecordFamily } from '../../lib/use-record-family';
import { BackLink, Button, ButtonGroup, NotificationBanner, WarningText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';

/** The observer shares an observation with the practitioner observed, who can then reflect on it. */
export function SharePage({ id }: { id: string }) {
  const state = useRecordFamily(id);
  const { user } = useServices();
  usePageTitle('Share with the practitioner');
  if (state.status === 'loading')
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  if (state.status !== 'ready' || state.family.view.ownerId !== user.id)
    return (
      <>
        <h1 class="govuk-heading-l">Observation not found</h1>
        <p class="govuk-body">Only the observer can share an observation.</p>
      </>
    );
  return <Share family={state.family} />;
}

function Share({ family }: { family: RecordFamily }) {
  const { store, sync } = useServices();
  const directory = useOnlineReport('directory', '/api/directory', directoryResponseSchema);
  const o = family.observation;
  const [chosen, setChosen] = useState<string | undefined>(o.context.observedUserId);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const people = (directory.value?.people ?? []).filter(
    (p) =>
      p.role === 'practitioner' &&
      family.view.scopeId !== null &&
      p.scopeIds.includes(family.view.scopeId),
  );
  const sharedWith = o.sharedWithPractitioner
    ? (directory.value?.people.find((p) => p.id === o.context.observedUserId)?.displayName ??
      'the practitioner')
    : null;

  const save = async (share: boolean) => {
    if (share && !chosen) {
      setError('Select the practitioner you observed');
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await saveFields(store.db, store.cipher, {
        recordId: family.view.id,
        type: 'observation',
        changes: share
          ? { 'context.observedUserId': chosen ?? null, sharedWithPractitioner: true }
          : { sharedWithPractitioner: false },
      });
      sync.notifyLocalEdit();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <BackLink href={`/observations/${family.view.id}`} />
      <span class="govuk-caption-l">{kindLabels[family.template.kind]}</span>
      <h1 class="govuk-heading-l">Share with the practitioner</h1>
      {sharedWith ? (
        <NotificationBanner title="Shared" id="shared">
          <p class="govuk-notification-banner__heading">
            Shared with {sharedWith}. They can read it and add their reflection.
          </p>
        </NotificationBanner>
      ) : null}
      <p class="govuk-body">
        The practitioner sees this observation and can add their reflection. They do not see anyone
        else’s.
      </p>
      {directory.problem && !directory.value ? (
        <WarningText>{directory.problem}</WarningText>
      ) : null}
      {people.length === 0 && directory.value ? (
        <p class="govuk-body">Nobody in this team has a practitioner account.</p>
      ) : (
        <Radios
          id="share-with"
          name="share-with"
          legend="Who did you observe?"
          legendSize="m"
          error={error}
          options={people.map((p) => ({ value: p.id, label: p.displayName }))}
          value={chosen}
          onChange={setChosen}
        />
      )}
      <ButtonGroup>
        <Button onClick={() => void save(true)} disabled={busy || people.length === 0}>
          Share
        </Button>
        {o.sharedWithPractitioner ? (
          <Button variant="secondary" onClick={() => void save(false)} disabled={busy}>
            Stop sharing
          </Button>
        ) : null}
      </ButtonGroup>
    </>
  );
}
