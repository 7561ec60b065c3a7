// A text kept on this tablet (typed over the same words in two windows) whose record cannot show
// it beside its field any more: on the offer to restore an observation deleted on another device,
// on the removed row of an improvement action, and, once the record has gone from the tablet, on a
// page of its own, pointed to from the home screen, until the person removes it.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import type { FieldMap, RecordType, SyncRecord } from '../../../schemas/sync/records';
import { applyPullPage, recordPushResults, saveFields } from '../../db';
import { OWNER, pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { HomePage } from '../home/home-page';
import { ActionsPage } from './actions-page';
import { KeptTextsPage } from './kept-texts';
import { OverviewPage } from './overview-page';

const OBS = 'obs-kept-0001';
const ACTION = 'action-kept-0001';
const OBSERVATION: FieldMap = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
  status: 'draft',
  'context.caseId': 'KT-1001',
  'summary.strengths': 'On time.',
};

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

const offer = (recordId: string) => ({
  id: `conflict-${recordId}`,
  path: '',
  kind: 'deleted' as const,
  current: null,
  incoming: null,
  deviceId: 'device-elsewhere-01',
  userId: OWNER,
  at: '2026-05-01T09:40:00.000Z',
});

/**
 * Two windows' saves of one field from the same text, over the same words: the second is the
 * field, the first kept aside on the tablet. Then both are sent and acknowledged.
 */
async function typedInTwoWindows(
  f: ServicesFixture,
  record: { id: string; type: RecordType; path: string; from: string },
): Promise<void> {
  const { db, cipher } = f.store;
  const startedFrom = { version: 1, values: { [record.path]: record.from }, text: [record.path] };
  for (const window of ['A', 'B']) {
    await saveFields(db, cipher, {
      recordId: record.id,
      type: record.type,
      changes: { [record.path]: `${record.from} Window ${window}.` },
      startedFrom,
    });
  }
  await recordPushResults(db, cipher, {
    results: [
      { id: 1, status: 'applied' },
      { id: 2, status: 'applied' },
    ],
    lastMutationId: 2,
    serverTime: '2026-05-01T10:00:00.000Z',
  });
}

const pulled = (f: ServicesFixture, records: SyncRecord[], extra = {}) =>
  applyPullPage(f.store.db, f.store.cipher, pullPage({ records, lastMutationId: 2, ...extra }));

function show(f: ServicesFixture, page: preact.JSX.Element) {
  return render(
    <f.Wrapper>
      <LocationProvider>{page}</LocationProvider>
    </f.Wrapper>,
  );
}

test('deleted on another device: the restore offer shows the kept text; left deleted, it is listed on its own until removed', async () => {
  const f = (fx = await servicesFixture());
  await pulled(f, [serverRecord({ id: OBS, fields: OBSERVATION })]);
  await typedInTwoWindows(f, {
    id: OBS,
    type: 'observation',
    path: 'summary.strengths',
    from: 'On time.',
  });
  await pulled(f, [
    serverRecord({
      id: OBS,
      version: 5,
      deleted: true,
      fields: { ...OBSERVATION, 'summary.strengths': 'On time. Window B.' },
      conflicts: [offer(OBS)],
    }),
  ]);

  const restore = show(f, <OverviewPage id={OBS} />);
  await screen.findByRole('heading', { name: 'This observation was deleted on another device' });
  const kept = await screen.findByTestId('kept-on-restore');
  expect(within(kept).getByRole('heading', { name: 'Also kept on this tablet' })).toBeTruthy();
  expect(within(kept).getByText('Strengths')).toBeTruthy();
  expect(within(kept).getByText('On time. Window A.')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Leave it deleted' }));
  // The offer settled, the record's screens no longer show it: the home screen points to it.
  await waitFor(() => expect(screen.queryByTestId('kept-on-restore')).toBeNull());
  restore.unmount();

  const home = show(f, <HomePage />);
  const pointer = await screen.findByTestId('kept-left-behind');
  expect(pointer.textContent).toContain(
    '1 text you typed is kept from records no longer on this tablet',
  );
  expect(within(pointer).getByRole('link').getAttribute('href')).toBe('/account/kept-texts');
  home.unmount();

  show(f, <KeptTextsPage />);
  const card = (
    await screen.findByRole('heading', { name: 'Frontline practice observation, case KT-1001' })
  ).closest('.govuk-summary-card') as HTMLElement;
  expect(within(card).getByText('Strengths')).toBeTruthy();
  expect(within(card).getByText('On time. Window A.')).toBeTruthy();
  fireEvent.click(within(card).getByRole('button', { name: /^Remove this text/ }));
  expect((await screen.findByTestId('confirmation')).textContent).toBe(
    'The text was removed from this tablet.',
  );
  await screen.findByText(/There is none/);
});

test('no longer shared with the person: the record leaves the tablet, its kept text stays listed', async () => {
  const f = (fx = await servicesFixture());
  await pulled(f, [serverRecord({ id: OBS, fields: OBSERVATION })]);
  await typedInTwoWindows(f, {
    id: OBS,
    type: 'observation',
    path: 'summary.strengths',
    from: 'On time.',
  });
  await pulled(f, [], { evict: [OBS] });
  show(f, <KeptTextsPage />);
  await screen.findByRole('heading', { name: 'Frontline practice observation, case KT-1001' });
  expect(screen.getByText('On time. Window A.')).toBeTruthy();
});

test('an improvement action removed on another device shows its kept text with what would come back', async () => {
  const f = (fx = await servicesFixture());
  const action = { observationId: OBS, what: 'Book the review.', status: 'open' };
  await pulled(f, [
    serverRecord({ id: OBS, fields: OBSERVATION }),
    serverRecord({ id: ACTION, type: 'action', parentId: OBS, fields: action }),
  ]);
  await typedInTwoWindows(f, {
    id: ACTION,
    type: 'action',
    path: 'what',
    from: 'Book the review.',
  });
  await pulled(f, [
    serverRecord({
      id: ACTION,
      type: 'action',
      parentId: OBS,
      version: 5,
      deleted: true,
      fields: { ...action, what: 'Book the review. Window B.' },
      conflicts: [offer(ACTION)],
    }),
  ]);
  show(f, <ActionsPage id={OBS} />);
  const removed = await screen.findByTestId('removed-elsewhere');
  expect(
    within(removed).getByText('What needs to be done (the text it replaced, kept on this tablet)'),
  ).toBeTruthy();
  expect(within(removed).getByText('Book the review. Window A.')).toBeTruthy();
});
