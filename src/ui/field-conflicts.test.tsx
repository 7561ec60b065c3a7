import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Conflict } from '../../schemas/sync/records';
import { adoptDeviceRegistration, getRecord, localOnlyWork, readSealed } from '../db';
import { applyPullPage } from '../db/apply-pull';
import { pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import { FieldConflicts } from './field-conflicts';
import axe from 'axe-core';

const PATH = 'summary.strengths';

const conflict = (deviceId: string): Conflict => ({
  id: 'conflict-0000-0001',
  path: PATH,
  kind: 'text',
  current: 'What the other device wrote',
  incoming: 'What this tablet sent',
  deviceId,
  userId: 'user-observer-0001',
  at: '2026-05-01T09:00:00Z',
});

let fx: ServicesFixture;
beforeEach(async () => {
  // The tablet was registered as 0001, then (revoked, signed into again) as 0002.
  fx = await servicesFixture({ deviceId: 'device-0000-0002' });
  await adoptDeviceRegistration(fx.store.db, fx.store.cipher, 'device-0000-0001');
  await adoptDeviceRegistration(fx.store.db, fx.store.cipher, 'device-0000-0002');
});
afterEach(async () => {
  await fx.store.close();
});

const show = (c: Conflict) =>
  render(
    <FieldConflicts conflicts={[c]} paths={[PATH]} recordId="observation-0001" label="Strengths" />,
    {
      wrapper: fx.Wrapper,
    },
  );

test('an edit this tablet sent under its earlier registration is still "your version"', async () => {
  show(conflict('device-0000-0001'));
  expect((await screen.findByTestId('conflict-mine')).textContent).toBe('What this tablet sent');
  expect(screen.getByTestId('conflict-theirs').textContent).toBe('What the other device wrote');
});

test('an edit this tablet sent under its current registration is "your version"', async () => {
  show(conflict('device-0000-0002'));
  expect((await screen.findByTestId('conflict-mine')).textContent).toBe('What this tablet sent');
});

test('an edit another device sent is "the other version"', async () => {
  show(conflict('device-0000-0009'));
  expect((await screen.findByTestId('conflict-mine')).textContent).toBe(
    'What the other device wrote',
  );
  expect(screen.getByTestId('conflict-theirs').textContent).toBe('What this tablet sent');
});

test('"Keep mine" takes the keyboard to a confirmation where the panel was, not to the page body', async () => {
  const c = conflict('device-0000-0002');
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: 'observation-0001',
          version: 3,
          fields: { [PATH]: c.current },
          conflicts: [c],
        }),
      ],
    }),
  );
  const { rerender } = show(c);
  fireEvent.click(await screen.findByRole('button', { name: 'Keep mine' }));
  await waitFor(async () => {
    const stored = await getRecord(fx.store.db, fx.store.cipher, 'observation-0001');
    expect(stored?.fields[PATH]).toBe('What this tablet sent');
  });
  // The record's live query drops the settled conflict, and the panel with it.
  rerender(
    <FieldConflicts conflicts={[]} paths={[PATH]} recordId="observation-0001" label="Strengths" />,
  );
  const confirmation = await screen.findByTestId('confirmation');
  expect(confirmation.textContent).toBe('You kept your version. – Strengths');
  expect(document.activeElement).toBe(confirmation);
  expect(screen.queryByRole('button', { name: 'Keep mine' })).toBeNull();
});

test('opening and cancelling the merge keeps the keyboard on the work', async () => {
  show(conflict('device-0000-0002'));
  fireEvent.click(await screen.findByRole('button', { name: 'Edit merged text' }));
  expect(document.activeElement).toBe(screen.getByLabelText('Merged text'));
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit merged text' }));
});

test('merged text being written survives the idle lock, and its draft goes once it is saved', async () => {
  const c = conflict('device-0000-0002');
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: 'observation-0001',
          version: 3,
          fields: { [PATH]: c.current },
          conflicts: [c],
        }),
      ],
    }),
  );
  const draft = `scratch:form:conflict:observation-0001:${c.id}` as const;
  const merged = 'What this tablet sent, and what the other device wrote';
  const first = show(c);
  fireEvent.click(await screen.findByRole('button', { name: 'Edit merged text' }));
  fireEvent.input(screen.getByLabelText('Merged text'), { target: { value: merged } });
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, draft)).toBe(merged),
  );
  expect((await localOnlyWork(fx.store.db, fx.store.cipher)).unfinished).toBe(1);
  // The idle lock closes every screen; the page opens again after the unlock, the merge open.
  first.unmount();
  show(c);
  await waitFor(() =>
    expect((screen.getByLabelText('Merged text') as HTMLTextAreaElement).value).toBe(merged),
  );
  // Put back, not moved to: the keyboard stays where the page puts it.
  expect(document.activeElement).not.toBe(screen.getByLabelText('Merged text'));
  fireEvent.click(screen.getByRole('button', { name: 'Save merged text' }));
  await waitFor(async () => {
    const stored = await getRecord(fx.store.db, fx.store.cipher, 'observation-0001');
    expect(stored?.fields[PATH]).toBe(merged);
  });
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, draft)).toBeUndefined(),
  );
  expect((await localOnlyWork(fx.store.db, fx.store.cipher)).unfinished).toBe(0);
});

test('opening the merge and leaving it as offered keeps nothing; "Keep theirs" drops a merge begun', async () => {
  const c = conflict('device-0000-0002');
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: 'observation-0001',
          version: 3,
          fields: { [PATH]: c.current },
          conflicts: [c],
        }),
      ],
    }),
  );
  const draft = `scratch:form:conflict:observation-0001:${c.id}` as const;
  show(c);
  fireEvent.click(await screen.findByRole('button', { name: 'Edit merged text' }));
  await new Promise((r) => setTimeout(r, 50));
  expect(await readSealed(fx.store.db, fx.store.cipher, draft)).toBeUndefined();
  fireEvent.input(screen.getByLabelText('Merged text'), { target: { value: 'Half a merge' } });
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, draft)).toBe('Half a merge'),
  );
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  fireEvent.click(screen.getByRole('button', { name: 'Keep theirs' }));
  await waitFor(async () =>
    expect(await readSealed(fx.store.db, fx.store.cipher, draft)).toBeUndefined(),
  );
  const stored = await getRecord(fx.store.db, fx.store.cipher, 'observation-0001');
  expect(stored?.fields[PATH]).toBe('What the other device wrote');
  expect((await localOnlyWork(fx.store.db, fx.store.cipher)).unfinished).toBe(0);
});

test('right under a page’s heading, the panel’s headings follow on from it (axe heading-order)', async () => {
  // A box straight under the page's h1 (a family's words on a call) shows the panel there.
  render(
    <main>
      <h1>What the family said</h1>
      <FieldConflicts
        conflicts={[conflict('device-0000-0009')]}
        paths={[PATH]}
        recordId="observation-0001"
        label="Strengths"
      />
    </main>,
    { wrapper: fx.Wrapper },
  );
  await screen.findByTestId('conflict-mine');
  const result = await axe.run(document.body, {
    runOnly: { type: 'rule', values: ['heading-order'] },
  });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});
