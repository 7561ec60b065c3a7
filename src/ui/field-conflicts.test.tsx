import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Conflict } from '../../schemas/sync/records';
import { adoptDeviceRegistration, getRecord } from '../db';
import { applyPullPage } from '../db/apply-pull';
import { pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import { FieldConflicts } from './field-conflicts';

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
