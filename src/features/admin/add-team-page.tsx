import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { scopeResponseSchema, scopesResponseSchema } from '../../../schemas/admin/people';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Radios } from '../../ui/radios';
import { TextInput } from '../../ui/text-input';
import { describeFailure, useAdminCall, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';

/** A new service, or a practice group within a service. */
export function AddTeamPage() {
  const { route } = useLocation();
  const call = useAdminCall();
  const { query: scopes } = useAdminQuery('/api/admin/scopes', scopesResponseSchema);
  // On the tablet as it is typed, so the idle lock does not lose it; gone once the team is added.
  const draft = useFormDraft<{ name: string; parent?: string }>('admin:add-team', () => ({
    name: '',
  }));
  const { name, parent } = draft.value;
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const found: ErrorLink[] = [];
    if (!name.trim()) found.push({ href: '#name', text: 'Enter the team’s name' });
    if (!parent)
      found.push({ href: '#parent', text: 'Select whether it is a service or part of one' });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    const r = await call('/api/admin/scopes', scopeResponseSchema, 'POST', {
      name: name.trim(),
      kind: parent === 'none' ? 'service' : 'practice-group',
      ...(parent !== 'none' ? { parentId: parent } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setErrors([{ href: '#name', text: describeFailure(r.failure) }]);
      return;
    }
    await draft.clear();
    route('/admin/people');
  };
  const err = (id: string) => errors.find((e) => e.href === `#${id}`)?.text;
  return (
    <AdminFrame title="Add a team" back="/admin/people" errors={errors}>
      <TextInput
        id="name"
        label="Name"
        value={name}
        onInput={(v) => draft.set({ ...draft.value, name: v })}
        error={err('name')}
      />
      <QueryState query={scopes}>
        {({ scopes: list }) => (
          <Radios
            id="parent"
            name="parent"
            legend="Is it a service, or a practice group within one?"
            legendSize="m"
            options={[
              { value: 'none', label: 'A service' },
              ...list
                .filter((s) => s.kind === 'service')
                .map((s, i) => ({
                  value: s.id,
                  label: `A practice group in ${s.name}`,
                  ...(i === 0 ? { dividerBefore: 'or' } : {}),
                })),
            ]}
            value={parent}
            onChange={(v) => draft.set({ ...draft.value, parent: v })}
            error={err('parent')}
          />
        )}
      </QueryState>
      <Button onClick={() => void save()} disabled={busy}>
        Add team
      </Button>
    </AdminFrame>
  );
}
