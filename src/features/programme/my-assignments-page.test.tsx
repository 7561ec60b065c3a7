import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import type { SyncRecord } from '../../../schemas/sync/records';
import { addDays } from '../../../schemas/calendar/dates';
import { applyPullPage, getRecord, listRecords } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { reminderText } from '../../lib/assignment-reminders';
import { AssignmentPage } from './assignment-page';
import { MyAssignmentsPage } from './my-assignments-page';
import { londonToday } from './model';

let fx: ServicesFixture;
afterEach(async () => {
  await fx.store.close();
});

const ME = 'user-observer-0001';
const assignment = (id: string, fields: Record<string, string>): SyncRecord => ({
  id,
  type: 'assignment',
  scopeId: 'scope-practice-group-a',
  parentId: null,
  ownerId: 'user-qa-lead-0001',
  version: 1,
  deleted: false,
  fields: { kind: 'single-case-audit', observerUserId: ME, teamName: 'CIN team 2', ...fields },
  conflicts: [],
  createdAt: '2026-05-01T09:00:00.000Z',
  updatedAt: '2026-05-01T09:00:00.000Z',
});

async function pulled(records: SyncRecord[]) {
  await applyPullPage(fx.store.db, fx.store.cipher, {
    records,
    evict: [],
    cursor: 'c1',
    hasMore: false,
    lastMutationId: 0,
    reset: false,
    serverTime: new Date().toISOString(),
  });
}

describe('my assignments on the tablet', () => {
  test('mine only, most urgent first, with a reminder of what is overdue or due soon', async () => {
    fx = await servicesFixture();
    const today = londonToday();
    await pulled([
      assignment('assign-later-01', { caseId: 'AB-3003', dueDate: addDays(today, 40) }),
      assignment('assign-soon-001', { caseId: 'AB-3002', dueDate: addDays(today, 3) }),
      assignment('assign-late-001', { caseId: 'AB-3001', dueDate: addDays(today, -1) }),
      assignment('assign-other-01', {
        caseId: 'AB-3004',
        dueDate: today,
        observerUserId: 'user-someone-else',
      }),
    ]);
    render(
      <fx.Wrapper>
        <LocationProvider>
          <MyAssignmentsPage />
        </LocationProvider>
      </fx.Wrapper>,
    );
    await screen.findByText('1 assignment overdue and 1 due within a week');
    const links = screen.getAllByRole('link').map((l) => l.textContent);
    expect(links).toEqual([
      'Single case audit: Case AB-3001',
      'Single case audit: Case AB-3002',
      'Single case audit: Case AB-3003',
    ]);
    expect(screen.getByText('Overdue')).toBeTruthy();
    expect(screen.getByText('Due soon')).toBeTruthy();
  });

  test('starting an assigned audit fills in its context, and its parts are dated as ticked', async () => {
    fx = await servicesFixture();
    await pulled([assignment('assign-start-01', { caseId: 'AB-3101', dueDate: '2099-01-31' })]);
    render(
      <fx.Wrapper>
        <LocationProvider>
          <AssignmentPage id="assign-start-01" />
        </LocationProvider>
      </fx.Wrapper>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Start the audit' }));
    await waitFor(async () =>
      expect(await listRecords(fx.store.db, fx.store.cipher, 'observation')).toHaveLength(1),
    );
    const [obs] = await listRecords(fx.store.db, fx.store.cipher, 'observation');
    expect(obs!.fields).toMatchObject({
      kind: 'single-case-audit',
      status: 'draft',
      'context.caseId': 'AB-3101',
      'context.assignmentId': 'assign-start-01',
    });
    expect(obs!.scopeId).toBe('scope-practice-group-a');
    await waitFor(async () =>
      expect(
        (await getRecord(fx.store.db, fx.store.cipher, 'assign-start-01'))!.fields['observationId'],
      ).toBe(obs!.id),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mark as done' }));
    await screen.findAllByText(/Tick every part before marking the audit done/);
    fireEvent.click(screen.getByLabelText('Case file audit'));
    await waitFor(async () =>
      expect(
        (await getRecord(fx.store.db, fx.store.cipher, 'assign-start-01'))!.fields[
          'parts.case-file-audit'
        ],
      ).toBe(londonToday()),
    );
    expect(
      (await getRecord(fx.store.db, fx.store.cipher, 'assign-start-01'))!.fields['completedAt'],
    ).toBeUndefined();
  });

  test('the reminder’s words', () => {
    expect(reminderText({ overdue: 0, dueSoon: 0 })).toBeNull();
    expect(reminderText({ overdue: 2, dueSoon: 0 })).toBe('2 assignments overdue');
    expect(reminderText({ overdue: 0, dueSoon: 1 })).toBe('1 assignment due within a week');
  });
});
