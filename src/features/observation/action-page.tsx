import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { actionStatusSchema } from '../../../schemas/entities/improvement-action';
import { deleteRecord, getRecord } from '../../db';
import type { RecordView } from '../../db';
import { FieldConflicts } from '../../ui/field-conflicts';
import { halfDateDetail, heldBackDetail } from '../../lib/held-back';
import { actionFieldProblem } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { ownerChange, ownersNamedBefore, useActionOwners } from '../../lib/team-people';
import { useLive } from '../../lib/use-live';
import { useRecordForm } from '../../lib/use-record-form';
import { ButtonGroup, Button, NotificationBanner, WarningText } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { OwnerAccount } from '../../ui/owner-account';
import { fieldId } from '../../ui/field-ids';
import { NamedBefore } from '../../ui/named-before';
import { Radios } from '../../ui/radios';
import { SummaryList } from '../../ui/summary-list';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { actionStatusLabels } from './actions-page';
import { ObservationFrame, Loading, NotFound } from './frame';
import { fieldLabel } from './model';
import type { LoadedObservation } from './use-observation';
import { ReadOnlyGuard } from './read-only-guard';
import { removedRows, useRestoreChoice } from './removed-elsewhere';
import { WithObservation } from './with-observation';
import { partErrors } from './use-observation-form';

export function ActionPage({ id, actionId }: { id: string; actionId: string }) {
  // The action just restored on this page, so the form that replaces the offer says so.
  const [restored, setRestored] = useState<string | null>(null);
  return (
    <WithObservation id={id}>
      {(data) => {
        // Removed on another device after a change: the observer chooses whether it comes back,
        // whatever the observation's status, as an observation deleted elsewhere is offered back.
        const removed = data.removed.find((r) => r.id === actionId);
        const offer = removed ? (
          <RemovedAction data={data} view={removed} onRestored={() => setRestored(actionId)} />
        ) : undefined;
        return (
          <ReadOnlyGuard data={data} authorReadOnly={offer}>
            {offer ?? (
              <ActionForm data={data} actionId={actionId} restored={restored === actionId} />
            )}
          </ReadOnlyGuard>
        );
      }}
    </WithObservation>
  );
}

function RemovedAction({
  data,
  view,
  onRestored,
}: {
  data: LoadedObservation;
  view: RecordView;
  onRestored: () => void;
}) {
  const { route } = useLocation();
  const choose = useRestoreChoice();
  const [failed, setFailed] = useState(false);
  const list = `/observations/${data.view.id}/actions`;
  const decide = (restore: boolean) =>
    void choose(view, restore).then(
      // Restored, the form takes the page's place; left removed, the action is gone: the list.
      () => (restore ? onRestored() : route(list)),
      () => setFailed(true),
    );
  return (
    <ObservationFrame
      data={data}
      title="This improvement action was removed on another device"
      back={list}
    >
      <WarningText>
        It was removed on another device after changes were made to it. Nothing has been lost yet.
      </WarningText>
      <SummaryList rows={removedRows(view)} />
      <p class="govuk-body">
        Restore it to keep working on it with every change, or leave it removed.
      </p>
      {failed ? (
        <p class="govuk-body" role="alert">
          Your choice could not be saved on this tablet. Try again.
        </p>
      ) : null}
      <ButtonGroup>
        <Button onClick={() => decide(true)}>Restore it</Button>
        <Button variant="secondary" onClick={() => decide(false)}>
          Leave it removed
        </Button>
      </ButtonGroup>
    </ObservationFrame>
  );
}

function ActionForm({
  data,
  actionId,
  restored,
}: {
  data: LoadedObservation;
  actionId: string;
  restored: boolean;
}) {
  const { store, sync } = useServices();
  const { query, route } = useLocation();
  const live = useLive(() => getRecord(store.db, store.cipher, actionId), [actionId]);
  const form = useRecordForm({
    recordId: actionId,
    type: 'action',
    parentId: data.view.id,
    fields: live.value?.fields,
    version: live.value?.version,
    validate: actionFieldProblem,
  });
  const owners = useActionOwners(data.view.scopeId, form.value('ownerUserId'));
  const [leaving, setLeaving] = useState(0);
  if (live.loading && !live.value) return <Loading />;
  if (!live.value || live.value.deleted || live.value.type !== 'action')
    return (
      <NotFound
        what="Action"
        gone="removed"
        back={`/observations/${data.view.id}/actions`}
        backText="Go to the improvement actions"
      />
    );
  const errors = partErrors(
    data,
    (p) => p.startsWith(`actions.${actionId}.`),
    query['check'] === '1',
  );
  const err = (leaf: string) => errors.map[`actions.${actionId}.${leaf}`] ?? form.problem(leaf);
  const list = `/observations/${data.view.id}/actions`;
  const status = form.value('status');
  // "Save and return" with a value held back (it fails its check) would leave it unsent, unsaid.
  const held =
    leaving > 0
      ? form.heldBack.map((leaf) => {
          const path = `actions.${actionId}.${leaf}`;
          const problem = form.problem(leaf);
          const detail =
            problem === undefined ? halfDateDetail : heldBackDetail(form.text(leaf), problem);
          return {
            href: `#${fieldId(path)}`,
            text: `${fieldLabel(data.template, path, data.children.actions)}: ${detail}`,
          };
        })
      : [];
  const saveAndReturn = () => {
    setLeaving((n) => n + 1);
    if (form.heldBack.length === 0) route(list);
  };
  return (
    <ObservationFrame
      data={data}
      title="Improvement action"
      back={list}
      errors={[...held, ...errors.links.filter((l) => !held.some((h) => h.href === l.href))]}
      errorsAttempt={leaving > 0 ? leaving : 'on-arrival'}
      save={form}
    >
      {restored ? (
        <NotificationBanner success focus id="action-restored">
          <p class="govuk-notification-banner__heading">
            The action was restored, with every change made to it.
          </p>
        </NotificationBanner>
      ) : null}
      <Textarea
        id={fieldId(`actions.${actionId}.what`)}
        label="What needs to be done"
        labelSize="s"
        maxLength={10_000}
        rows={3}
        value={form.text('what')}
        onInput={(v) => form.set('what', v)}
        onBlur={() => void form.flush().catch(() => undefined)}
        error={err('what')}
        before={
          <FieldConflicts
            conflicts={live.value.conflicts}
            paths={['what']}
            recordId={actionId}
            label="What needs to be done"
          />
        }
      />
      <TextInput
        id={fieldId(`actions.${actionId}.ownerName`)}
        label="Who will do it"
        hint="Their name and role"
        value={form.text('ownerName')}
        onInput={(v) => form.set('ownerName', v === '' ? null : v)}
        error={err('ownerName')}
      />
      <NamedBefore
        fieldId={fieldId(`actions.${actionId}.ownerName`)}
        names={ownersNamedBefore(
          data.observation.context,
          data.children.actions.filter((a) => a.id !== actionId),
          form.value('ownerName'),
        )}
        onChoose={(n) =>
          form.setMany({
            ownerName: n.text,
            // Their account too, when they are in the team and none is chosen yet.
            ...(n.userId && !form.value('ownerUserId') && owners.some((o) => o.value === n.userId)
              ? { ownerUserId: n.userId }
              : {}),
          })
        }
      />
      <OwnerAccount
        id={fieldId(`actions.${actionId}.ownerUserId`)}
        choices={owners}
        value={form.value('ownerUserId')}
        onChange={(choice) => form.setMany(ownerChange(choice, form.value('ownerName')))}
      />
      <DateInput
        id={fieldId(`actions.${actionId}.dueDate`)}
        legend="Due by"
        ahead
        value={
          typeof form.value('dueDate') === 'string' ? (form.value('dueDate') as string) : undefined
        }
        onChange={(v) => form.set('dueDate', v)}
        partial={form.partial('dueDate')}
        onPartial={(kept) => form.setPartial('dueDate', kept)}
        error={err('dueDate')}
      />
      <Radios
        id={fieldId(`actions.${actionId}.status`)}
        name="action-status"
        legend="Status"
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
      <ButtonGroup>
        <Button onClick={saveAndReturn}>Save and return to the actions</Button>
        <Button
          variant="warning"
          onClick={() =>
            void deleteRecord(store.db, store.cipher, actionId).then(() => {
              sync.notifyLocalEdit();
              route(list);
            })
          }
        >
          Remove this action
        </Button>
      </ButtonGroup>
    </ObservationFrame>
  );
}
