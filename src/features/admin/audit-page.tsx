import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { auditResponseSchema } from '../../../schemas/admin/audit';
import { idSchema } from '../../../schemas/entities/common';
import { Button } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Table } from '../../ui/table';
import { TextInput } from '../../ui/text-input';
import { formatWhen, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';

const ID = { test: (s: string) => idSchema.safeParse(s).success };

/** Who changed or read a record and its child rows, and when (each look is itself audited). */
export function AuditPage() {
  const { query: params, route } = useLocation();
  const recordId = params['recordId'] ?? '';
  const [typed, setTyped] = useState(recordId);
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const { query } = useAdminQuery(
    recordId && ID.test(recordId)
      ? `/api/admin/audit?recordId=${encodeURIComponent(recordId)}&limit=500`
      : null,
    auditResponseSchema,
  );
  const show = () => {
    const id = typed.trim();
    if (!ID.test(id)) {
      setErrors([
        { href: '#record-id', text: 'Enter the record’s ID, as shown in exports and retention' },
      ]);
      return;
    }
    setErrors([]);
    route(`/admin/audit?recordId=${encodeURIComponent(id)}`);
  };
  return (
    <AdminFrame title="Audit trail" errors={errors}>
      <TextInput
        id="record-id"
        label="Record ID"
        spellcheck={false}
        value={typed}
        onInput={setTyped}
        error={errors[0]?.text}
      />
      <Button onClick={show}>Show audit trail</Button>
      {recordId && ID.test(recordId) ? (
        <QueryState query={query}>
          {({ entries, next }) => (
            <>
              {entries.length === 0 ? (
                <p class="govuk-body">There are no audit entries for this record.</p>
              ) : (
                <Table
                  caption={`Audit trail of ${recordId}`}
                  rows={entries}
                  rowKey={(e) => String(e.seq)}
                  columns={[
                    { header: 'When', cell: (e) => formatWhen(e.at) },
                    {
                      header: 'Who',
                      cell: (e) => e.userEmail ?? 'The server or the admin command',
                    },
                    { header: 'What', cell: (e) => e.action },
                    { header: 'Record', cell: (e) => e.recordId ?? '—' },
                    {
                      header: 'Content',
                      cell: (e) => (e.contentErased ? 'Erased under retention' : 'Kept'),
                    },
                  ]}
                />
              )}
              {next !== null ? (
                <p class="govuk-body">Only the first 500 entries are shown.</p>
              ) : null}
            </>
          )}
        </QueryState>
      ) : null}
    </AdminFrame>
  );
}
