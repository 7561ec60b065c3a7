import { useState } from 'preact/hooks';
import {
  RETENTION_KINDS,
  retentionDeleteResponseSchema,
  retentionDueResponseSchema,
  retentionExportResponseSchema,
  retentionPolicyResponseSchema,
} from '../../../schemas/admin/retention';
import type { DueRecord, RetentionKind } from '../../../schemas/admin/retention';
import { scopesResponseSchema, usersResponseSchema } from '../../../schemas/admin/people';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, ButtonGroup, NotificationBanner, WarningText } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { SummaryList } from '../../ui/summary-list';
import { Table } from '../../ui/table';
import { TextInput } from '../../ui/text-input';
import {
  describeFailure,
  downloadJson,
  formatWhen,
  useAdminCall,
  useAdminQuery,
} from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';
import { recordKindLabels } from './record-kinds';
import { DownloadNotice } from '../../ui/download-notice';

type Deleted = { recordIds: string[]; at: string };

/**
 * Which team a record is in and who wrote it, so an administrator can tell the records apart
 * before exporting or deleting them (the id alone says nothing). Names only, from the admin's own
 * lists: what the record says stays in its export.
 */
function useWhose(): (d: DueRecord) => { team: string; owner: string } {
  const { query: users } = useAdminQuery('/api/admin/users', usersResponseSchema);
  const { query: scopes } = useAdminQuery('/api/admin/scopes', scopesResponseSchema);
  return (d) => ({
    team:
      (scopes.status === 'ready' && scopes.value.scopes.find((t) => t.id === d.scopeId)?.name) ||
      'A team no longer listed',
    owner:
      (users.status === 'ready' &&
        users.value.users.find((u) => u.id === d.ownerId)?.displayName) ||
      'someone no longer listed',
  });
}

function RecordCell({ record, whose }: { record: DueRecord; whose: ReturnType<typeof useWhose> }) {
  const { team, owner } = whose(record);
  return (
    <>
      <span class="govuk-!-display-block">{team}</span>
      <span class="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">By {owner}</span>
      <span class="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 app-secondary-text">
        {record.recordId}
      </span>
    </>
  );
}

/**
 * Retention: the period of each kind, the records past it, an export of any of them, and their
 * deletion, which needs a person to confirm the exact records.
 */
export function RetentionPage() {
  const call = useAdminCall();
  const { query: due, reload } = useAdminQuery(
    '/api/admin/retention/due',
    retentionDueResponseSchema,
  );
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [exported, setExported] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState<Deleted | null>(null);
  const whose = useWhose();

  const exportOne = async (recordId: string) => {
    const r = await call(
      `/api/admin/retention/export?recordId=${encodeURIComponent(recordId)}`,
      retentionExportResponseSchema,
      'GET',
    );
    if (!r.ok) return setErrors([{ href: '#due', text: describeFailure(r.failure) }]);
    downloadJson(`record-${recordId}.json`, r.value);
    setExported((e) => [...e, recordId]);
  };
  const remove = async () => {
    const r = await call('/api/admin/retention/delete', retentionDeleteResponseSchema, 'POST', {
      recordIds: selected,
      confirm: true,
    });
    if (!r.ok) return setErrors([{ href: '#confirm-delete', text: describeFailure(r.failure) }]);
    setErrors([]);
    setConfirming(false);
    setDeleted({ recordIds: r.value.deleted.map((d) => d.recordId), at: r.value.deletedAt });
    setSelected([]);
    reload();
  };

  if (confirming && due.status === 'ready') {
    const rows = due.value.records.filter((d) => selected.includes(d.recordId));
    return (
      <AdminFrame title="Delete these records for good?" back="/admin/retention" errors={errors}>
        <Table
          caption="Records to delete"
          rows={rows}
          rowKey={(d) => d.recordId}
          columns={[
            { header: 'Record', cell: (d) => <RecordCell record={d} whose={whose} /> },
            { header: 'Kind', cell: (d) => recordKindLabels[d.kind] },
            { header: 'Child rows', numeric: true, cell: (d) => String(d.childRows) },
            { header: 'Exported', cell: (d) => (exported.includes(d.recordId) ? 'Yes' : 'No') },
          ]}
        />
        <WarningText>
          Their content is removed from the server and from every tablet at its next sync. The audit
          trail keeps who did this and when. This cannot be undone.
        </WarningText>
        <ButtonGroup>
          <Button id="confirm-delete" variant="warning" onClick={() => void remove()}>
            Delete for good
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Go back
          </Button>
        </ButtonGroup>
      </AdminFrame>
    );
  }

  return (
    <AdminFrame title="Retention" errors={errors}>
      {deleted ? (
        <NotificationBanner success title="Deleted" id="retention-deleted">
          <p class="govuk-notification-banner__heading">
            {deleted.recordIds.length === 1
              ? 'One record was'
              : `${deleted.recordIds.length} records were`}{' '}
            deleted on {formatWhen(deleted.at)}.
          </p>
          {deleted.recordIds.map((id) => (
            <p class="govuk-body" key={id}>
              <a class="govuk-notification-banner__link" href={`/admin/audit?recordId=${id}`}>
                Audit trail of {id}
              </a>
            </p>
          ))}
        </NotificationBanner>
      ) : null}
      <QueryState query={due}>
        {({ records }) => (
          <div id="due">
            {records.length === 0 ? (
              <p class="govuk-body">No records are past their retention period.</p>
            ) : (
              <>
                <DueTable
                  records={records}
                  whose={whose}
                  selected={selected}
                  exported={exported}
                  onToggle={(id, on) =>
                    setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)))
                  }
                  onExport={(id) => void exportOne(id)}
                />
                <DownloadNotice holds="the whole record, its child rows included, as a JSON file" />
                <Button
                  variant="warning"
                  onClick={() => {
                    if (selected.length === 0)
                      return setErrors([{ href: '#due', text: 'Select the records to delete' }]);
                    setErrors([]);
                    setConfirming(true);
                  }}
                >
                  Delete selected records
                </Button>
              </>
            )}
          </div>
        )}
      </QueryState>
      <Policy onSaved={reload} onError={setErrors} />
    </AdminFrame>
  );
}

function DueTable({
  records,
  whose,
  selected,
  exported,
  onToggle,
  onExport,
}: {
  records: DueRecord[];
  whose: ReturnType<typeof useWhose>;
  selected: string[];
  exported: string[];
  onToggle: (id: string, on: boolean) => void;
  onExport: (id: string) => void;
}) {
  return (
    <Table
      caption="Past their retention period"
      rows={records}
      rowKey={(d) => d.recordId}
      columns={[
        { header: 'Record', cell: (d) => <RecordCell record={d} whose={whose} /> },
        { header: 'Kind', cell: (d) => recordKindLabels[d.kind] },
        { header: 'Last activity', cell: (d) => formatWhen(d.lastActivityAt) },
        { header: 'Due since', cell: (d) => formatWhen(d.dueSince) },
        {
          header: 'Export',
          cell: (d) => (
            <Button
              variant="secondary"
              class="govuk-!-margin-bottom-0"
              onClick={() => onExport(d.recordId)}
            >
              {exported.includes(d.recordId) ? 'Export again' : 'Export'}
              <span class="govuk-visually-hidden"> record {d.recordId}</span>
            </Button>
          ),
        },
        {
          header: 'Delete',
          cell: (d) => (
            <div class="govuk-checkboxes govuk-checkboxes--small">
              <div class="govuk-checkboxes__item">
                <input
                  class="govuk-checkboxes__input"
                  type="checkbox"
                  id={`delete-${d.recordId}`}
                  checked={selected.includes(d.recordId)}
                  onChange={(e) => onToggle(d.recordId, e.currentTarget.checked)}
                />
                <label class="govuk-label govuk-checkboxes__label" for={`delete-${d.recordId}`}>
                  <span class="govuk-visually-hidden">Delete record {d.recordId}</span>
                </label>
              </div>
            </div>
          ),
        },
      ]}
    />
  );
}

function Policy({ onSaved, onError }: { onSaved: () => void; onError: (e: ErrorLink[]) => void }) {
  const call = useAdminCall();
  const { query, reload } = useAdminQuery(
    '/api/admin/retention/policy',
    retentionPolicyResponseSchema,
  );
  // The periods typed, kept on the tablet as they are typed so the idle lock does not lose them;
  // gone once saved. A period typed back to what the server has is not kept.
  const draft = useFormDraft<Partial<Record<RetentionKind, string>>>(
    'admin:retention-periods',
    () => ({}),
  );
  const edits = draft.value;
  const [saved, setSaved] = useState(false);
  if (query.status !== 'ready') return <QueryState query={query}>{() => null}</QueryState>;
  const periods = query.value.periods;
  const asSaved = (k: RetentionKind) => (periods[k] === null ? '' : String(periods[k]));
  const value = (k: RetentionKind) => edits[k] ?? asSaved(k);
  const save = async () => {
    const next: Partial<Record<RetentionKind, number | null>> = {};
    const found: ErrorLink[] = [];
    for (const k of RETENTION_KINDS) {
      const text = value(k).trim();
      if (text === '') next[k] = null;
      else if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 54_750)
        next[k] = Number(text);
      else
        found.push({
          href: `#period-${k}`,
          text: `${recordKindLabels[k]}: enter a whole number of days from 1 to 54750, or leave it blank`,
        });
    }
    onError(found);
    if (found.length > 0) return;
    const r = await call('/api/admin/retention/policy', retentionPolicyResponseSchema, 'PUT', {
      periods: next,
    });
    if (!r.ok)
      return onError([{ href: `#period-${RETENTION_KINDS[0]}`, text: describeFailure(r.failure) }]);
    await draft.reset();
    setSaved(true);
    reload();
    onSaved();
  };
  return (
    <>
      <h2 class="govuk-heading-m">Retention periods</h2>
      <p class="govuk-body">
        Days from a record’s last activity. Leave blank to keep that kind until a period is set.
        Nothing is deleted without a person confirming it here.
      </p>
      <SummaryList
        rows={RETENTION_KINDS.map((k) => ({
          key: recordKindLabels[k],
          value: periods[k] === null ? 'Kept' : `${periods[k]} days`,
        }))}
      />
      {RETENTION_KINDS.map((k) => (
        <TextInput
          key={k}
          id={`period-${k}`}
          label={`${recordKindLabels[k]}, days`}
          width="5"
          inputMode="numeric"
          value={value(k)}
          onInput={(v) => {
            setSaved(false);
            const next = { ...edits, [k]: v };
            if (v === asSaved(k)) delete next[k];
            draft.set(next);
          }}
        />
      ))}
      {saved ? (
        <p class="govuk-body" role="status">
          Retention periods saved.
        </p>
      ) : null}
      <Button variant="secondary" onClick={() => void save()}>
        Save retention periods
      </Button>
    </>
  );
}
