import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SyncRecord } from '../../../schemas/sync/records';
import { applyPullPage, localOnlyWork, readSealed } from '../../db';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { showPage } from '../../../tests/helpers/show-page';
import {
  ONE_OBSERVER_DIRECTORY,
  WITH_GUEST_DIRECTORY,
  answerRequests,
} from '../../../tests/helpers/server-answers';
import type { SentRequest } from '../../../tests/helpers/server-answers';
import { AUDIT_OVERDUE_MESSAGE } from '../../../schemas/rules/audit-due-date';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { ChangeAssignmentPage } from './change-assignment-page';

const ID = 'assign-change-01';
const DRAFT = `scratch:form:assignment-change:${ID}` as const;

const assignment = {
  id: ID,
  scopeId: 'scope-practice-group-a',
  kind: 'single-case-audit',
  observerUserId: 'user-kim-0001',
  observerName: 'Kim Lee',
  dueDate: '2099-01-31',
  state: 'due',
};

let fx: ServicesFixture | undefined;
let sent: SentRequest[] = [];
beforeEach(() => {
  sent = answerRequests(({ method, path }) =>
    method === 'POST'
      ? { ...assignment, observerUserId: 'user-robin-0001', dueDate: '2099-06-15' }
      : path === '/api/directory'
        ? ONE_OBSERVER_DIRECTORY
        : { assignments: [assignment] },
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const show = (f: ServicesFixture) => showPage(f, <ChangeAssignmentPage id={ID} />);

const observer = () => screen.findByLabelText('Observer') as Promise<HTMLSelectElement>;
const box = (label: 'Day' | 'Month' | 'Year') =>
  screen.findByLabelText(label) as Promise<HTMLInputElement>;

describe('changing an assignment', () => {
  test('the new observer and half a due date survive the idle lock; the draft goes once sent', async () => {
    fx = await servicesFixture();
    const f = fx;
    const first = show(f);
    await screen.findByRole('option', { name: 'Robin Shah' });
    fireEvent.change(await observer(), { target: { value: 'user-robin-0001' } });
    fireEvent.input(await box('Day'), { target: { value: '15' } });
    fireEvent.input(await box('Month'), { target: { value: '6' } });
    fireEvent.input(await box('Year'), { target: { value: '' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toEqual({
        observer: 'user-robin-0001',
        // The last whole date the boxes made, and what they hold now.
        dueDate: '2099-06-15',
        partial: JSON.stringify(['15', '6', '']),
      }),
    );
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(1);
    // The idle lock closes every screen; the page opens again after the unlock.
    first.unmount();
    show(f);
    await screen.findByRole('option', { name: 'Robin Shah' });
    await waitFor(async () => expect((await observer()).value).toBe('user-robin-0001'));
    expect((await box('Day')).value).toBe('15');
    expect((await box('Month')).value).toBe('6');
    expect((await box('Year')).value).toBe('');
    // Half a date is not sent.
    fireEvent.click(screen.getByRole('button', { name: 'Save the changes' }));
    await screen.findByRole('link', { name: /^Enter the due date as a real date$/ });
    fireEvent.input(await box('Year'), { target: { value: '2098' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toEqual({
        observer: 'user-robin-0001',
        dueDate: '2098-06-15',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save the changes' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      { observerUserId: 'user-robin-0001', dueDate: '2098-06-15' },
    ]);
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });

  test('chosen back to what the assignment has, it leaves nothing to count at sign-out', async () => {
    fx = await servicesFixture();
    const f = fx;
    show(f);
    await screen.findByRole('option', { name: 'Robin Shah' });
    fireEvent.change(await observer(), { target: { value: 'user-robin-0001' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toEqual({
        observer: 'user-robin-0001',
      }),
    );
    fireEvent.change(await observer(), { target: { value: 'user-kim-0001' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });

  test('an overdue audit is not given a later due date: the page says so and sends nothing', async () => {
    const overdue = { ...assignment, dueDate: '2020-01-31', state: 'overdue' };
    sent = answerRequests(({ method, path }) =>
      method === 'POST'
        ? overdue
        : path === '/api/directory'
          ? ONE_OBSERVER_DIRECTORY
          : { assignments: [overdue] },
    );
    fx = await servicesFixture();
    show(fx);
    await screen.findByRole('option', { name: 'Robin Shah' });
    expect(
      screen.getByText(/This audit is overdue\. Its due date cannot be moved later/),
    ).toBeTruthy();
    fireEvent.input(await box('Day'), { target: { value: '15' } });
    fireEvent.input(await box('Month'), { target: { value: '6' } });
    fireEvent.input(await box('Year'), { target: { value: '2099' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the changes' }));
    const link = await screen.findByRole('link', { name: AUDIT_OVERDUE_MESSAGE });
    expect(link.getAttribute('href')).toBe('#due-date');
    expect(sent.filter((r) => r.method === 'POST')).toEqual([]);
  });

  test('a guest observer is offered as the new observer, named as a guest', async () => {
    answerRequests(({ path }) =>
      path === '/api/directory' ? WITH_GUEST_DIRECTORY : { assignments: [assignment] },
    );
    fx = await servicesFixture();
    show(fx);
    const select = await observer();
    await waitFor(() =>
      expect([...select.options].map((o) => o.textContent)).toContain(
        'Gina Guest (guest observer)',
      ),
    );
    expect([...select.options].map((o) => o.textContent)).not.toContain('Pat Practitioner');
  });

  /** The server answers this assignment; the tablet holds this observation (or none). */
  const startedWith = async (held?: SyncRecord) => {
    const started = {
      ...assignment,
      kind: 'frontline-practice',
      observationId: 'obs-started-01',
      state: 'due',
    };
    answerRequests(({ path }) =>
      path === '/api/directory' ? ONE_OBSERVER_DIRECTORY : { assignments: [started] },
    );
    fx = await servicesFixture();
    if (held)
      await applyPullPage(
        fx.store.db,
        fx.store.cipher,
        pullPage({ records: [held], serverTime: new Date().toISOString() }),
      );
    show(fx);
  };
  const draftStarted = serverRecord({
    id: 'obs-started-01',
    ownerId: 'user-kim-0001',
    fields: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      status: 'draft',
      'context.assignmentId': ID,
    },
  });

  test('one whose observation was deleted is not started, as on the assignment page: its observer can change', async () => {
    await startedWith({ ...draftStarted, deleted: true, fields: {} });
    await screen.findByRole('option', { name: 'Robin Shah' });
    expect(screen.queryByText(/has started this on their tablet/)).toBeNull();
  });

  test('one whose observation is here and not deleted is started: only its due date can change', async () => {
    await startedWith(draftStarted);
    await screen.findByText(/Kim Lee has started this on their tablet/);
    expect(screen.queryByLabelText('Observer')).toBeNull();
  });

  // A due date is ahead: the example showed a day gone by.
  test('the due date’s example is a day ahead of today', async () => {
    fx = await servicesFixture();
    show(fx);
    await box('Day');
    const hint = screen.getByText(/^For example, \d{1,2} \d{1,2} \d{4}$/);
    const [d, m, y] = hint.textContent!.replace('For example, ', '').split(' ');
    const example = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    expect(example > londonDateOf(new Date())).toBe(true);
  });
});
