import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { saveFields } from '../../db';
import { useServices } from '../../lib/services';
import { Button } from '../../ui/content';
import { Answers } from './answers';
import { ObservationFrame } from './frame';
import { FROM_CHECK, heldBackOf, problemHref } from './model';
import { readKept } from './use-observation';
import type { LoadedObservation } from './use-observation';
import { WithObservation } from './with-observation';

export function CheckPage({ id }: { id: string }) {
  return (
    <WithObservation id={id} editable>
      {(data) => <Check data={data} />}
    </WithObservation>
  );
}

function Check({ data }: { data: LoadedObservation }) {
  const { store, sync } = useServices();
  const { route } = useLocation();
  const [attempts, setAttempts] = useState(0);
  const [busy, setBusy] = useState(false);
  const errors =
    attempts > 0
      ? data.problems.map((p) => ({
          // Fixed there, then back here.
          href: problemHref(data, p.path).replace('?check=1', `?check=1&${FROM_CHECK}`),
          text: p.message,
        }))
      : [];
  const resubmitting = data.observation.status === 'returned';

  const submit = async () => {
    setAttempts((n) => n + 1);
    if (data.problems.length > 0) return;
    setBusy(true);
    try {
      // Typed a moment ago, here or in another window, and held back: not submitted without it.
      const kept = await readKept(store, data.view.id, data.actionViews);
      if (heldBackOf(data.observation, data.template, data.children.actions, kept).length > 0)
        return;
      await saveFields(store.db, store.cipher, {
        recordId: data.view.id,
        type: 'observation',
        changes: { status: 'submitted' },
      });
      sync.notifyLocalEdit();
      route(`/observations/${data.view.id}/submitted`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ObservationFrame
      data={data}
      title="Check your answers"
      back={`/observations/${data.view.id}`}
      errors={errors}
      errorsAttempt={attempts}
    >
      <Answers data={data} editable errors={attempts > 0 ? data.problems : []} />
      <h2 class="govuk-heading-m">{resubmitting ? 'Submit it again' : 'Now submit it'}</h2>
      <p class="govuk-body">
        Once submitted it can no longer be edited freely: any later change is an amendment, kept in
        its history with your reason. It is sent to the server as soon as the tablet has a signal.
      </p>
      <Button onClick={() => void submit()} disabled={busy}>
        {resubmitting ? 'Submit again' : 'Submit'}
      </Button>
    </ObservationFrame>
  );
}
