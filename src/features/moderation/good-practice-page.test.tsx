// A QA lead acknowledges good practice on an observation they moderate (Southwark QAF 2h): offered
// from the moderation page to whoever may (never its own observer, never before it is submitted),
// a GOV.UK question page that says what is missing, saved whole to the tablet's copy, and shown
// on the moderation page afterwards as the observer will read it.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { applyPullPage, getRecord, readSealed } from '../../db';
import { OWNER, pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { completeFields } from '../../../tests/helpers/submittable';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { formatDate } from '../../lib/observation-records';
import { GoodPracticePage } from './good-practice-page';
import { ModerateObservationPage } from './moderate-observation-page';
import { WithdrawGoodPracticePage } from './withdraw-good-practice-page';

const ID = 'obs-good-practice-0001';
const LEAD = 'user-lead-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

/** An observation as the server sent it to the QA lead's tablet. */
async function received(fields: Record<string, string> = {}, ownerId = OWNER) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, id: LEAD, role: 'qa-lead', displayName: 'Sam Lead' };
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: ID,
          ownerId,
          fields: {
            ...completeFields(frontlinePracticeV1),
            status: 'submitted',
            submittedAt: '2026-05-01T09:00:00.000Z',
            ...fields,
          },
        }),
      ],
    }),
  );
  return fx;
}

const show = (f: ServicesFixture, page: preact.JSX.Element) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        {/* As the app shell draws it, in its main landmark (axe: region). */}
        <main id="main-content">{page}</main>
      </LocationProvider>
    </f.Wrapper>,
  );

test('the moderation page offers it, and the page says what is missing, focused, with no axe findings', async () => {
  const f = await received();
  show(f, <ModerateObservationPage id={ID} />);
  const offer = await screen.findByRole('button', { name: 'Acknowledge good practice' });
  expect(offer.getAttribute('href')).toBe(`/moderation/${ID}/good-practice`);
  cleanup();

  show(f, <GoodPracticePage id={ID} />);
  await screen.findByRole('heading', { name: 'Acknowledge good practice' });
  fireEvent.click(screen.getByRole('button', { name: 'Save acknowledgement' }));
  const summary = (
    await screen.findByRole('heading', { name: 'There is a problem' })
  ).closest<HTMLElement>('.govuk-error-summary')!;
  expect(
    within(summary)
      .getAllByRole('link')
      .map((a) => a.textContent),
  ).toEqual(['Select what you are acknowledging', 'Enter what was good']);
  await waitFor(() => expect(document.activeElement).toBe(summary));
  await waitFor(() => expect(document.title).toMatch(/^Error: Acknowledge good practice/));
  const saved = await getRecord(f.store.db, f.store.cipher, ID);
  expect(saved?.fields['goodPractice.what']).toBeUndefined();
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

test('saved whole to the tablet’s copy, in the QA lead’s name, to be sent like any edit', async () => {
  const f = await received();
  show(f, <GoodPracticePage id={ID} />);
  await screen.findByRole('heading', { name: 'Acknowledge good practice' });
  fireEvent.click(screen.getByLabelText('Both the practice and the quality of the observation'));
  fireEvent.input(screen.getByLabelText('What was good?'), {
    target: { value: 'The young person led the meeting, and the plan is in their words.' },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Save acknowledgement' }));
  await waitFor(async () => {
    const saved = await getRecord(f.store.db, f.store.cipher, ID);
    expect(saved?.fields).toMatchObject({
      'goodPractice.what': 'both',
      'goodPractice.note': 'The young person led the meeting, and the plan is in their words.',
      'goodPractice.by': LEAD,
      'goodPractice.byName': 'Sam Lead',
      'goodPractice.on': londonDateOf(new Date()),
    });
    expect(saved?.pending).toBe(true);
  });
  expect(screen.queryByText('There is a problem')).toBeNull();
  // What was typed was kept as it was typed, and is gone once saved: no unsent work is left.
  await waitFor(async () =>
    expect(
      await readSealed(f.store.db, f.store.cipher, `scratch:form:good-practice:${ID}`),
    ).toBeUndefined(),
  );
});

test('what is chosen and typed is kept as it is typed, and there again when the page opens again', async () => {
  const f = await received();
  show(f, <GoodPracticePage id={ID} />);
  fireEvent.click(await screen.findByLabelText('The quality of the observation'));
  fireEvent.input(screen.getByLabelText('What was good?'), {
    target: { value: 'Every judgement is tied to what was seen' },
  });
  await waitFor(async () =>
    expect(
      await readSealed(f.store.db, f.store.cipher, `scratch:form:good-practice:${ID}`),
    ).toEqual({ what: 'record-quality', note: 'Every judgement is tied to what was seen' }),
  );
  cleanup();
  show(f, <GoodPracticePage id={ID} />);
  const note = await screen.findByLabelText('What was good?');
  expect((note as HTMLTextAreaElement).value).toBe('Every judgement is tied to what was seen');
  expect(
    (screen.getByLabelText('The quality of the observation') as HTMLInputElement).checked,
  ).toBe(true);
});

test('afterwards the moderation page shows it as the observer reads it, and offers to change it', async () => {
  const f = await received({
    'goodPractice.what': 'practice',
    'goodPractice.note': 'Calm, clear explanation of the plan.',
    'goodPractice.by': LEAD,
    'goodPractice.byName': 'Sam Lead',
    'goodPractice.on': '2026-05-04',
  });
  show(f, <ModerateObservationPage id={ID} />);
  const heading = await screen.findByRole('heading', { name: 'Good practice acknowledged' });
  const card = heading.closest<HTMLElement>('#acknowledged')!;
  expect(card.tabIndex).toBe(-1);
  expect(within(card).getByText('The practice observed')).toBeTruthy();
  expect(within(card).getByText('Calm, clear explanation of the plan.')).toBeTruthy();
  expect(within(card).getByText(`Sam Lead on ${formatDate('2026-05-04')}`)).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Change the acknowledgement' })).toBeTruthy();
  cleanup();
  // The form starts from what was said.
  show(f, <GoodPracticePage id={ID} />);
  const note = await screen.findByLabelText('What was good?');
  expect((note as HTMLTextAreaElement).value).toBe('Calm, clear explanation of the plan.');
  expect((screen.getByLabelText('The practice observed') as HTMLInputElement).checked).toBe(true);
});

test.each([
  ['its own observer, though a QA lead', {}, LEAD, /You recorded this observation/],
  [
    'one returned for more evidence',
    { status: 'returned' },
    OWNER,
    /once the observation has been submitted/,
  ],
])('not offered on %s', async (_, fields, ownerId, why) => {
  const f = await received(fields, ownerId);
  show(f, <ModerateObservationPage id={ID} />);
  await screen.findByText('Moderation so far');
  expect(screen.queryByRole('button', { name: 'Acknowledge good practice' })).toBeNull();
  cleanup();
  show(f, <GoodPracticePage id={ID} />);
  await screen.findByText(why);
  expect(screen.queryByRole('button', { name: 'Save acknowledgement' })).toBeNull();
});

// Acknowledged in error, or on the wrong observation: withdrawn from the acknowledgement's page
// after a confirmation, the GOV.UK way for something that cannot simply be put back; the
// moderation page then says so, focused, and offers to acknowledge afresh.
test('withdrawn after a confirmation: the tablet’s copy holds none of it, and the moderation page says so', async () => {
  const f = await received({
    'goodPractice.what': 'practice',
    'goodPractice.note': 'Calm, clear explanation of the plan.',
    'goodPractice.by': 'user-lead-0002',
    'goodPractice.byName': 'Alex Lead',
    'goodPractice.on': '2026-05-04',
  });
  show(f, <GoodPracticePage id={ID} />);
  const offer = await screen.findByRole('button', { name: 'Withdraw the acknowledgement' });
  expect(offer.getAttribute('href')).toBe(`/moderation/${ID}/good-practice/withdraw`);
  cleanup();

  show(f, <WithdrawGoodPracticePage id={ID} />);
  await screen.findByRole('heading', { name: 'Withdraw the acknowledgement of good practice?' });
  expect(screen.getByText('Calm, clear explanation of the plan.')).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Cancel' }).getAttribute('href')).toBe(
    `/moderation/${ID}/good-practice`,
  );
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
  fireEvent.click(screen.getByRole('button', { name: 'Withdraw the acknowledgement' }));
  await waitFor(async () => {
    const saved = await getRecord(f.store.db, f.store.cipher, ID);
    for (const path of [
      'goodPractice.what',
      'goodPractice.note',
      'goodPractice.by',
      'goodPractice.byName',
      'goodPractice.on',
    ])
      expect(saved?.fields[path] ?? null, path).toBeNull();
    expect(saved?.pending).toBe(true);
  });
  cleanup();

  history.replaceState(null, '', `/moderation/${ID}#good-practice-withdrawn`);
  show(f, <ModerateObservationPage id={ID} />);
  const note = await screen.findByText(/Acknowledgement of good practice withdrawn/);
  expect(note.id).toBe('good-practice-withdrawn');
  expect(note.tabIndex).toBe(-1);
  expect(screen.queryByRole('heading', { name: 'Good practice acknowledged' })).toBeNull();
  expect(screen.getByRole('button', { name: 'Acknowledge good practice' })).toBeTruthy();
  history.replaceState(null, '', '/');
});

test('not offered to withdraw what was never acknowledged, nor to whoever may not acknowledge', async () => {
  const f = await received();
  show(f, <GoodPracticePage id={ID} />);
  await screen.findByRole('button', { name: 'Save acknowledgement' });
  expect(screen.queryByRole('button', { name: 'Withdraw the acknowledgement' })).toBeNull();
  cleanup();
  show(f, <WithdrawGoodPracticePage id={ID} />);
  await screen.findByText('There is no acknowledgement of good practice on this observation.');
  expect(screen.queryByRole('button', { name: 'Withdraw the acknowledgement' })).toBeNull();
});
