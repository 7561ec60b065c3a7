import { useState } from 'preact/hooks';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../../schemas/sync/protocol-version';
import type { RecoveryConcern, RecoveryKey } from '../../../schemas/sync/recovery-file';
import { listQueuedConcerns, readSealed, unacknowledgedMutations } from '../../db';
import { useServices } from '../../lib/services';
import { recoveryFileName, sealRecoveryFile } from '../../sync';
import { Button, NotificationBanner, WarningText } from '../../ui/content';

type State =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'saved'; name: string; changes: number; concerns: number }
  | { kind: 'failed'; message: string };

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 changes and 1 safety concern", leaving out what the file does not hold. */
function contents(changes: number, concerns: number): string {
  const parts = [
    ...(changes > 0 ? [count(changes, 'change', 'changes')] : []),
    ...(concerns > 0 ? [count(concerns, 'safety concern', 'safety concerns')] : []),
  ];
  return parts.join(' and ');
}

/** Hands a file to the browser's downloads, as a link the person clicked would. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * For a tablet that has not reached the server for a long time: the unsent changes and the safety
 * concerns still waiting, as a file only the server can read, for an administrator to import. Both
 * stay on the tablet and are still sent when it connects; the server takes each once either way.
 */
export function RecoveryFileSection({ unsent }: { unsent: number }) {
  const { user, deviceId, store, sync } = useServices();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const waitingConcerns = sync.unsentConcerns.length;
  if (unsent === 0 && waitingConcerns === 0 && state.kind !== 'saved') return null;

  const save = async () => {
    setState({ kind: 'working' });
    try {
      const key = await readSealed<RecoveryKey>(store.db, store.cipher, 'recovery-key');
      if (!key || !deviceId) {
        setState({
          kind: 'failed',
          message:
            'This tablet has not yet received the server’s key for recovery files. It gets it the ' +
            'first time it sends changes. Until then, keep the tablet and ask your administrator.',
        });
        return;
      }
      const mutations = await unacknowledgedMutations(store.db, store.cipher);
      // The queue on disk, not the sender's copy in memory: it is what survives until sent.
      const concerns = await listQueuedConcerns<RecoveryConcern>(store.db, store.cipher);
      if (mutations.length === 0 && concerns.length === 0) {
        setState({ kind: 'failed', message: 'Everything has been sent; no file is needed.' });
        return;
      }
      const file = await sealRecoveryFile(
        {
          protocolVersion: PROTOCOL_VERSION,
          schemaVersion: SCHEMA_VERSION,
          userId: user.id,
          deviceId,
          mutations,
          ...(concerns.length > 0 ? { concerns } : {}),
        },
        key,
      );
      const name = recoveryFileName(file);
      download(name, JSON.stringify(file));
      setState({ kind: 'saved', name, changes: mutations.length, concerns: concerns.length });
    } catch {
      setState({
        kind: 'failed',
        message: 'The recovery file could not be made. Try again; your changes are still here.',
      });
    }
  };

  return (
    <section aria-labelledby="recovery-heading">
      <h2 class="govuk-heading-m" id="recovery-heading">
        If this tablet cannot send your changes
      </h2>
      <p class="govuk-body">
        If the tablet has not been able to reach the server for a long time, save your unsent
        changes and any safety concern not yet sent as a recovery file and give it to your
        administrator, who adds them to the server. The file is locked so that only the server can
        read it.
      </p>
      <p class="govuk-body">
        Your changes and concerns also stay on this tablet and are sent as usual when it connects.
        Nothing is added twice.
      </p>
      {waitingConcerns > 0 ? (
        <WarningText>
          {waitingConcerns === 1
            ? 'A safety concern has not been sent from this tablet.'
            : `${waitingConcerns} safety concerns have not been sent from this tablet.`}{' '}
          A recovery file does not tell anyone until it is imported: phone your duty team now if you
          have not already.
        </WarningText>
      ) : null}
      {state.kind === 'saved' ? (
        <NotificationBanner success title="Recovery file saved" id="recovery-saved">
          <p class="govuk-notification-banner__heading">
            {state.name} holds {contents(state.changes, state.concerns)}.
          </p>
          <p class="govuk-body">
            Find it in the tablet’s downloads and give it to your administrator.
          </p>
        </NotificationBanner>
      ) : null}
      {state.kind === 'failed' ? (
        <NotificationBanner title="The recovery file was not saved" id="recovery-failed" live>
          <p class="govuk-body">{state.message}</p>
        </NotificationBanner>
      ) : null}
      <Button variant="secondary" disabled={state.kind === 'working'} onClick={() => void save()}>
        Save a recovery file
      </Button>
    </section>
  );
}
