// A form's edit is sent with what the person started from: a pull that lands while they type
// (another device's words) must be merged with on the server, never silently written over; and
// a form moved to another record never saves one record's words into the other.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { freshStore, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import type { FieldMap } from '../../schemas/sync/records';
import {
  applyPullPage,
  applyRescues,
  getRecord,
  pendingMutations,
  readScratch,
  saveFields,
} from '../db';
import type { RecordView } from '../db';
import { SaveStatus } from '../ui/save-status';
import { flushAllAutosaves, rescueAllAutosaves } from './autosave';
import { setOpenStore } from './open-store';
import { useLive } from './use-live';
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

test('a pull that lands while the person types: their edit is merged with it on the tablet, and sent from what it was merged with', async () => {
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
  const merged = 'Very clear plan agreed with the school';
  const [sent] = await pendingMutations(fx.store.db, fx.store.cipher);
  // Merged here, from the text the pull brought: the server merges any later edit with it again.
  expect(sent).toMatchObject({
    baseVersion: 3,
    base: { [NOTE]: 'Clear plan agreed with the school' },
    set: { [NOTE]: merged },
  });
  // The box shows the merged text at once, and typing on starts from it.
  await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(merged));
  fireEvent.input(box, { target: { value: `${merged}.` } });
  fireEvent.blur(box);
  await waitFor(async () =>
    expect(await pendingMutations(fx.store.db, fx.store.cipher)).toHaveLength(2),
  );
  const second = (await pendingMutations(fx.store.db, fx.store.cipher))[1]!;
  expect(second.baseVersion).toBe(5);
  expect(second.base).toEqual({ [NOTE]: merged });
  expect(second.set).toEqual({ [NOTE]: `${merged}.` });
});

test('a pull that lands while the person types over the same words: sent as typed from what they started from, and the text it replaced kept here', async () => {
  const ID = 'record-typed-0002';
  await pulled(ID, 3, 'Clear plan agreed');
  const before = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  const view = render(
    <Note recordId={before.id} fields={before.fields} version={before.version} />,
    { wrapper: fx.Wrapper },
  );
  const box = screen.getByLabelText('Strengths');
  fireEvent.input(box, { target: { value: 'Clear plan agreed today' } });
  await pulled(ID, 5, 'Clear plan agreed with the school');
  const after = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  view.rerender(<Note recordId={after.id} fields={after.fields} version={after.version} />);
  fireEvent.blur(box);
  await waitFor(async () =>
    expect(await pendingMutations(fx.store.db, fx.store.cipher)).toHaveLength(1),
  );
  // As typed, from what the person started from: the server keeps a conflict with the other
  // device's words; until it has, and whatever it does, they are kept on the tablet too.
  const [sent] = await pendingMutations(fx.store.db, fx.store.cipher);
  expect(sent).toMatchObject({
    baseVersion: 3,
    base: { [NOTE]: 'Clear plan agreed' },
    set: { [NOTE]: 'Clear plan agreed today' },
  });
  const shown = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  expect(shown.fields[NOTE]).toBe('Clear plan agreed today');
  expect(shown.conflicts).toMatchObject([
    {
      path: NOTE,
      keptHere: true,
      current: 'Clear plan agreed today',
      incoming: 'Clear plan agreed with the school',
    },
  ]);
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

/** One window of the app: the record as the store holds it now, and its form. */
function LiveWindow(props: { recordId: string; label: string }) {
  const { store } = fx.services;
  const live = useLive(() => getRecord(store.db, store.cipher, props.recordId), [props.recordId]);
  const view = live.value;
  if (!view) return null;
  return <WindowNote view={view} label={props.label} />;
}

function WindowNote({ view, label }: { view: RecordView; label: string }) {
  const form = useRecordForm({
    type: 'observation',
    recordId: view.id,
    fields: view.fields,
    version: view.version,
  });
  return (
    <textarea
      aria-label={label}
      value={form.text(NOTE)}
      onInput={(e) => form.set(NOTE, e.currentTarget.value)}
    />
  );
}

const boxValue = (label: string) => (screen.getByLabelText(label) as HTMLTextAreaElement).value;

test('two windows typing into the same note at once in different places: both windows end with both edits', async () => {
  const ID = 'record-windows-001';
  await pulled(ID, 2, 'The worker was on time.');
  render(
    <>
      <LiveWindow recordId={ID} label="Window A" />
      <LiveWindow recordId={ID} label="Window B" />
    </>,
    { wrapper: fx.Wrapper },
  );
  await waitFor(() => expect(boxValue('Window B')).toBe('The worker was on time.'));
  // Each window shows what the other saved, when it is not being typed in.
  fireEvent.input(screen.getByLabelText('Window A'), { target: { value: 'The worker was late.' } });
  expect(await flushAllAutosaves()).toBe(true);
  await waitFor(() => expect(boxValue('Window B')).toBe('The worker was late.'));
  fireEvent.input(screen.getByLabelText('Window B'), {
    target: { value: 'The worker was on time.' },
  });
  expect(await flushAllAutosaves()).toBe(true);
  await waitFor(() => expect(boxValue('Window A')).toBe('The worker was on time.'));

  fireEvent.input(screen.getByLabelText('Window A'), {
    target: { value: 'Early: the worker was on time.' },
  });
  fireEvent.input(screen.getByLabelText('Window B'), {
    target: { value: 'The worker was on time. She listened.' },
  });
  expect(await flushAllAutosaves()).toBe(true);
  const merged = 'Early: the worker was on time. She listened.';
  expect((await getRecord(fx.store.db, fx.store.cipher, ID))?.fields[NOTE]).toBe(merged);
  await waitFor(() => expect(boxValue('Window A')).toBe(merged));
  await waitFor(() => expect(boxValue('Window B')).toBe(merged));
});

test('typing on while a save is on its way: the next save goes from the text saved, and nothing is kept aside', async () => {
  const ID = 'record-windows-002';
  await pulled(ID, 2, 'The worker was on time.');
  render(<LiveWindow recordId={ID} label="Window A" />, { wrapper: fx.Wrapper });
  await waitFor(() => expect(boxValue('Window A')).toBe('The worker was on time.'));
  const box = screen.getByLabelText('Window A');
  fireEvent.input(box, { target: { value: 'The worker was on time and calm.' } });
  const saving = flushAllAutosaves();
  // The save has started (its batch taken); the person types on before it lands.
  fireEvent.input(box, { target: { value: 'The worker was on time and calm. Kind too.' } });
  expect(await saving).toBe(true);
  expect(await flushAllAutosaves()).toBe(true);
  const view = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  expect(view.fields[NOTE]).toBe('The worker was on time and calm. Kind too.');
  expect(view.conflicts).toEqual([]);
  const [, second] = await pendingMutations(fx.store.db, fx.store.cipher);
  expect(second?.base).toEqual({ [NOTE]: 'The worker was on time and calm.' });
});

test('a read of the record from before the last save, delivered after it, never puts the older words back on the screen', async () => {
  // The store's reads are answered in their own time: one begun before a save committed (another
  // window's rescue row, a sync) can arrive after the save has. Shown, it took the last words off
  // the screen, and a key typed then went on the end of the older text.
  const ID = 'record-stale-0001';
  await pulled(ID, 2, 'First.');
  const before = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  const show = (r: RecordView) => (
    <Note recordId={r.id} fields={{ ...r.fields }} version={r.version} />
  );
  const view = render(show(before), { wrapper: fx.Wrapper });
  const box = screen.getByLabelText('Strengths') as HTMLTextAreaElement;
  fireEvent.input(box, { target: { value: 'First. Second.' } });
  fireEvent.blur(box);
  await waitFor(async () =>
    expect(await pendingMutations(fx.store.db, fx.store.cipher)).toHaveLength(1),
  );
  const saved = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  // The older read lands now: the store is asked, and still holds what was saved.
  view.rerender(show(before));
  expect(box.value).toBe('First. Second.');
  await new Promise((r) => setTimeout(r, 50));
  expect(box.value).toBe('First. Second.');
  view.rerender(show(saved));
  expect(box.value).toBe('First. Second.');
  // Something newer from elsewhere (another window's save) is shown as it comes.
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { [NOTE]: 'First. Second. Third, from the other window.' },
  });
  const later = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  view.rerender(show(later));
  await waitFor(() => expect(box.value).toBe('First. Second. Third, from the other window.'));
});

test('a reload as the form’s own save lands, typing going on from it: replayed, the typing follows that save, and nothing is kept aside', async () => {
  // One window, offline: "…Mid-se" is on its way to the disk while the person types on; the page
  // is reloaded, rescuing the last keystrokes, and the save commits as the page goes, unheard.
  const ID = 'record-reloaded-01';
  const before = 'They felt listened to.';
  await pulled(ID, 4, before);
  const shown = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  const view = render(<Note recordId={shown.id} fields={shown.fields} version={shown.version} />, {
    wrapper: fx.Wrapper,
  });
  const box = screen.getByLabelText('Strengths');
  // The store as the page that has gone sees it: nothing written after this reaches the disk.
  const gone = await freshStore();
  gone.db.close();
  fireEvent.input(box, { target: { value: `${before} Mid-se` } });
  // Leaving the box, or a pause: the save sets off.
  const saving = flushAllAutosaves();
  fireEvent.input(box, { target: { value: `${before} Mid-sentence with no sig` } });
  // The page goes: what is typed is rescued, synchronously, and nothing after is heard of.
  rescueAllAutosaves();
  setOpenStore(fx.services.user.id, gone);
  try {
    await waitFor(async () =>
      expect((await getRecord(fx.store.db, fx.store.cipher, ID))?.fields[NOTE]).toBe(
        `${before} Mid-se`,
      ),
    );
    // What was typed after it never reaches the store: the page has gone.
    expect(await saving).toBe(false);
    view.unmount();

    // Unlocked again: the rescue is applied before any screen shows the record.
    expect((await applyRescues(fx.store.db, fx.store.cipher)).applied).toBe(1);
    const replayed = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
    expect(replayed.fields[NOTE]).toBe(`${before} Mid-sentence with no sig`);
    expect(replayed.conflicts).toEqual([]);
  } finally {
    // The page's autosave, failed into the store gone, is not left for the next test's flush.
    setOpenStore('', null);
    await flushAllAutosaves();
    await gone.close();
  }
});

test('a crash as a save lands, before its rescue is cleared: the rescue left is never older than that save', async () => {
  // Keystrokes come faster than rescues are written (one at most every 100 ms): the row on the
  // disk can hold an earlier text than the save that sets off. Left so, replayed over the save,
  // it put the older words back and kept the newer ones aside.
  const ID = 'record-crashed-001';
  const before = 'They felt listened to.';
  await pulled(ID, 4, before);
  const shown = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
  const view = render(<Note recordId={shown.id} fields={shown.fields} version={shown.version} />, {
    wrapper: fx.Wrapper,
  });
  const box = screen.getByLabelText('Strengths');
  const gone = await freshStore();
  gone.db.close();
  fireEvent.input(box, { target: { value: `${before} They` } });
  fireEvent.input(box, { target: { value: `${before} They rang back.` } });
  const saving = flushAllAutosaves();
  // The browser dies once the save is on the disk: the rescue is never cleared.
  setOpenStore(fx.services.user.id, gone);
  try {
    expect(await saving).toBe(true);
    view.unmount();
    await applyRescues(fx.store.db, fx.store.cipher);
    const replayed = (await getRecord(fx.store.db, fx.store.cipher, ID))!;
    expect(replayed.fields[NOTE]).toBe(`${before} They rang back.`);
    expect(replayed.conflicts).toEqual([]);
  } finally {
    // The page's autosave, failed into the store gone, is not left for the next test's flush.
    setOpenStore('', null);
    await flushAllAutosaves();
    await gone.close();
  }
});
