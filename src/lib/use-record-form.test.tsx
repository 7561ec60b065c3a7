// A form's edit is sent with what the person started from: a pull that lands while they type
// (another device's words) must be merged with on the server, never silently written over; and
// a form moved to another record never saves one record's words into the other.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { freshStore, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import type { FieldMap } from '../../schemas/sync/records';
import { applyPullPage, getRecord, pendingMutations, readScratch } from '../db';
import { SaveStatus } from '../ui/save-status';
import { flushAllAutosaves } from './autosave';
import { setOpenStore } from './open-store';
import { useRecordForm } from './use-record-form';

let fx: ServicesFixture;
beforeEach(async () => {
  fx = await servicesFixture();
});
afterEach(async () => {
  await fx.store.close();
});

const NOTE = 'summary.strengths';

function Note(props: { recordId: string; fields: FieldMap | undefined; version: number }) {
  const form = useRecordForm({ type: 'observation', ...props });
  return (
    <textarea
      aria-label="Strengths"
      value={form.text(NOTE)}
      onInput={(e) => form.set(NOTE, e.currentTarget.value)}
      onBlur={() => void form.flush()}
    />
  );
}

const pulled = (id: string, version: number, note: string) =>
  applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({ records: [serverRecord({ id, version, fields: { [NOTE]: note } })] }),
  );

test('a pull that lands while the person types: the edit goes with the text and version they started from', async () => {
  await pulled('record-typed-0001', 3, 'Clear plan agreed');
  const before = (await getRecord(fx.store.db, fx.store.cipher, 'record-typed-0001'))!;
  const view = render(
    <Note recordId={before.id} fields={before.fields} version={before.version} />,
    {
      wrapper: fx.Wrapper,
    },
  );
  const box = screen.getByLabelText('Strengths');
  fireEvent.input(box, { target: { value: 'Very clear plan agreed' } });
  // Another device's words arrive before the autosave fires.
  await pulled('record-typed-0001', 5, 'Clear plan agreed with the school');
  const after = (await getRecord(fx.store.db, fx.store.cipher, 'record-typed-0001'))!;
  view.rerender(<Note recordId={after.id} fields={after.fields} version={after.version} />);
  expect((box as HTMLTextAreaElement).value).toBe('Very clear plan agreed');
  fireEvent.blur(box);
  await waitFor(async () =>
    expect(await pendingMutations(fx.store.db, fx.store.cipher)).toHaveLength(1),
  );
  const [sent] = await pendingMutations(fx.store.db, fx.store.cipher);
  expect(sent).toMatchObject({
    baseVersion: 3,
    base: { [NOTE]: 'Clear plan agreed' },
    set: { [NOTE]: 'Very clear plan agreed' },
  });

  // Saved as typed: the next change starts from the store's copy again.
  fireEvent.input(box, { target: { value: 'Very clear plan agreed.' } });
  fireEvent.blur(box);
  await waitFor(async () =>
    expect(await pendingMutations(fx.store.db, fx.store.cipher)).toHaveLength(2),
  );
  const second = (await pendingMutations(fx.store.db, fx.store.cipher))[1]!;
  expect(second.baseVersion).toBe(5);
  expect(second.base).toEqual({ [NOTE]: 'Clear plan agreed with the school' });
});

test('a form moved to another record saves what was typed into the record it was typed in', async () => {
  await pulled('record-first-0001', 1, 'First');
  await pulled('record-second-001', 1, 'Second');
  const view = render(
    <Note recordId="record-first-0001" fields={{ [NOTE]: 'First' }} version={1} />,
    {
      wrapper: fx.Wrapper,
    },
  );
  fireEvent.input(screen.getByLabelText('Strengths'), { target: { value: 'First, edited' } });
  view.rerender(<Note recordId="record-second-001" fields={{ [NOTE]: 'Second' }} version={1} />);
  await waitFor(async () =>
    expect(await pendingMutations(fx.store.db, fx.store.cipher)).toHaveLength(1),
  );
  const [sent] = await pendingMutations(fx.store.db, fx.store.cipher);
  expect(sent).toMatchObject({ recordId: 'record-first-0001', set: { [NOTE]: 'First, edited' } });
  expect((screen.getByLabelText('Strengths') as HTMLTextAreaElement).value).toBe('Second');
});

test('a save that failed as the store closed under it (a lock) goes into the store reopened for the same person, and no one else’s', async () => {
  await pulled('record-locked-0001', 1, 'Before');
  const view = render(
    <Note recordId="record-locked-0001" fields={{ [NOTE]: 'Before' }} version={1} />,
    { wrapper: fx.Wrapper },
  );
  fireEvent.input(screen.getByLabelText('Strengths'), {
    target: { value: 'Typed before the lock' },
  });
  // The lock closes the store before the words are saved, then the screen.
  fx.store.db.close();
  expect(await flushAllAutosaves()).toBe(false);
  view.unmount();

  const reopened = await freshStore();
  try {
    const page = pullPage({
      records: [
        serverRecord({ id: 'record-locked-0001', version: 1, fields: { [NOTE]: 'Before' } }),
      ],
    });
    await applyPullPage(reopened.db, reopened.cipher, page);
    // Someone else unlocks on this tablet: nothing goes into their store.
    setOpenStore('user-someone-else-01', reopened);
    expect(await flushAllAutosaves()).toBe(false);
    expect(await pendingMutations(reopened.db, reopened.cipher)).toEqual([]);
    // The same person unlocks: the words are saved there.
    setOpenStore(fx.services.user.id, reopened);
    expect(await flushAllAutosaves()).toBe(true);
    const saved = await getRecord(reopened.db, reopened.cipher, 'record-locked-0001');
    expect(saved?.fields[NOTE]).toBe('Typed before the lock');
  } finally {
    setOpenStore('', null);
    await reopened.close();
  }
});

function CheckedNote(props: { recordId: string; fields: FieldMap | undefined; version: number }) {
  const form = useRecordForm({
    type: 'observation',
    ...props,
    validate: (_path, value) =>
      typeof value === 'string' && value.length > 20 ? 'Must be 20 characters or fewer' : undefined,
  });
  return (
    <>
      <SaveStatus state={form.state} error={form.error} heldBack={form.heldBack.length} />
      <textarea
        aria-label="Strengths"
        value={form.text(NOTE)}
        onInput={(e) => form.set(NOTE, e.currentTarget.value)}
        onBlur={() => void form.flush()}
      />
    </>
  );
}

test('a value held back because it fails its check is not called saved: the status says it waits to be fixed', async () => {
  const ID = 'record-held-0001';
  await pulled(ID, 1, 'Clear plan agreed');
  const stored = async () => (await getRecord(fx.store.db, fx.store.cipher, ID))?.fields[NOTE];
  const before = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  render(<CheckedNote recordId={ID} fields={before.fields} version={before.version} />, {
    wrapper: fx.Wrapper,
  });
  const box = screen.getByLabelText('Strengths');
  const status = () => screen.getByTestId('save-status').textContent;
  expect(status()).toBe('Saved on this device');
  fireEvent.input(box, { target: { value: 'Clear plan agreed with the school' } });
  await waitFor(async () =>
    expect(await readScratch(fx.store.db, fx.store.cipher, ID)).toEqual({
      [NOTE]: 'Clear plan agreed with the school',
    }),
  );
  expect(status()).toBe('Kept on this device – 1 answer is not sent until fixed');
  expect(await stored()).toBe('Clear plan agreed');
  // Fixed: sent, and saved again in so many words.
  fireEvent.input(box, { target: { value: 'Plan agreed, school' } });
  fireEvent.blur(box);
  await waitFor(async () => expect(await stored()).toBe('Plan agreed, school'));
  await waitFor(() => expect(status()).toBe('Saved on this device'));
  expect(await readScratch(fx.store.db, fx.store.cipher, ID)).toEqual({});
});
