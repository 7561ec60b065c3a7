import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ROLE_KEYS, roleLabels } from '../../../schemas/api/account';
import type { RoleKey } from '../../../schemas/api/account';
import {
  MIN_ADMIN_PASSWORD_LENGTH,
  scopesResponseSchema,
  userResponseSchema,
} from '../../../schemas/admin/people';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Checkboxes } from '../../ui/checkboxes';
import { Radios } from '../../ui/radios';
import { TextInput } from '../../ui/text-input';
import { describeFailure, useAdminCall, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';
import { scopeKindLabel } from './people-page';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type PersonForm = { email: string; name: string; role?: RoleKey; teams: string[] };

/** A new account, with its role, teams and (unless it signs in only through SSO) a password. */
export function AddPersonPage() {
  const { route } = useLocation();
  const call = useAdminCall();
  const { query: scopes } = useAdminQuery('/api/admin/scopes', scopesResponseSchema);
  // On the tablet as it is typed, so the idle lock does not lose it; gone once the person is
  // added. The first password is never written down: it stays in memory only.
  const draft = useFormDraft<PersonForm>('admin:add-person', () => ({
    email: '',
    name: '',
    teams: [],
  }));
  const { email, name, role, teams } = draft.value;
  const set = (patch: Partial<PersonForm>) => draft.set({ ...draft.value, ...patch });
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const found: ErrorLink[] = [];
    if (!EMAIL.test(email.trim()))
      found.push({
        href: '#email',
        text: 'Enter an email address in the correct format, like name@example.org',
      });
    if (!name.trim()) found.push({ href: '#name', text: 'Enter the person’s full name' });
    if (!role) found.push({ href: '#role', text: 'Select the person’s role' });
    if (password && password.length < MIN_ADMIN_PASSWORD_LENGTH)
      found.push({
        href: '#password',
        text: `The password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`,
      });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    const r = await call('/api/admin/users', userResponseSchema, 'POST', {
      email: email.trim(),
      displayName: name.trim(),
      role,
      ...(password ? { password } : {}),
      scopeIds: teams,
    });
    setBusy(false);
    if (!r.ok) {
      setErrors([{ href: '#email', text: describeFailure(r.failure) }]);
      return;
    }
    await draft.clear();
    route(`/admin/people/${r.value.user.id}`);
  };
  const err = (id: string) => errors.find((e) => e.href === `#${id}`)?.text;

  return (
    <AdminFrame title="Add a person" back="/admin/people" errors={errors}>
      <TextInput
        id="email"
        label="Email address"
        type="email"
        spellcheck={false}
        autocomplete="off"
        value={email}
        onInput={(v) => set({ email: v })}
        error={err('email')}
      />
      <TextInput
        id="name"
        label="Full name"
        value={name}
        onInput={(v) => set({ name: v })}
        error={err('name')}
      />
      <Radios
        id="role"
        name="role"
        legend="Role"
        legendSize="m"
        options={ROLE_KEYS.map((k) => ({ value: k, label: roleLabels[k] }))}
        value={role}
        onChange={(v) => set({ role: v as RoleKey })}
        error={err('role')}
      />
      <QueryState query={scopes}>
        {({ scopes: list }) =>
          list.length > 0 ? (
            <Checkboxes
              id="teams"
              name="teams"
              legend="Teams"
              legendSize="m"
              hint="A service brings its practice groups with it."
              options={list.map((s) => ({ value: s.id, label: s.name, hint: scopeKindLabel(s) }))}
              selected={teams}
              onToggle={(v, on) =>
                set({ teams: on ? [...teams, v] : teams.filter((x) => x !== v) })
              }
            />
          ) : (
            <p class="govuk-body">There are no teams yet.</p>
          )
        }
      </QueryState>
      <TextInput
        id="password"
        label="First password (optional)"
        hint={`At least ${MIN_ADMIN_PASSWORD_LENGTH} characters. Leave it blank for someone who signs in only through your organisation’s single sign-on.`}
        type="password"
        autocomplete="new-password"
        value={password}
        onInput={setPassword}
        error={err('password')}
      />
      <Button onClick={() => void save()} disabled={busy}>
        Add person
      </Button>
    </AdminFrame>
  );
}
