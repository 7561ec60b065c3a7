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

/** What pressing a button last did, for the success banner that confirms it. */
type Done = { what: 'shared' | 'stopped'; n: number };

function Share({ family }: { family: RecordFamily }) {
  const { store, sync, user } = useServices();
  const directory = useOnlineReport('directory', '/api/directory', directoryResponseSchema);
  const o = family.observation;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  // A guest observer from another authority is in no team, so the directory lists nobody: they
  // share with the practitioner the assignment they were given names (the server checks that this
  // person is of the observation's team, as for anyone).
  const guest = user.role === 'guest';
  const people = guest
    ? o.context.observedUserId
      ? [
          {
            id: o.context.observedUserId,
            displayName: o.context.observedName?.trim() || 'The practitioner observed',
          },
        ]
      : []
    : (directory.value?.people ?? []).filter(
        (p) =>
          p.role === 'practitioner' &&
          family.view.scopeId !== null &&
          p.scopeIds.includes(family.view.scopeId),
      );
  // The person it is shared with is selected until another is chosen.
  const selected = chosen ?? o.context.observedUserId;
  // Unlinked from the account while amending (the name was not theirs), it reaches nobody: the
  // server grants it to the linked account only, so the page does not say it is shared.
  const sharedWith =
    o.sharedWithPractitioner && o.context.observedUserId
      ? (people.find((p) => p.id === o.context.observedUserId)?.displayName ?? 'the practitioner')
      : null;

  const save = async (share: boolean) => {
    if (share && !selected) {
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
          ? { 'context.observedUserId': selected ?? null, sharedWithPractitioner: true }
          : { sharedWithPractitioner: false },
      });
      sync.notifyLocalEdit();
      setDone((d) => ({ what: share ? 'shared' : 'stopped', n: (d?.n ?? 0) + 1 }));
    } finally {
      setBusy(false);
    }
  };

  const banner =
    done?.what === 'shared' && sharedWith ? (
      <NotificationBanner success focus title="Success" id="shared" key={done.n}>
        <p class="govuk-notification-banner__heading">
          Shared with {sharedWith}. They can read it and add their response.
        </p>
      </NotificationBanner>
    ) : done?.what === 'stopped' && !sharedWith ? (
      <NotificationBanner success focus title="Success" id="unshared" key={done.n}>
        <p class="govuk-notification-banner__heading">
          No longer shared. The practitioner no longer sees this observation.
        </p>
      </NotificationBanner>
    ) : sharedWith ? (
      <NotificationBanner title="Shared" id="shared">
        <p class="govuk-notification-banner__heading">
          Shared with {sharedWith}. They can read it and add their response.
        </p>
      </NotificationBanner>
    ) : null;

  return (
    <>
      <BackLink href={`/observations/${family.view.id}`} />
      <span class="govuk-caption-l">{kindLabels[family.template.kind]}</span>
      <h1 class="govuk-heading-l">Share with the practitioner</h1>
      {banner}
      <p class="govuk-body">
        The practitioner sees this observation and can add their own response. They do not see
        anyone else’s.
      </p>
      {!guest && directory.problem && !directory.value ? (
        <WarningText>{directory.problem}</WarningText>
      ) : null}
      {people.length > 0 ? (
        <Radios
          id="share-with"
          name="share-with"
          legend="Who did you observe?"
          legendSize="m"
          error={error}
          options={people.map((p) => ({ value: p.id, label: p.displayName }))}
          value={selected}
          onChange={setChosen}
        />
      ) : guest ? (
        <p class="govuk-body">
          This observation names no practitioner’s account, so it cannot be shared. As a guest
          observer you share only with the practitioner your assignment names: ask the quality
          assurance lead who planned it.
        </p>
      ) : directory.value ? (
        <p class="govuk-body">Nobody in this team has a practitioner account.</p>
      ) : null}
      <ButtonGroup>
        {people.length > 0 ? (
          <Button onClick={() => void save(true)} disabled={busy}>
            Share
          </Button>
        ) : null}
        {o.sharedWithPractitioner ? (
          <Button variant="secondary" onClick={() => void save(false)} disabled={busy}>
            Stop sharing
          </Button>
        ) : null}
      </ButtonGroup>
    </>
  );
}
