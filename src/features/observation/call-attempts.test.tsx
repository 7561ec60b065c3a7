// A call attempt mis-tapped ("Declined to take part" for a call nobody answered) must be put right
// before it is read as a refusal: each attempt of a draft call has Change and Remove, removal asks
// first and is a synced delete, and a submitted call is changed only while it is being amended.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { getRecord, localOnlyWork, saveFields } from '../../db';
import { outboxMutations } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { noAxeFindings, showPage } from '../../../tests/helpers/show-page';
import { CallAttemptPage } from './call-attempt-page';
import { CallAttemptRemovePage } from './call-attempt-remove-page';
import { CallsPage } from './calls-page';
import { startAmendSession } from './amend-session';

const CALL = 'obs-call-attempts-0001';
const ATTEMPT = 'call-attempt-0001-aaaa';
// 10:15 in London on a winter's day: the same instant in UTC.
const AT = '2026-01-14T10:15:00.000Z';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  window.history.replaceState(null, '', '/');
  await fx?.store.close();
  fx = undefined;
});

async function callWithAttempt(status: 'draft' | 'submitted' = 'draft') {
  fx = await servicesFixture();
  await saveObservation(
    fx.store,
    CALL,
    { status, 'context.caseId': 'AC-3001' },
    familyFeedbackCallV1,
  );
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ATTEMPT,
    type: 'call-attempt',
    parentId: CALL,
    changes: { observationId: CALL, at: AT, outcome: 'declined', createdBy: fx.services.user.id },
  });
  return fx;
}

const stored = async (f: ServicesFixture) => getRecord(f.store.db, f.store.cipher, ATTEMPT);

test('each attempt of a draft call has Change and Remove, named for the attempt, with no axe findings', async () => {
  const f = await callWithAttempt();
  showPage(f, <CallsPage id={CALL} />);
  const table = await screen.findByRole('table', { name: 'Attempts so far: 1' });
  const change = within(table).getByRole('link', {
    name: 'Change the call attempt of 14 January 2026 at 10:15am',
  });
  expect(change.getAttribute('href')).toBe(`/observations/${CALL}/calls/${ATTEMPT}`);
  const remove = within(table).getByRole('link', {
    name: 'Remove the call attempt of 14 January 2026 at 10:15am',
  });
  expect(remove.getAttribute('href')).toBe(`/observations/${CALL}/calls/${ATTEMPT}/remove`);
  await noAxeFindings();
});

test('a wrong outcome and time are corrected on the attempt itself, as a synced edit', async () => {
  const f = await callWithAttempt();
  window.history.replaceState(null, '', `/observations/${CALL}/calls/${ATTEMPT}`);
  showPage(f, <CallAttemptPage id={CALL} attemptId={ATTEMPT} />);
  const noAnswer = await screen.findByRole('radio', { name: 'No answer' });
  expect(
    (screen.getByRole('radio', { name: 'Declined to take part' }) as HTMLInputElement).checked,
  ).toBe(true);
  expect((screen.getByLabelText('Time of the call') as HTMLInputElement).value).toBe('10:15');
  await noAxeFindings();
  fireEvent.click(noAnswer);
  fireEvent.input(screen.getByLabelText('Time of the call'), { target: { value: '10:45' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save and return to the call attempts' }));
  await waitFor(() => expect(window.location.pathname).toBe(`/observations/${CALL}/calls`));
  const view = await stored(f);
  expect(view?.fields).toMatchObject({ outcome: 'no-answer', at: '2026-01-14T10:45:00.000Z' });
  const sent = (await outboxMutations(f.store)).filter((m) => m.recordId === ATTEMPT);
  expect(sent.at(-1)?.set).toMatchObject({ at: '2026-01-14T10:45:00.000Z' });
  expect(sent.some((m) => m.set['outcome'] === 'no-answer')).toBe(true);
});

test('a time that is not a time is not saved, and Save and return says so instead of leaving', async () => {
  const f = await callWithAttempt();
  window.history.replaceState(null, '', `/observations/${CALL}/calls/${ATTEMPT}`);
  showPage(f, <CallAttemptPage id={CALL} attemptId={ATTEMPT} />);
  fireEvent.input(await screen.findByLabelText('Time of the call'), { target: { value: '25:00' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save and return to the call attempts' }));
  await screen.findByRole('link', {
    name: 'Enter the time of the call in 24-hour format, like 09:30',
  });
  expect(window.location.pathname).toBe(`/observations/${CALL}/calls/${ATTEMPT}`);
  expect((await stored(f))?.fields['at']).toBe(AT);
});

test('a time or date half-typed on the attempt is kept on the tablet through the idle lock', async () => {
  const f = await callWithAttempt();
  window.history.replaceState(null, '', `/observations/${CALL}/calls/${ATTEMPT}`);
  const first = showPage(f, <CallAttemptPage id={CALL} attemptId={ATTEMPT} />);
  const dateBox = async (label: 'Day' | 'Month' | 'Year') =>
    within(await screen.findByRole('group', { name: 'Date of the call' })).getByLabelText(
      label,
    ) as HTMLInputElement;
  fireEvent.input(await screen.findByLabelText('Time of the call'), { target: { value: '9:' } });
  fireEvent.input(await dateBox('Day'), { target: { value: '' } });
  await waitFor(async () =>
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(1),
  );
  // The idle lock closes every screen; the page opens again after the unlock.
  first.unmount();
  showPage(f, <CallAttemptPage id={CALL} attemptId={ATTEMPT} />);
  await waitFor(async () =>
    expect((screen.getByLabelText('Time of the call') as HTMLInputElement).value).toBe('9:'),
  );
  await waitFor(async () => expect((await dateBox('Day')).value).toBe(''));
  expect((await dateBox('Month')).value).toBe('1');
  expect((await stored(f))?.fields['at']).toBe(AT);
  // Finished, the date and time make the instant, and nothing is held back any more.
  fireEvent.input(await dateBox('Day'), { target: { value: '15' } });
  fireEvent.input(screen.getByLabelText('Time of the call'), { target: { value: '09:05' } });
  await waitFor(async () =>
    expect((await stored(f))?.fields['at']).toBe('2026-01-15T09:05:00.000Z'),
  );
  await waitFor(async () =>
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0),
  );
});

test('a date half-typed for the next attempt is kept on the tablet through the idle lock', async () => {
  const f = await callWithAttempt();
  const first = showPage(f, <CallsPage id={CALL} />);
  const dateBox = async (label: 'Day' | 'Month' | 'Year') =>
    within(await screen.findByRole('group', { name: 'Date of the call' })).getByLabelText(
      label,
    ) as HTMLInputElement;
  fireEvent.input(await dateBox('Day'), { target: { value: '3' } });
  fireEvent.input(await dateBox('Month'), { target: { value: '' } });
  fireEvent.input(await dateBox('Year'), { target: { value: '' } });
  await waitFor(async () =>
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(1),
  );
  first.unmount();
  showPage(f, <CallsPage id={CALL} />);
  await waitFor(async () => expect((await dateBox('Day')).value).toBe('3'));
  expect((await dateBox('Month')).value).toBe('');
});

test('removing asks first; Remove deletes the row as a synced delete and the log confirms it, focused', async () => {
  const f = await callWithAttempt();
  showPage(f, <CallAttemptRemovePage id={CALL} attemptId={ATTEMPT} />);
  await screen.findByRole('heading', {
    level: 1,
    name: 'Are you sure you want to remove this call attempt?',
  });
  expect(screen.getByText('Declined to take part')).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Keep it' }).getAttribute('href')).toBe(
    `/observations/${CALL}/calls`,
  );
  await noAxeFindings();
  expect((await stored(f))?.deleted).toBe(false);
  fireEvent.click(screen.getByRole('button', { name: 'Remove call attempt' }));
  await waitFor(() => expect(window.location.search).toBe('?removed=1'));
  expect((await stored(f))?.deleted).toBe(true);
  const sent = await outboxMutations(f.store);
  expect(sent.filter((m) => m.recordId === ATTEMPT).at(-1)?.op).toBe('delete');
  cleanup();
  showPage(f, <CallsPage id={CALL} />);
  const said = await screen.findByText('The call attempt was removed.');
  expect(document.activeElement).toBe(said);
  expect(screen.getByText('No attempts recorded yet.')).toBeTruthy();
  await noAxeFindings();
});

test('a submitted call not being amended offers no Change or Remove, and its attempt pages change nothing', async () => {
  const f = await callWithAttempt('submitted');
  showPage(f, <CallsPage id={CALL} />);
  await screen.findByText(/: Declined to take part$/);
  expect(screen.queryByRole('link', { name: /^Change the call attempt/ })).toBeNull();
  expect(screen.queryByRole('link', { name: /^Remove the call attempt/ })).toBeNull();
  cleanup();
  showPage(f, <CallAttemptRemovePage id={CALL} attemptId={ATTEMPT} />);
  await screen.findByText(/: Declined to take part$/);
  expect(screen.queryByRole('button', { name: 'Remove call attempt' })).toBeNull();
  cleanup();
  showPage(f, <CallAttemptPage id={CALL} attemptId={ATTEMPT} />);
  await screen.findByText(/: Declined to take part$/);
  expect(screen.queryByRole('radio', { name: 'No answer' })).toBeNull();
});

test('while a submitted call is amended, its attempts have Change and Remove, and the removal names the amendment', async () => {
  const f = await callWithAttempt('submitted');
  await startAmendSession(f.store, CALL, {
    id: 'amendment-call-0001',
    reason: 'The first attempt was not a refusal',
    before: (await getRecord(f.store.db, f.store.cipher, CALL))!.fields,
    startedAt: AT,
  });
  showPage(f, <CallsPage id={CALL} />);
  await screen.findByRole('link', {
    name: 'Remove the call attempt of 14 January 2026 at 10:15am',
  });
  cleanup();
  showPage(f, <CallAttemptRemovePage id={CALL} attemptId={ATTEMPT} />);
  fireEvent.click(await screen.findByRole('button', { name: 'Remove call attempt' }));
  await waitFor(async () => expect((await stored(f))?.deleted).toBe(true));
  const sent = (await outboxMutations(f.store)).filter((m) => m.recordId === ATTEMPT).at(-1);
  expect(sent).toMatchObject({ op: 'delete', amendmentId: 'amendment-call-0001' });
});
