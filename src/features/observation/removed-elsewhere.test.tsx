// An improvement action (or a call attempt) edited on this tablet while another device removed
// it: the server keeps the edit on the deleted row with a "deleted" conflict. The observation's
// screens show it with what was typed and let the person restore it or leave it removed, as an
// observation deleted elsewhere is offered back; nothing says the observation is missing.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import type { SyncRecord } from '../../../schemas/sync/records';
import { getRecord } from '../../db';
import { applyPullPage } from '../../db/apply-pull';
import { OWNER, outboxMutations, pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { ActionPage } from './action-page';
import { ActionsPage } from './actions-page';
import { loadAmendSession } from './amend-session';
import { CallsPage } from './calls-page';
import { OverviewPage } from './overview-page';

const OBS = 'obs-removed-0001';
const CALL_OBS = 'obs-removed-0002';
const KEPT = 'action-kept-0001';
const REMOVED = 'action-removed-0001';
const ATTEMPT = 'call-removed-0001';
const TYPED = 'Share the plan with the family in writing, and phone the grandmother';

const offer = (recordId: string) => ({
  id: `conflict-${recordId}`,
  path: '',
  kind: 'deleted' as const,
  current: null,
  incoming: null,
  deviceId: 'device-0001-aaaa',
  userId: OWNER,
  at: '2026-05-01T09:40:00.000Z',
});

const records = (): SyncRecord[] => [
  serverRecord({
    id: OBS,
    fields: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      status: 'draft',
      'context.caseId': 'AC-2001',
    },
  }),
  serverRecord({
    id: KEPT,
    type: 'action',
    parentId: OBS,
    fields: { observationId: OBS, what: 'Book the review', status: 'open' },
  }),
  serverRecord({
    id: REMOVED,
    type: 'action',
    parentId: OBS,
    version: 4,
    deleted: true,
    fields: {
      observationId: OBS,
      what: TYPED,
      ownerName: 'Jo Ahmed, social worker',
      dueDate: '2026-06-01',
      status: 'open',
    },
    conflicts: [offer(REMOVED)],
  }),
  serverRecord({
    id: CALL_OBS,
    fields: {
      kind: 'family-feedback-call',
      templateId: 'family-feedback-call',
      templateVersion: 1,
      status: 'draft',
      'context.caseId': 'AC-2002',
    },
  }),
  serverRecord({
    id: ATTEMPT,
    type: 'call-attempt',
    parentId: CALL_OBS,
    version: 3,
    deleted: true,
    fields: {
      observationId: CALL_OBS,
      at: '2026-05-01T09:00:00.000Z',
      outcome: 'call-back',
      note: 'Mother asked for a call after school pick-up',
      createdBy: OWNER,
    },
    conflicts: [offer(ATTEMPT)],
  }),
];

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function seeded() {
  fx = await servicesFixture();
  await applyPullPage(fx.store.db, fx.store.cipher, pullPage({ records: records() }));
  return fx;
}

function show(f: ServicesFixture, page: preact.JSX.Element) {
  return render(
    <f.Wrapper>
      <LocationProvider>{page}</LocationProvider>
    </f.Wrapper>,
  );
}

describe('an improvement action removed on another device after it was changed here', () => {
  test('the actions list shows what was typed and restores it; it rejoins the list', async () => {
    const f = await seeded();
    show(f, <ActionsPage id={OBS} />);
    const removed = await screen.findByTestId('removed-elsewhere');
    expect(
      within(removed).getByRole('heading', { name: 'Removed on another device' }),
    ).toBeTruthy();
    expect(removed.textContent).toContain(TYPED);
    expect(removed.textContent).toContain('Jo Ahmed, social worker');
    // Only the action still there is numbered among the actions.
    expect(
      screen.getAllByRole('heading', { name: /^Action \d$/ }).map((h) => h.textContent),
    ).toEqual(['Action 1']);

    fireEvent.click(within(removed).getByRole('button', { name: /^Restore it/ }));
    await waitFor(() => expect(screen.queryByTestId('removed-elsewhere')).toBeNull());
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      expect.stringContaining('restored'),
    );
    await waitFor(() =>
      expect(screen.getAllByRole('heading', { name: /^Action \d$/ })).toHaveLength(2),
    );
    expect(screen.getByText(TYPED)).toBeTruthy();
    expect(await outboxMutations(f.store)).toMatchObject([
      { recordId: REMOVED, op: 'restore', set: {}, resolves: [`conflict-${REMOVED}`] },
    ]);
    expect(f.edits).toBe(1);
  });

  test('the action’s own page says it was removed on another device, shows the text and restores it into the form', async () => {
    const f = await seeded();
    show(f, <ActionPage id={OBS} actionId={REMOVED} />);
    await screen.findByRole('heading', {
      name: 'This improvement action was removed on another device',
    });
    expect(screen.queryByText(/Observation not found/)).toBeNull();
    expect(document.body.textContent).toContain(TYPED);
    expect(document.body.textContent).toContain('1 June 2026');
    fireEvent.click(screen.getByRole('button', { name: 'Restore it' }));
    const what = (await screen.findByLabelText('What needs to be done')) as HTMLTextAreaElement;
    expect(what.value).toBe(TYPED);
    const done = screen.getByRole('alert', { name: 'Success' });
    expect(done.textContent).toContain('The action was restored');
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(await getRecord(f.store.db, f.store.cipher, REMOVED)).toMatchObject({
      deleted: false,
      conflicts: [],
    });
  });

  test('leaving it removed settles the offer and sends no restore', async () => {
    const f = await seeded();
    show(f, <ActionPage id={OBS} actionId={REMOVED} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Leave it removed' }));
    await waitFor(async () =>
      expect(await outboxMutations(f.store)).toMatchObject([
        { recordId: REMOVED, op: 'put', set: {}, resolves: [`conflict-${REMOVED}`] },
      ]),
    );
    expect(await getRecord(f.store.db, f.store.cipher, REMOVED)).toMatchObject({
      deleted: true,
      conflicts: [],
    });
  });

  test('the task list points to it', async () => {
    const f = await seeded();
    show(f, <OverviewPage id={OBS} />);
    const banner = await screen.findByRole('region', { name: 'Removed on another device' });
    const link = within(banner).getByRole('link', { name: /improvement action/i });
    expect(link.getAttribute('href')).toBe(`/observations/${OBS}/actions/${REMOVED}`);
    expect(link.textContent).toContain('Share the plan');
  });

  test('on a submitted observation the observer is still offered it back; someone else sees the observation read-only', async () => {
    fx = await servicesFixture();
    const submitted = records().map((r) =>
      r.id === OBS ? { ...r, fields: { ...r.fields, status: 'submitted' } } : r,
    );
    await applyPullPage(fx.store.db, fx.store.cipher, pullPage({ records: submitted }));
    const first = show(fx, <ActionPage id={OBS} actionId={REMOVED} />);
    await screen.findByRole('heading', {
      name: 'This improvement action was removed on another device',
    });
    expect(screen.getByRole('button', { name: 'Restore it' })).toBeTruthy();
    first.unmount();
    fx.services.user = { ...fx.services.user, id: 'user-qa-lead-0001', role: 'qa-lead' };
    show(fx, <ActionPage id={OBS} actionId={REMOVED} />);
    await screen.findByRole('heading', { name: 'Frontline practice observation' });
    expect(screen.queryByRole('button', { name: 'Restore it' })).toBeNull();
    // The read-only view reads the amendment session in an effect run after the frame is drawn:
    // let that frame pass, then its read finish (reads queue in order), before the store closes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await loadAmendSession(fx.store, OBS);
  });

  test('an action that is not on the tablet is an action not found, not an observation', async () => {
    const f = await seeded();
    show(f, <ActionPage id={OBS} actionId="action-never-here-01" />);
    await screen.findByRole('heading', { name: 'Action not found' });
    expect(screen.queryByText(/Observation not found/)).toBeNull();
  });
});

describe('a call attempt removed on another device after it was changed', () => {
  test('the call log shows it with its note and restores it', async () => {
    const f = await seeded();
    show(f, <CallsPage id={CALL_OBS} />);
    const removed = await screen.findByTestId('removed-elsewhere');
    expect(removed.textContent).toContain('Mother asked for a call after school pick-up');
    expect(removed.textContent).toContain('Asked to be called back');
    expect(screen.getByText('No attempts recorded yet.')).toBeTruthy();
    fireEvent.click(within(removed).getByRole('button', { name: /^Restore it/ }));
    await screen.findByRole('table', { name: 'Attempts so far: 1' });
    expect(await outboxMutations(f.store)).toMatchObject([
      { recordId: ATTEMPT, op: 'restore', set: {}, resolves: [`conflict-${ATTEMPT}`] },
    ]);
  });
});
