import { useState } from 'preact/hooks';
import { ROLE_KEYS, roleLabels } from '../../../schemas/api/account';
import type { RoleKey } from '../../../schemas/api/account';
import { reassignResponseSchema } from '../../../schemas/admin/reassign';
import {
  MIN_ADMIN_PASSWORD_LENGTH,
  accountChangeResponseSchema,
  membershipRemovedResponseSchema,
  membershipResponseSchema,
  passwordResetResponseSchema,
  scopesResponseSchema,
  usersResponseSchema,
} from '../../../schemas/admin/people';
import type { AdminScope, UserSummary } from '../../../schemas/admin/people';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, NotificationBanner, WarningText } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Radios } from '../../ui/radios';
import { SummaryList } from '../../ui/summary-list';
import { TextInput } from '../../ui/text-input';
import { describeFailure, formatWhen, useAdminCall, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';

/** One person: who they are, their teams, a new password, and moving their work on. */
export function PersonPage({ userId }: { userId: string }) {
  const { query: users, reload } = useAdminQuery('/api/admin/users', usersResponseSchema);
  const { query: scopes } = useAdminQuery('/api/admin/scopes', scopesResponseSchema);
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const person = users.status === 'ready' ? users.value.users.find((u) => u.id === userId) : null;
  return (
    <AdminFrame
      title={person?.displayName ?? 'Person'}
      documentTitle="Person"
      back="/admin/people"
      errors={errors}
    >
      {done ? (
        <NotificationBanner success title="Done" id="person-done">
          <p class="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      ) : null}
      <QueryState query={users}>
        {({ users: all }) => {
          const p = all.find((u) => u.id === userId);
          if (!p) return <p class="govuk-body">There is no such person.</p>;
          return (
            <>
              <SummaryList
                rows={[
                  { key: 'Email address', value: p.email },
                  { key: 'Role', value: roleLabels[p.role] },
                  { key: 'Teams', value: p.scopes.map((s) => s.name).join(', ') || 'None' },
                  { key: 'Status', value: p.status === 'active' ? 'Active' : 'Disabled' },
                  {
                    key: 'Locked out until',
                    value: p.lockedUntil ? formatWhen(p.lockedUntil) : 'Not locked out',
                  },
                  { key: 'Added', value: formatWhen(p.createdAt) },
                ]}
              />
              <p class="govuk-body">
                <a class="govuk-link" href={`/admin/devices?userId=${p.id}`}>
                  Tablets {p.displayName} uses
                </a>
              </p>
              <Teams
                person={p}
                onError={setErrors}
                onDone={(m) => {
                  setDone(m);
                  reload();
                }}
              />
              <QueryState query={scopes}>
                {({ scopes: list }) => (
                  <AddMembership
                    person={p}
                    scopes={list}
                    onError={setErrors}
                    onDone={(m) => {
                      setDone(m);
                      reload();
                    }}
                  />
                )}
              </QueryState>
              <ChangeRole
                person={p}
                onError={setErrors}
                onDone={(m) => {
                  setDone(m);
                  reload();
                }}
              />
              <ResetPassword person={p} onError={setErrors} onDone={setDone} />
              <Reassign person={p} everyone={all} onError={setErrors} onDone={setDone} />
              <AccountStatus
                person={p}
                onError={setErrors}
                onDone={(m) => {
                  setDone(m);
                  reload();
                }}
              />
            </>
          );
        }}
      </QueryState>
    </AdminFrame>
  );
}

type Part = {
  person: UserSummary;
  onError: (e: ErrorLink[]) => void;
  onDone: (message: string) => void;
};

/**
 * A choice made on a person's page, kept on the tablet as it is made so the idle lock does not
 * lose it, under that person's id (another person's page never shows it) until it is sent.
 */
const useChoice = (part: string, person: UserSummary) =>
  useFormDraft<string | null>(`admin:person-${part}:${person.id}`, () => null);

function AddMembership({ person, scopes, onError, onDone }: Part & { scopes: AdminScope[] }) {
  const call = useAdminCall();
  const choice = useChoice('team', person);
  const scopeId = choice.value ?? undefined;
  const open = scopes.filter((s) => !person.scopes.some((m) => m.id === s.id));
  if (open.length === 0) return null;
  const add = async () => {
    if (!scopeId) return onError([{ href: '#membership', text: 'Select a team to add them to' }]);
    const r = await call(
      `/api/admin/users/${person.id}/memberships`,
      membershipResponseSchema,
      'POST',
      { scopeId },
    );
    if (!r.ok) return onError([{ href: '#membership', text: describeFailure(r.failure) }]);
    onError([]);
    await choice.reset();
    onDone(
      `${person.displayName} is now in ${scopes.find((s) => s.id === scopeId)?.name ?? 'the team'}.`,
    );
  };
  return (
    <>
      <Radios
        id="membership"
        name="membership"
        legend="Add to a team"
        legendSize="m"
        options={open.map((s) => ({
          value: s.id,
          label: s.name,
          hint: s.kind === 'service' ? 'Service' : 'Practice group',
        }))}
        value={scopeId}
        onChange={choice.set}
      />
      <Button variant="secondary" onClick={() => void add()}>
        Add to team
      </Button>
    </>
  );
}

function ResetPassword({ person, onError, onDone }: Part) {
  const call = useAdminCall();
  // Never written to the tablet's store, even sealed: a password stays in memory only, so the
  // idle lock loses it (the warning says so).
  const [password, setPassword] = useState('');
  const reset = async () => {
    if (password.length < MIN_ADMIN_PASSWORD_LENGTH) {
      return onError([
        {
          href: '#new-password',
          text: `The new password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`,
        },
      ]);
    }
    const r = await call(
      `/api/admin/users/${person.id}/password`,
      passwordResetResponseSchema,
      'POST',
      { password },
    );
    if (!r.ok) return onError([{ href: '#new-password', text: describeFailure(r.failure) }]);
    onError([]);
    setPassword('');
    onDone(
      `${person.displayName}’s password is changed and they are signed out on ${r.value.sessionsRevoked} ${r.value.sessionsRevoked === 1 ? 'tablet' : 'tablets'}. Tell them the new password in person or by phone.`,
    );
  };
  return (
    <>
      <h2 class="govuk-heading-m">Reset password</h2>
      <TextInput
        id="new-password"
        label="New password"
        hint={`At least ${MIN_ADMIN_PASSWORD_LENGTH} characters. This also ends a lock-out and signs them out everywhere.`}
        type="password"
        autocomplete="new-password"
        value={password}
        onInput={setPassword}
      />
      <Button variant="secondary" onClick={() => void reset()}>
        Set new password
      </Button>
    </>
  );
}

function Reassign({ person, everyone, onError, onDone }: Part & { everyone: UserSummary[] }) {
  const call = useAdminCall();
  const choice = useChoice('reassign', person);
  const to = choice.value ?? undefined;
  const others = everyone.filter(
    (u) => u.id !== person.id && u.status === 'active' && u.role !== 'admin',
  );
  if (others.length === 0) return null;
  const move = async () => {
    if (!to) return onError([{ href: '#reassign', text: 'Select who takes on their work' }]);
    const r = await call(`/api/admin/users/${person.id}/reassign`, reassignResponseSchema, 'POST', {
      toUserId: to,
    });
    if (!r.ok) return onError([{ href: '#reassign', text: describeFailure(r.failure) }]);
    onError([]);
    await choice.reset();
    const name = others.find((u) => u.id === to)?.displayName ?? 'them';
    onDone(
      `${r.value.drafts.length} draft ${r.value.drafts.length === 1 ? 'observation' : 'observations'}, ${r.value.actions.length} ${r.value.actions.length === 1 ? 'action' : 'actions'} and ${r.value.assignments.length} open ${r.value.assignments.length === 1 ? 'assignment' : 'assignments'} moved to ${name}. They receive them at their next sync.`,
    );
  };
  return (
    <>
      <h2 class="govuk-heading-m">Leaving</h2>
      <Radios
        id="reassign"
        name="reassign"
        legend="Who takes on their draft observations and actions?"
        legendSize="s"
        hint="Submitted observations stay theirs. The drafts leave their tablets at the next sync."
        options={others.map((u) => ({
          value: u.id,
          label: u.displayName,
          hint: roleLabels[u.role],
        }))}
        value={to}
        onChange={choice.set}
      />
      <Button variant="secondary" onClick={() => void move()}>
        Move their work
      </Button>
    </>
  );
}

/** Their teams, each with a way to take them out of it. */
function Teams({ person, onError, onDone }: Part) {
  const call = useAdminCall();
  if (person.scopes.length === 0) return null;
  const remove = async (scope: AdminScope) => {
    const r = await call(
      `/api/admin/users/${person.id}/memberships/${scope.id}`,
      membershipRemovedResponseSchema,
      'DELETE',
    );
    if (!r.ok) return onError([{ href: '#teams', text: describeFailure(r.failure) }]);
    onError([]);
    onDone(
      `${person.displayName} is no longer in ${scope.name}. Their tablets drop its records at their next sync.`,
    );
  };
  return (
    <>
      <h2 class="govuk-heading-m" id="teams" tabIndex={-1}>
        Teams
      </h2>
      <dl class="govuk-summary-list">
        {person.scopes.map((s) => (
          <div class="govuk-summary-list__row" key={s.id}>
            <dt class="govuk-summary-list__key">{s.name}</dt>
            <dd class="govuk-summary-list__value">
              {s.kind === 'service' ? 'Service' : 'Practice group'}
            </dd>
            <dd class="govuk-summary-list__actions">
              <button
                type="button"
                class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                onClick={() => void remove(s)}
              >
                Remove<span class="govuk-visually-hidden"> from {s.name}</span>
              </button>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function ChangeRole({ person, onError, onDone }: Part) {
  const call = useAdminCall();
  const choice = useChoice('role', person);
  const role = choice.value ?? undefined;
  const change = async () => {
    if (!role || role === person.role) {
      return onError([{ href: '#role', text: 'Select the new role' }]);
    }
    const r = await call(`/api/admin/users/${person.id}`, accountChangeResponseSchema, 'PATCH', {
      role,
    });
    if (!r.ok) return onError([{ href: '#role', text: describeFailure(r.failure) }]);
    onError([]);
    await choice.reset();
    onDone(
      `${person.displayName} is now ${roleLabels[r.value.user.role].toLowerCase()}, from their next sync.`,
    );
  };
  return (
    <>
      <Radios
        id="role"
        name="role"
        legend="Change their role"
        legendSize="m"
        hint={`Now: ${roleLabels[person.role]}. The new role holds from their next request to the server.`}
        options={ROLE_KEYS.filter((k: RoleKey) => k !== person.role).map((k) => ({
          value: k,
          label: roleLabels[k],
        }))}
        value={role}
        onChange={choice.set}
      />
      <Button variant="secondary" onClick={() => void change()}>
        Change role
      </Button>
    </>
  );
}

/** A leaver's account is disabled, never deleted: their records and audit trail stay. */
function AccountStatus({ person, onError, onDone }: Part) {
  const call = useAdminCall();
  const active = person.status === 'active';
  const toggle = async () => {
    const r = await call(`/api/admin/users/${person.id}`, accountChangeResponseSchema, 'PATCH', {
      status: active ? 'disabled' : 'active',
    });
    if (!r.ok) return onError([{ href: '#account-status', text: describeFailure(r.failure) }]);
    onError([]);
    onDone(
      active
        ? `${person.displayName}’s account is disabled and they are signed out on ${r.value.sessionsRevoked} ${r.value.sessionsRevoked === 1 ? 'tablet' : 'tablets'}. Their tablets keep any unsent work.`
        : `${person.displayName} can sign in again.`,
    );
  };
  return (
    <>
      <h2 class="govuk-heading-m" id="account-status" tabIndex={-1}>
        {active ? 'Disable the account' : 'Enable the account'}
      </h2>
      {active ? (
        <WarningText>
          They will be signed out everywhere at once and cannot sign in again until the account is
          enabled. Their records stay. Move their drafts and actions first if someone else is to
          carry them on.
        </WarningText>
      ) : null}
      <Button variant={active ? 'warning' : 'secondary'} onClick={() => void toggle()}>
        {active ? 'Disable account' : 'Enable account'}
      </Button>
    </>
  );
}
