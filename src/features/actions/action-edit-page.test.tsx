// An improvement action can be linked to the account of the person who will do it, chosen from
// the team in the directory (kept on the tablet from the last time it was online): the link is
// what lets an administrator move a leaver's actions to a colleague. A name already typed is kept.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { keepDirectory } from '../../../tests/helpers/directory-fixture';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { getRecord, readScratch, saveFields } from '../../db';
import { ActionEditPage } from './action-edit-page';

let fx: ServicesFixture | undefined;
// No signal: every request fails as it would on a tablet offline, and the kept directory is used.
beforeEach(() => {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const TEAM = 'scope-practice-group-a';

async function withAction(
  ownerName?: string,
  status = 'draft',
  dueDate?: string,
  ownerUserId?: string,
) {
  fx = await servicesFixture({ online: false });
  const { db, cipher } = fx.store;
  await saveFields(db, cipher, {
    recordId: 'obs-0001-aaaa',
    type: 'observation',
    scopeId: TEAM,
    changes: { kind: 'frontline-practice', status },
  });
  await saveFields(db, cipher, {
    recordId: 'act-0001-aaaa',
    type: 'action',
    parentId: 'obs-0001-aaaa',
    changes: {
      what: 'Share the plan with the family',
      ...(ownerName ? { ownerName } : {}),
      ...(dueDate ? { dueDate } : {}),
      ...(ownerUserId ? { ownerUserId } : {}),
    },
  });
  // The directory as the tablet kept it the last time it was online.
  await keepDirectory({ db, cipher }, [
    { id: 'user-robin-0001', displayName: 'Robin Shah', role: 'observer', scopeIds: [TEAM] },
    { id: 'user-other-0001', displayName: 'Elsewhere', role: 'observer', scopeIds: ['x'] },
  ]);
  render(
    <fx.Wrapper>
      <LocationProvider>
        <ActionEditPage actionId="act-0001-aaaa" />
      </LocationProvider>
    </fx.Wrapper>,
  );
  return fx;
}

const saved = async (f: ServicesFixture) =>
  (await getRecord(f.store.db, f.store.cipher, 'act-0001-aaaa'))!.fields;

describe('linking an action to its owner’s account', () => {
  test('someone in the team is offered; choosing them links the account and fills in the name', async () => {
    const f = await withAction();
    const select = await screen.findByLabelText('Their account in the app (optional)');
    const offered = [...(select as HTMLSelectElement).options].map((o) => o.textContent);
    expect(offered).toEqual(['Not linked to an account', 'Robin Shah (Observer)']);
    fireEvent.change(select, { target: { value: 'user-robin-0001' } });
    await waitFor(async () =>
      expect(await saved(f)).toMatchObject({
        ownerUserId: 'user-robin-0001',
        ownerName: 'Robin Shah',
      }),
    );
  });

  test('a name and role typed by hand are kept; unlinking removes only the account', async () => {
    const f = await withAction('Robin Shah, team manager');
    const select = await screen.findByLabelText('Their account in the app (optional)');
    fireEvent.change(select, { target: { value: 'user-robin-0001' } });
    await waitFor(async () =>
      expect(await saved(f)).toMatchObject({
        ownerUserId: 'user-robin-0001',
        ownerName: 'Robin Shah, team manager',
      }),
    );
    fireEvent.change(select, { target: { value: '' } });
    await waitFor(async () => expect((await saved(f))['ownerUserId']).toBeUndefined());
    expect((await saved(f))['ownerName']).toBe('Robin Shah, team manager');
  });
});

// A due date is a day to come: its example too, a month after today (pinned), never a day gone by.
test('the due date’s example is a month ahead of today', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(new Date('2031-01-15T12:00:00Z'));
    await withAction();
    const due = await screen.findByRole('group', { name: 'Due by' });
    expect(within(due).getByText('For example, 14 2 2031')).toBeTruthy();
  } finally {
    vi.useRealTimers();
  }
});

test('a half-typed due date survives the idle lock', async () => {
  const f = await withAction();
  const box = async (label: string) =>
    within(await screen.findByRole('group', { name: 'Due by' })).getByLabelText(
      label,
    ) as HTMLInputElement;
  fireEvent.input(await box('Day'), { target: { value: '30' } });
  await waitFor(async () =>
    expect(await readScratch(f.store.db, f.store.cipher, 'act-0001-aaaa')).toEqual({
      'partial:dueDate': '["30","",""]',
    }),
  );
  // The idle lock closes every screen; the page opens again after the unlock.
  cleanup();
  render(
    <f.Wrapper>
      <LocationProvider>
        <ActionEditPage actionId="act-0001-aaaa" />
      </LocationProvider>
    </f.Wrapper>,
  );
  await waitFor(async () => expect((await box('Day')).value).toBe('30'));
  expect((await saved(f))['dueDate']).toBeUndefined();
  // The history has asked the server (with no signal) before the test gives the signal back.
  await screen.findByText('The history needs a connection to the server.');
});

test('a name held back because it is too long: not called saved, and "Save and return" says so instead of leaving', async () => {
  const f = await withAction('Robin Shah');
  const where = () => window.location.pathname;
  const name = (await screen.findByLabelText('Who will do it')) as HTMLInputElement;
  fireEvent.input(name, { target: { value: 'R'.repeat(205) } });
  await waitFor(async () =>
    expect(await readScratch(f.store.db, f.store.cipher, 'act-0001-aaaa')).toEqual({
      ownerName: 'R'.repeat(205),
    }),
  );
  expect(screen.getByTestId('save-status').textContent).toBe(
    'Kept on this device – 1 answer is not sent until fixed',
  );
  const before = where();
  fireEvent.click(screen.getByRole('button', { name: 'Save and return to the actions' }));
  const link = await screen.findByRole('link', {
    name: 'Who will do it: you have 5 characters too many',
  });
  expect(link.getAttribute('href')).toBe('#action-owner');
  expect(where()).toBe(before);
  expect((await saved(f))['ownerName']).toBe('Robin Shah');
  // Fixed: sent, and the button leaves.
  fireEvent.input(name, { target: { value: 'Robin Shah, team manager' } });
  await waitFor(async () => expect((await saved(f))['ownerName']).toBe('Robin Shah, team manager'));
  fireEvent.click(screen.getByRole('button', { name: 'Save and return to the actions' }));
  await waitFor(() => expect(where()).toBe('/actions'));
  await screen.findByText('The history needs a connection to the server.').catch(() => undefined);
});

// Once the observation is submitted its plan is followed through by each action's owner and due
// date (the overdue figures count by them): changed, never cleared (actionTrackingProblem).
describe('an action of a submitted observation keeps its owner and due date', () => {
  const OWNER =
    'Enter who will do it – an action of a submitted observation cannot be left without an owner';
  const DUE =
    'Enter the date it is due by – an action of a submitted observation cannot be left without one';
  const box = async (label: string) =>
    within(await screen.findByRole('group', { name: 'Due by' })).getByLabelText(
      label,
    ) as HTMLInputElement;

  test('cleared: not sent, said beside each field and in the error summary, and the page stays', async () => {
    const f = await withAction('Sam Practitioner', 'submitted', '2026-07-01');
    const name = (await screen.findByLabelText('Who will do it')) as HTMLInputElement;
    fireEvent.input(name, { target: { value: '' } });
    for (const label of ['Day', 'Month', 'Year'])
      fireEvent.input(await box(label), { target: { value: '' } });
    const inline = (text: string) =>
      [...document.querySelectorAll('.govuk-error-message')].some((e) =>
        e.textContent?.endsWith(text),
      );
    await waitFor(() => expect(inline(OWNER) && inline(DUE)).toBe(true));
    const before = window.location.pathname;
    fireEvent.click(screen.getByRole('button', { name: 'Save and return to the actions' }));
    const owner = await screen.findByRole('link', {
      name: `Who will do it: ${OWNER.charAt(0).toLowerCase()}${OWNER.slice(1)}`,
    });
    expect(owner.getAttribute('href')).toBe('#action-owner');
    const due = screen.getByRole('link', {
      name: `Due by: ${DUE.charAt(0).toLowerCase()}${DUE.slice(1)}`,
    });
    expect(due.getAttribute('href')).toBe('#action-due');
    expect(window.location.pathname).toBe(before);
    expect(await saved(f)).toMatchObject({ ownerName: 'Sam Practitioner', dueDate: '2026-07-01' });
    // What was typed stays on the screen; a new owner and date are taken.
    expect(name.value).toBe('');
    fireEvent.input(name, { target: { value: 'Alex Manager, team manager' } });
    fireEvent.input(await box('Day'), { target: { value: '1' } });
    fireEvent.input(await box('Month'), { target: { value: '8' } });
    fireEvent.input(await box('Year'), { target: { value: '2026' } });
    await waitFor(async () =>
      expect(await saved(f)).toMatchObject({
        ownerName: 'Alex Manager, team manager',
        dueDate: '2026-08-01',
      }),
    );
    expect(screen.queryByText(OWNER, { exact: false })).toBeNull();
    await screen.findByText('The history needs a connection to the server.').catch(() => undefined);
  });

  // The owner is a name or an account: unlinking the account of an action with no name typed
  // would leave it without one, which the server refuses (ACTION_OWNER_REQUIRED).
  test('unlinking the only owner: not sent, said beside the account and in the error summary; a name typed then sends both', async () => {
    const f = await withAction(undefined, 'submitted', '2026-07-01', 'user-robin-0001');
    const select = (await screen.findByLabelText(
      'Their account in the app (optional)',
    )) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: '' } });
    const group = select.closest('.govuk-form-group')!;
    await waitFor(() =>
      expect(group.querySelector('.govuk-error-message')?.textContent).toContain(OWNER),
    );
    expect(select.value).toBe('');
    const before = window.location.pathname;
    fireEvent.click(screen.getByRole('button', { name: 'Save and return to the actions' }));
    const link = await screen.findByRole('link', {
      name: `Their account in the app: ${OWNER.charAt(0).toLowerCase()}${OWNER.slice(1)}`,
    });
    expect(link.getAttribute('href')).toBe('#action-owner-account');
    expect(window.location.pathname).toBe(before);
    expect((await saved(f))['ownerUserId']).toBe('user-robin-0001');
    // A name typed gives it an owner: the name and the unlinking are sent together.
    const name = (await screen.findByLabelText('Who will do it')) as HTMLInputElement;
    fireEvent.input(name, { target: { value: 'Alex Manager, team manager' } });
    await waitFor(async () =>
      expect((await saved(f))['ownerName']).toBe('Alex Manager, team manager'),
    );
    await waitFor(async () => expect((await saved(f))['ownerUserId']).toBeUndefined());
    expect(screen.queryByText(OWNER, { exact: false })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save and return to the actions' }));
    await waitFor(() => expect(window.location.pathname).toBe('/actions'));
    await screen.findByText('The history needs a connection to the server.').catch(() => undefined);
  });

  test('unlinking the only owner, someone no longer in the team: they stay offered, to be chosen again', async () => {
    const f = await withAction(undefined, 'submitted', '2026-07-01', 'user-gone-0001');
    const select = (await screen.findByLabelText(
      'Their account in the app (optional)',
    )) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: '' } });
    await screen.findByText(OWNER, { exact: false });
    const offered = [...select.options].map((o) => o.textContent);
    expect(offered).toContain('Someone no longer in this team');
    fireEvent.change(select, { target: { value: 'user-gone-0001' } });
    await waitFor(() => expect(screen.queryByText(OWNER, { exact: false })).toBeNull());
    expect((await saved(f))['ownerUserId']).toBe('user-gone-0001');
    await screen.findByText('The history needs a connection to the server.').catch(() => undefined);
  });

  test('unlinking an owner who has a name typed is sent', async () => {
    const f = await withAction('Robin Shah', 'submitted', '2026-07-01', 'user-robin-0001');
    const select = await screen.findByLabelText('Their account in the app (optional)');
    fireEvent.change(select, { target: { value: '' } });
    await waitFor(async () => expect((await saved(f))['ownerUserId']).toBeUndefined());
    expect((await saved(f))['ownerName']).toBe('Robin Shah');
    expect(screen.queryByText(OWNER, { exact: false })).toBeNull();
    await screen.findByText('The history needs a connection to the server.').catch(() => undefined);
  });

  test('on a draft they may still be cleared', async () => {
    const f = await withAction('Sam Practitioner', 'draft', '2026-07-01');
    const name = (await screen.findByLabelText('Who will do it')) as HTMLInputElement;
    fireEvent.input(name, { target: { value: '' } });
    await waitFor(async () => expect((await saved(f))['ownerName']).toBeUndefined());
    expect(screen.queryByText(OWNER, { exact: false })).toBeNull();
    await screen.findByText('The history needs a connection to the server.').catch(() => undefined);
  });
});
