import { resolveConflict } from '../../db';
import type { RecordView } from '../../db';
import { useServices } from '../../lib/services';
import { Button, ButtonGroup, WarningText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';

/** Deleted on another device after it was edited here: the person decides whether it comes back. */
export function RestorePage({ view }: { view: RecordView }) {
  const { store, sync } = useServices();
  usePageTitle('This observation was deleted on another device');
  const conflict = view.conflicts.find((c) => c.kind === 'deleted');
  const decide = async (restore: boolean) => {
    if (!conflict) return;
    await resolveConflict(store.db, store.cipher, {
      recordId: view.id,
      conflictId: conflict.id,
      restore,
    });
    sync.notifyLocalEdit();
  };
  return (
    <>
      <h1 class="govuk-heading-l">This observation was deleted on another device</h1>
      <WarningText>
        It was deleted on another device after changes were made to it. Nothing has been lost yet.
      </WarningText>
      <p class="govuk-body">
        {view.fields['context.caseId'] ? `Case ${String(view.fields['context.caseId'])}. ` : ''}
        Restore it to keep working on it with every change, or leave it deleted.
      </p>
      <ButtonGroup>
        <Button onClick={() => void decide(true)}>Restore it</Button>
        <Button variant="secondary" onClick={() => void decide(false)}>
          Leave it deleted
        </Button>
      </ButtonGroup>
    </>
  );
}
