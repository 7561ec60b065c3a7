import type { RecordView } from '../../db';
import { Button, ButtonGroup, WarningText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { KeptOnRestore } from './kept-texts';
import { useRestoreChoice } from './removed-elsewhere';

/** Deleted on another device after it was edited here: the person decides whether it comes back. */
export function RestorePage({ view }: { view: RecordView }) {
  usePageTitle('This observation was deleted on another device');
  const choose = useRestoreChoice();
  const decide = (restore: boolean) => choose(view, restore);
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
      <KeptOnRestore view={view} />
      <ButtonGroup>
        <Button onClick={() => void decide(true)}>Restore it</Button>
        <Button variant="secondary" onClick={() => void decide(false)}>
          Leave it deleted
        </Button>
      </ButtonGroup>
    </>
  );
}
