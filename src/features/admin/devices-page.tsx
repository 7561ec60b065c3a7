import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { devicesResponseSchema, revokeResponseSchema } from '../../../schemas/admin/people';
import { Button, ButtonGroup, NotificationBanner, Tag, WarningText } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { SummaryList } from '../../ui/summary-list';
import { Table } from '../../ui/table';
import { describeFailure, formatWhen, useAdminCall, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';

/** Every tablet registration: last contact, unsent changes it last reported, and revoking. */
export function DevicesPage() {
  const { query: params } = useLocation();
  const userId = params['userId'];
  const { query } = useAdminQuery(
    userId ? `/api/admin/devices?userId=${encodeURIComponent(userId)}` : '/api/admin/devices',
    devicesResponseSchema,
  );
  return (
    <AdminFrame title="Tablets">
      <p class="govuk-body">
        A tablet reports how many changes it has not sent each time it is in contact. Remove a lost
        or stolen tablet: it erases what it holds at its next contact, and its unsent changes are
        given up.
      </p>
      <QueryState query={query}>
        {({ devices }) =>
          devices.length === 0 ? (
            <p class="govuk-body">No tablets have signed in yet.</p>
          ) : (
            <Table
              caption="Tablets"
              rows={[...devices].sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt))}
              rowKey={(d) => d.id}
              columns={[
                { header: 'Used by', cell: (d) => `${d.userDisplayName} (${d.userEmail})` },
                { header: 'Name', cell: (d) => d.name },
                { header: 'Last contact', cell: (d) => formatWhen(d.lastSeenAt) },
                { header: 'Unsent changes', numeric: true, cell: (d) => String(d.unsentReported) },
                {
                  header: 'Status',
                  cell: (d) =>
                    d.revokedAt ? (
                      <Tag colour="red">Removed</Tag>
                    ) : (
                      <a class="govuk-link" href={`/admin/devices/${d.id}/revoke`}>
                        Remove
                        <span class="govuk-visually-hidden">
                          {' '}
                          {d.name} used by {d.userDisplayName}
                        </span>
                      </a>
                    ),
                },
              ]}
            />
          )
        }
      </QueryState>
    </AdminFrame>
  );
}

/** Are you sure: removing a tablet cannot be undone. */
export function RevokeDevicePage({ deviceId }: { deviceId: string }) {
  const call = useAdminCall();
  const { query } = useAdminQuery('/api/admin/devices', devicesResponseSchema);
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [done, setDone] = useState(false);
  const revoke = async () => {
    const r = await call(`/api/admin/devices/${deviceId}/revoke`, revokeResponseSchema, 'POST');
    if (!r.ok) return setErrors([{ href: '#revoke', text: describeFailure(r.failure) }]);
    setErrors([]);
    setDone(true);
  };
  return (
    <AdminFrame title="Remove this tablet" back="/admin/devices" errors={errors}>
      <QueryState query={query}>
        {({ devices }) => {
          const d = devices.find((x) => x.id === deviceId);
          if (!d) return <p class="govuk-body">There is no such tablet.</p>;
          if (done)
            return (
              <NotificationBanner success title="Removed" id="revoked">
                <p class="govuk-notification-banner__heading">
                  The tablet is removed. It erases what it holds the next time it is in contact.
                </p>
              </NotificationBanner>
            );
          return (
            <>
              <SummaryList
                rows={[
                  { key: 'Used by', value: `${d.userDisplayName} (${d.userEmail})` },
                  { key: 'Name', value: d.name },
                  { key: 'Last contact', value: formatWhen(d.lastSeenAt) },
                  { key: 'Unsent changes last reported', value: String(d.unsentReported) },
                ]}
              />
              {d.unsentReported > 0 ? (
                <WarningText>
                  It last reported {d.unsentReported} unsent{' '}
                  {d.unsentReported === 1 ? 'change' : 'changes'}. Removing it gives them up.
                </WarningText>
              ) : null}
              <ButtonGroup>
                <Button id="revoke" variant="warning" onClick={() => void revoke()}>
                  Remove tablet
                </Button>
                <a class="govuk-link" href="/admin/devices">
                  Cancel
                </a>
              </ButtonGroup>
            </>
          );
        }}
      </QueryState>
    </AdminFrame>
  );
}
