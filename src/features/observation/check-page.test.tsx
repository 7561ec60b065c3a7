// "Check your answers" judges what the person typed, not only what the record holds: a value kept
// on the tablet because it fails its check (an over-long note, in the record's sealed scratch)
// is a problem of the observation. It is said beside the answer, listed in the error summary with
// a link to the field, and Submit is refused until it is fixed; without this the record was
// submitted with the last valid value and the rest of what was typed stayed on the tablet unsent.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { getRecord, pendingMutations, readScratch, saveFields, writeScratch } from '../../db';
import { observationFields } from '../../../tests/helpers/seed-observations';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { CheckPage } from './check-page';
import { SummaryPage } from './summary-page';

const ID = 'obs-check-0001';
const ACTION = 'act-check-0001';
const BASE = 'word '.repeat(1998); // 9,990 characters
const TAIL = 'LAST SENTENCE TYPED BY THE OBSERVER.'; // 36 more: 26 too many

let fx: ServicesFixture | undefined;
afterEach(async () => {
  // Screens first, so none reads the store after it is closed.
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

/** A frontline practice observation with every answer given: nothing in the way of Submit. */
async function completeDraft() {
  fx = await servicesFixture();
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      ...observationFields(1, 'scope-service-0001'),
      'responses.activity-type.value': 'home-visit',
      'context.consent.given': 'yes',
      'context.consent.byWhom': 'The child’s mother',
      'context.consent.how': 'Verbally, at the start',
      'summary.strengths': BASE,
      'summary.areasForDevelopment': 'Recording the child’s words as they said them.',
      'summary.overallGrade': 'good',
      'summary.overallReasons': 'A clear, warm visit.',
      'summary.feedback.held': true,
      'summary.feedback.date': '2026-05-01',
    },
  });
  return fx;
}

const page = (f: ServicesFixture, children: preact.ComponentChildren) =>
  render(
    <f.Wrapper>
      <LocationProvider>{children}</LocationProvider>
    </f.Wrapper>,
  );

const submitButton = () => screen.findByRole('button', { name: 'Submit' });
const status = async (f: ServicesFixture) =>
  (await getRecord(f.store.db, f.store.cipher, ID))?.fields['status'];

test('with nothing held back, the complete observation is submitted', async () => {
  const f = await completeDraft();
  page(f, <CheckPage id={ID} />);
  fireEvent.click(await submitButton());
  await waitFor(async () => expect(await status(f)).toBe('submitted'));
});

test('a note typed past its limit is listed, linked to its field, and Submit is refused until it is fixed', async () => {
  const f = await completeDraft();
  // The observer types on past the limit on the Strengths page: kept, not sent.
  const typing = page(f, <SummaryPage id={ID} part="strengths" />);
  const note = (await screen.findByLabelText('Strengths')) as HTMLTextAreaElement;
  await waitFor(() => expect(note.value).toBe(BASE));
  fireEvent.input(note, { target: { value: BASE + TAIL } });
  await waitFor(async () =>
    expect(await readScratch(f.store.db, f.store.cipher, ID)).toEqual({
      'summary.strengths': BASE + TAIL,
    }),
  );
  expect(screen.getByTestId('save-status').textContent).toBe(
    'Kept on this device – 1 answer is not sent until fixed',
  );
  typing.unmount();

  const check = page(f, <CheckPage id={ID} />);
  await screen.findByRole('heading', { name: 'Check your answers' });
  // Beside the answer the record holds: what was typed after it is not sent.
  const strengths = screen.getByText('Strengths', { selector: 'dt' }).closest('div')!;
  await waitFor(() =>
    expect(
      within(strengths as HTMLElement)
        .getByText(/not sent/)
        .closest('p')!.textContent,
    ).toBe('Kept on this tablet, not sent – Strengths: you have 26 characters too many'),
  );
  fireEvent.click(await submitButton());
  const summary = await screen.findByRole('alert');
  const link = within(summary).getByRole('link', {
    name: 'Strengths: you have 26 characters too many',
  });
  expect(link.getAttribute('href')).toBe(
    `/observations/${ID}/summary/strengths?check=1&from=check#f-summary--strengths`,
  );
  expect(within(summary).getAllByRole('link')).toHaveLength(1);
  // Refused: still a draft, and no change of status waits to be sent.
  await new Promise((r) => setTimeout(r, 50));
  expect(await status(f)).toBe('draft');
  const sent = await pendingMutations(f.store.db, f.store.cipher);
  expect(sent.some((m) => 'status' in m.set && m.set['status'] === 'submitted')).toBe(false);
  check.unmount();

  // Fixed on its page (the link's own address shows the same message at the field).
  const fixing = page(f, <SummaryPage id={ID} part="strengths" />);
  const again = (await screen.findByLabelText('Strengths')) as HTMLTextAreaElement;
  await waitFor(() => expect(again.value).toBe(BASE + TAIL));
  fireEvent.input(again, { target: { value: BASE + TAIL.slice(0, 10) } });
  fireEvent.blur(again);
  await waitFor(async () =>
    expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['summary.strengths']).toBe(
      BASE + TAIL.slice(0, 10),
    ),
  );
  await waitFor(async () => expect(await readScratch(f.store.db, f.store.cipher, ID)).toEqual({}));
  fixing.unmount();
  page(f, <CheckPage id={ID} />);
  fireEvent.click(await submitButton());
  await waitFor(async () => expect(await status(f)).toBe('submitted'));
});

test('an improvement action’s name held back is listed against the action, and Submit is refused', async () => {
  const f = await completeDraft();
  await saveFields(f.store.db, f.store.cipher, {
    recordId: ACTION,
    type: 'action',
    parentId: ID,
    changes: {
      observationId: ID,
      status: 'open',
      what: 'Share the plan with the family in writing',
      ownerName: 'Alex Morgan',
      dueDate: '2026-06-01',
      createdAt: '2026-05-01T09:00:00.000Z',
    },
  });
  // What the action's page keeps of a name of 205 characters (the limit is 200).
  await writeScratch(f.store.db, f.store.cipher, ACTION, 'ownerName', 'A'.repeat(205));
  page(f, <CheckPage id={ID} />);
  fireEvent.click(await submitButton());
  const summary = await screen.findByRole('alert');
  const link = await within(summary).findByRole('link', {
    name: 'Action 1, who will do it: you have 5 characters too many',
  });
  expect(link.getAttribute('href')).toBe(
    `/observations/${ID}/actions/${ACTION}?check=1&from=check#f-actions--${ACTION}--ownerName`,
  );
  await new Promise((r) => setTimeout(r, 50));
  expect(await status(f)).toBe('draft');
});

test('a value held back a moment before Submit is pressed (another window) still stops it', async () => {
  const f = await completeDraft();
  page(f, <CheckPage id={ID} />);
  const button = await submitButton();
  // Kept just now, in the store, before this page has drawn it.
  await writeScratch(f.store.db, f.store.cipher, ID, 'summary.strengths', BASE + TAIL);
  expect(screen.queryByText(/not sent/)).toBeNull();
  fireEvent.click(button);
  await screen.findByRole('link', { name: 'Strengths: you have 26 characters too many' });
  expect(await status(f)).toBe('draft');
});

test('the summary’s rows use the checklist’s own names: an audit’s feedback is the discussion with the social worker', async () => {
  fx = await servicesFixture();
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      kind: 'single-case-audit',
      templateId: 'single-case-audit',
      templateVersion: 1,
      status: 'draft',
    },
  });
  page(fx, <CheckPage id={ID} />);
  await screen.findByText('Discussion with the social worker', { selector: 'dt' });
  expect(screen.queryByText('Feedback conversation', { selector: 'dt' })).toBeNull();
});

test('the error summary follows the page: a start time held back comes before the consent fields below it', async () => {
  const f = await completeDraft();
  await saveFields(f.store.db, f.store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { 'context.consent.byWhom': null, 'context.consent.how': null },
  });
  await writeScratch(f.store.db, f.store.cipher, ID, 'context.startTime', '9.30am');
  page(
    f,
    <main id="main-content">
      <CheckPage id={ID} />
    </main>,
  );
  fireEvent.click(await submitButton());
  const summary = await screen.findByRole('alert');
  const hrefs = within(summary)
    .getAllByRole('link')
    .map((a) => a.getAttribute('href')!.replace(/^.*#/, ''));
  expect(hrefs).toEqual([
    'f-context--startTime',
    'f-context--consent--byWhom',
    'f-context--consent--how',
  ]);
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});
