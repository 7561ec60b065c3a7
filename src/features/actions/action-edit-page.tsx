import { actionStatusSchema } from '../../../schemas/entities/improvement-action';
import { observationStatusSchema } from '../../../schemas/entities/observation';
import type { FieldValue } from '../../../schemas/entities/field-value';
import {
  actionTrackingMessages,
  actionTrackingProblem,
} from '../../../schemas/rules/after-submission';
import { isEditableByAuthor } from '../../../schemas/rules/status';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { getRecord } from '../../db';
import { ActionHistory } from './action-history';
import {
  actionFieldProblem,
  actionStatusLabels,
  formatInstant,
} from '../../lib/observation-records';
import { halfDateDetail, heldBackDetail } from '../../lib/held-back';
import { useServices } from '../../lib/services';
import { ownerChange, useActionOwners } from '../../lib/team-people';
import type { OwnerChoice } from '../../lib/team-people';
import { useLive } from '../../lib/use-live';
import { useRecordForm } from '../../lib/use-record-form';
import { BackLink, Button, MultilineText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import type { ErrorLink } from '../../ui/error-summary';
import { DateInput } from '../../ui/date-input';
import { OwnerAccount } from '../../ui/owner-account';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { SaveStatus } from '../../ui/save-status';
import { SummaryList } from '../../ui/summary-list';
import { TextInput } from '../../ui/text-input';

/** The fields of this page a value may be held back in, by the action's field. */
const FIELDS: Record<string, { id: string; label: string }> = {
  ownerName: { id: 'action-owner', label: 'Who will do it' },
  dueDate: { id: 'action-due', label: 'Due by' },
  ownerUserId: { id: 'action-owner-account', label: 'Their account in the app' },
};

/**
 * Updating an action from the tracker: its status, owner and due date, saved as they change and
 * synced like every edit. What needs doing is the observer's words and is changed on the
 * observation. Each change is kept in the server's audit trail with who and when, shown below.
 */
export function ActionEditPage({ actionId }: { actionId: string }) {
  const { store } = useServices();
  const { route } = useLocation();
  const [leaving, setLeaving] = useState(0);
  const live = useLive(() => getRecord(store.db, store.cipher, actionId), [actionId]);
  const parentId = live.value?.parentId ?? null;
  // Its observation, read for the action it is (`for`), so the fields never show judged by none.
  const parent = useLive(
    async () => ({
      for: parentId,
      record: parentId === null ? undefined : await getRecord(store.db, store.cipher, parentId),
    }),
    [parentId],
  );
  const parentRead = parent.value?.for === parentId || parent.error !== null;
  // Once the observation is submitted, its owner and due date are changed, never cleared: a
  // cleared field is kept here, unsent, with the reason beside it (the server's rule too).
  const observationStatus = observationStatusSchema.safeParse(
    parent.value?.for === parentId ? parent.value.record?.fields['status'] : undefined,
  );
  const submitted = observationStatus.success && !isEditableByAuthor(observationStatus.data);
  const validate = (path: string, value: FieldValue): string | undefined => {
    if (submitted && (path === 'ownerName' || path === 'ownerUserId' || path === 'dueDate')) {
      const problem = actionTrackingProblem(
        observationStatus.data,
        live.value?.fields ?? {},
        { [path]: value },
        false,
      );
      if (problem) return actionTrackingMessages[problem];
    }
    return actionFieldProblem(path, value);
  };
  const form = useRecordForm({
    recordId: actionId,
    type: 'action',
    fields: live.value?.fields,
    version: live.value?.version,
    validate,
  });
  // A cleared field is judged (and held back) only once the observation is submitted: before,
  // clearing it removes it.
  const cleared = (path: string, value: string | null) =>
    form.set(path, value ?? (submitted ? '' : null));
  // Unlinking the account that is the action's only owner is held back ('') with the reason, as a
  // cleared name is: the server would refuse it (ACTION_OWNER_REQUIRED).
  const unlinking = form.problem('ownerUserId') !== undefined;
  const chooseAccount = (choice: OwnerChoice | undefined) => {
    const changes = ownerChange(choice, form.value('ownerName'));
    const orphans =
      changes['ownerUserId'] === null &&
      observationStatus.success &&
      actionTrackingProblem(observationStatus.data, live.value?.fields ?? {}, changes, false) !==
        null;
    form.setMany(orphans ? { ownerUserId: '' } : changes);
  };
  // A name typed gives the action an owner again: the unlinking held back goes with it.
  const typeName = (value: string | null) =>
    unlinking && value !== null && value.trim() !== ''
      ? form.setMany({ ownerName: value, ownerUserId: null })
      : cleared('ownerName', value);
  // The account as stored stays offered while its unlinking is held back, to be chosen again.
  const owners = useActionOwners(
    live.value?.scopeId ?? null,
    form.value('ownerUserId') || live.value?.fields['ownerUserId'],
  );
  // "Save and return" with a value held back (it fails its check) would leave it unsent, unsaid.
  const held: ErrorLink[] =
    leaving > 0
      ? form.heldBack.map((leaf) => {
          const problem = form.problem(leaf);
          const detail =
            problem === undefined ? halfDateDetail : heldBackDetail(form.text(leaf), problem);
          const field = FIELDS[leaf] ?? { id: 'action-status', label: 'This action' };
          return { href: `#${field.id}`, text: `${field.label}: ${detail}` };
        })
      : [];
  usePageTitle('Update an improvement action', held.length > 0);
  // The observation too: whether it is submitted decides what may be cleared.
  if ((live.loading && !live.value) || !parentRead)
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  const view = live.value;
  if (!view || view.deleted || view.type !== 'action')
    return (
      <>
        <h1 class="govuk-heading-l">Action not found</h1>
        <p class="govuk-body">It is not on this tablet.</p>
      </>
    );
  const status = form.value('status');
  const due = form.value('dueDate');
  return (
    <>
      <div class="app-observation-bar">
        <BackLink href="/actions">Back to improvement actions</BackLink>
        <div class="app-observation-bar__actions">
          <SaveStatus state={form.state} error={form.error} heldBack={form.heldBack.length} />
        </div>
      </div>
      <ErrorSummary errors={held} focusKey={leaving} />
      <h1 class="govuk-heading-l">Update an improvement action</h1>
      <SummaryList
        rows={[
          {
            key: 'What needs to be done',
            value: <MultilineText text={String(view.fields['what'] ?? '')} />,
          },
          {
            key: 'Last changed',
            value: `${formatInstant(view.updatedAt)}${view.pending ? ' (not sent yet)' : ''}`,
          },
        ]}
      />
      <Radios
        id="action-status"
        name="action-status"
        legend="Status"
        legendSize="m"
        options={actionStatusSchema.options.map((s) => ({
          value: s,
          label: actionStatusLabels[s],
        }))}
        value={typeof status === 'string' ? status : 'open'}
        onChange={(v) =>
          form.setMany(
            v === 'done'
              ? { status: v, completedAt: new Date().toISOString() }
              : { status: v, completedAt: null },
          )
        }
      />
      <TextInput
        id="action-owner"
        label="Who will do it"
        hint="Their name and role"
        value={form.text('ownerName')}
        onInput={(v) => typeName(v === '' ? null : v)}
        error={form.problem('ownerName')}
      />
      <OwnerAccount
        id="action-owner-account"
        choices={owners}
        value={form.value('ownerUserId')}
        onChange={chooseAccount}
        error={form.problem('ownerUserId')}
      />
      <DateInput
        id="action-due"
        legend="Due by"
        ahead
        value={typeof due === 'string' ? due : undefined}
        onChange={(v) => cleared('dueDate', v)}
        partial={form.partial('dueDate')}
        onPartial={(kept) => form.setPartial('dueDate', kept)}
        error={form.problem('dueDate')}
      />
      <Button
        onClick={() => {
          setLeaving((n) => n + 1);
          if (form.heldBack.length === 0) route('/actions');
        }}
      >
        Save and return to the actions
      </Button>
      <ActionHistory actionId={view.id} version={view.version} />
    </>
  );
}
