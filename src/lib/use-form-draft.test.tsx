// A form draft is kept from the first keystroke and goes when the words are rubbed out again, even
// where the form's starting value holds the time (a safety concern's "raised at"), which differs
// every time it is made: otherwise an empty form would count as unsent work at sign-out.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { localOnlyWork, readSealed } from '../db';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import { useFormDraft } from './use-form-draft';

let fx: ServicesFixture;
beforeEach(async () => {
  fx = await servicesFixture();
});
afterEach(async () => {
  await fx.store.close();
});

type Draft = { what: string; at: number };
let clock = 0;

function Form() {
  const draft = useFormDraft<Draft>('timed', () => ({ what: '', at: ++clock }));
  return (
    <textarea
      aria-label="What happened"
      value={draft.value.what}
      onInput={(e) => draft.set({ ...draft.value, what: e.currentTarget.value })}
    />
  );
}

test('typed and rubbed out, a form whose start holds the time keeps no draft', async () => {
  render(<Form />, { wrapper: fx.Wrapper });
  const box = screen.getByLabelText('What happened');
  fireEvent.input(box, { target: { value: 'The child said' } });
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, 'scratch:form:timed')).toMatchObject({
      what: 'The child said',
    }),
  );
  fireEvent.input(box, { target: { value: '' } });
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, 'scratch:form:timed')).toBeUndefined(),
  );
  expect((await localOnlyWork(fx.store.db, fx.store.cipher)).unfinished).toBe(0);
});

function Keyed({ id }: { id: string }) {
  const draft = useFormDraft<string>(`role:${id}`, () => '');
  return (
    <input
      aria-label="New role"
      data-ready={String(draft.ready)}
      value={draft.value}
      onInput={(e) => draft.set(e.currentTarget.value)}
    />
  );
}

test('a form reused for another record shows that record’s draft or none, never the last one’s', async () => {
  // The router keeps the component when only the id in the path changes (one person's page to
  // another's): what was chosen for the first must not be shown, or sent, for the second.
  const view = render(<Keyed id="person-a" />, { wrapper: fx.Wrapper });
  const box = () => screen.getByLabelText('New role') as HTMLInputElement;
  await waitFor(() => expect(box().dataset['ready']).toBe('true'));
  fireEvent.input(box(), { target: { value: 'qa-lead' } });
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, 'scratch:form:role:person-a')).toBe(
      'qa-lead',
    ),
  );
  view.rerender(<Keyed id="person-b" />);
  expect(box().value).toBe('');
  expect(box().dataset['ready']).toBe('false');
  await waitFor(() => expect(box().dataset['ready']).toBe('true'));
  expect(box().value).toBe('');
  fireEvent.input(box(), { target: { value: 'observer' } });
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, 'scratch:form:role:person-b')).toBe(
      'observer',
    ),
  );
  view.rerender(<Keyed id="person-a" />);
  await waitFor(() => expect(box().value).toBe('qa-lead'));
});
