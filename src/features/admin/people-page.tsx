import { roleLabels } from '../../../schemas/api/account';
import { scopesResponseSchema, usersResponseSchema } from '../../../schemas/admin/people';
import type { AdminScope } from '../../../schemas/admin/people';
import { ButtonGroup, ButtonLink } from '../../ui/content';
import { Table } from '../../ui/table';
import { useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';

export const scopeKindLabel = (s: AdminScope) =>
  s.kind === 'service' ? 'Service' : 'Practice group';

/** Everyone with an account, and every service and practice group. */
export function PeoplePage() {
  const { query: users } = useAdminQuery('/api/admin/users', usersResponseSchema);
  const { query: scopes } = useAdminQuery('/api/admin/scopes', scopesResponseSchema);
  return (
    <AdminFrame title="People and teams">
      <ButtonGroup>
        <ButtonLink href="/admin/people/new">Add a person</ButtonLink>
        <ButtonLink href="/admin/teams/new" variant="secondary">
          Add a team
        </ButtonLink>
      </ButtonGroup>
      <QueryState query={users}>
        {({ users: list }) => (
          <Table
            caption="People"
            rows={[...list].sort((a, b) => a.displayName.localeCompare(b.displayName))}
            rowKey={(u) => u.id}
            columns={[
              {
                header: 'Name',
                cell: (u) => (
                  <a class="govuk-link" href={`/admin/people/${u.id}`}>
                    {u.displayName}
                  </a>
                ),
              },
              { header: 'Email address', cell: (u) => u.email },
              { header: 'Role', cell: (u) => roleLabels[u.role] },
              {
                header: 'Teams',
                cell: (u) => u.scopes.map((s) => s.name).join(', ') || 'None',
              },
              { header: 'Status', cell: (u) => (u.status === 'active' ? 'Active' : 'Disabled') },
            ]}
          />
        )}
      </QueryState>
      <QueryState query={scopes}>
        {({ scopes: list }) => (
          <Table
            caption="Teams"
            rows={list}
            rowKey={(s) => s.id}
            columns={[
              { header: 'Name', cell: (s) => s.name },
              { header: 'Kind', cell: scopeKindLabel },
              {
                header: 'Part of',
                cell: (s) => list.find((p) => p.id === s.parentId)?.name ?? '—',
              },
            ]}
          />
        )}
      </QueryState>
    </AdminFrame>
  );
}
