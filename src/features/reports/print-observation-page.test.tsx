// The printed record of an amended observation carries its amendments: when, why, and each
// change before and after, shown open (nothing can be opened on paper).
import { cleanup, render, screen, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { cpConferenceChairingV1 } from '../../../schemas/templates/cp-conference-chairing';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import type { FieldValue } from '../../../schemas/entities/field-value';
import type { Template } from '../../../schemas/entities/template';
import { saveFields } from '../../db';
import { completeFields } from '../../../tests/helpers/submittable';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { PrintObservationPage } from './print-observation-page';

const ID = 'obs-print-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

/** Observation ID saved complete as `template` asks, with `fields` over its answers. */
async function saved(
  template: Template = frontlinePracticeV1,
  fields: Record<string, FieldValue> = {},
): Promise<ServicesFixture> {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, { ...completeFields(template), ...fields }, template);
  return fx;
}

const show = (f: ServicesFixture) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        <PrintObservationPage id={ID} />
      </LocationProvider>
    </f.Wrapper>,
  );

test('an amended observation prints its amendments, each change open, before and after', async () => {
  const f = await saved();
  await saveFields(f.store.db, f.store.cipher, {
    recordId: 'amendment-print-0001',
    type: 'amendment',
    parentId: ID,
    changes: {
      observationId: ID,
      at: '2026-05-02T09:00:00.000Z',
      by: 'user-observer-0001',
      reason: 'The overall judgement was entered wrongly.',
      'changes.0.path': 'summary.overallGrade',
      'changes.0.before': 'outstanding',
      'changes.0.after': 'good',
    },
  });
  show(f);
  const heading = await screen.findByRole('heading', { name: 'Amendments since submission' });
  const section = heading.closest('section')!;
  within(section).getByText('The overall judgement was entered wrongly.');
  expect(section.querySelector('details')?.open).toBe(true);
  const row = within(section).getByRole('rowheader', { name: 'Overall judgement' }).closest('tr')!;
  expect(
    within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent),
  ).toEqual(['Outstanding', 'Good']);
});

test('one never amended prints no such section', async () => {
  show(await saved());
  await screen.findByRole('heading', { name: 'Summary' });
  expect(screen.queryByRole('heading', { name: 'Amendments since submission' })).toBeNull();
});

test('an audit a head of service has discussed prints when, and what was noted', async () => {
  show(
    await saved(singleCaseAuditV1, {
      submittedAt: '2026-10-20T15:00:00.000Z',
      'sampleDiscussion.heldOn': '2026-11-12',
      'sampleDiscussion.note': 'Agreed to bring the review forward.',
    }),
  );
  const heading = await screen.findByRole('heading', {
    name: 'Discussion with the head of service',
  });
  const card = heading.closest<HTMLElement>('#sample-discussion')!;
  expect(within(card).getByText('12 November 2026')).toBeTruthy();
  expect(within(card).getByText('Agreed to bring the review forward.')).toBeTruthy();
});

test('good practice a QA lead acknowledged prints with what was good, by whom and when', async () => {
  show(
    await saved(singleCaseAuditV1, {
      status: 'moderated',
      submittedAt: '2026-10-20T15:00:00.000Z',
      'goodPractice.what': 'record-quality',
      'goodPractice.note': 'A clear chronology and a sharp analysis of risk.',
      'goodPractice.by': 'user-lead-0001',
      'goodPractice.byName': 'Sam Lead',
      'goodPractice.on': '2026-11-02',
    }),
  );
  const heading = await screen.findByRole('heading', { name: 'Good practice acknowledged' });
  const card = heading.closest<HTMLElement>('#good-practice')!;
  expect(within(card).getByText('The quality of the audit')).toBeTruthy();
  expect(within(card).getByText('A clear chronology and a sharp analysis of risk.')).toBeTruthy();
  expect(within(card).getByText('Sam Lead on 2 November 2026')).toBeTruthy();
});

test('a review conference held a day late prints so under the previous review’s date', async () => {
  show(
    await saved(cpConferenceChairingV1, {
      'context.date': '2026-12-04',
      'responses.conference-type.value': 'review',
      'responses.previous-review-conference-date.value': '2026-06-03',
    }),
  );
  const key = await screen.findByText(
    'Date of the previous review conference (later review conferences)',
    { selector: 'dt' },
  );
  const row = key.closest<HTMLElement>('.govuk-summary-list__row')!;
  expect(within(row).getByText('Late')).toBeTruthy();
  expect(row.textContent).toContain(
    'Due by 3 December 2026. The conference observed on 4 December 2026 was 1 day late.',
  );
});

test('the printed copy carries the observer’s record of the reflection and the practitioner’s own response, each credited', async () => {
  show(
    await saved(frontlinePracticeV1, {
      submittedAt: '2026-10-20T15:00:00.000Z',
      'context.observedName': 'Alex Jones',
      'summary.reflection': 'They said the visit felt rushed.',
      practitionerResponse: 'It did; I will plan more time.',
    }),
  );
  const reflection = (await screen.findByText('They said the visit felt rushed.')).closest(
    '.govuk-summary-list__row',
  ) as HTMLElement;
  expect(within(reflection).getByText('Recorded by the observer')).toBeTruthy();
  const response = screen
    .getByText('It did; I will plan more time.')
    .closest('.govuk-summary-list__row') as HTMLElement;
  expect(within(response).getByText('Their own response')).toBeTruthy();
  expect(
    within(response).getByText('Written by Alex Jones, the practitioner observed'),
  ).toBeTruthy();
});

// As check your answers and the observation's page show it (itemShown): a date the type of
// meeting does not run from is not asked of it, so the printed copy has no row for it unless
// it holds an answer.
test('a review conference prints no row for the strategy discussion, which only an initial conference runs from', async () => {
  fx = await servicesFixture();
  const { 'responses.strategy-discussion-date.value': _strategy, ...fields } =
    completeFields(cpConferenceChairingV1);
  await saveObservation(
    fx.store,
    ID,
    {
      ...fields,
      'context.date': '2026-12-04',
      'responses.conference-type.value': 'review',
      'responses.previous-review-conference-date.value': '2026-06-03',
    },
    cpConferenceChairingV1,
  );
  show(fx);
  await screen.findByText('Date of the previous review conference (later review conferences)', {
    selector: 'dt',
  });
  expect(
    screen.queryByText('Date of the strategy discussion (initial conferences)', { selector: 'dt' }),
  ).toBeNull();
  // A review may be the first, judged from the initial conference: that date is still asked.
  expect(
    screen.queryByText('Date of the initial conference (first review conferences)', {
      selector: 'dt',
    }),
  ).not.toBeNull();
});

test('a date the type of meeting does not run from still prints when it holds an answer', async () => {
  show(
    await saved(cpConferenceChairingV1, {
      'context.date': '2026-12-04',
      'responses.conference-type.value': 'review',
      'responses.strategy-discussion-date.value': '2026-05-01',
    }),
  );
  const key = await screen.findByText('Date of the strategy discussion (initial conferences)', {
    selector: 'dt',
  });
  expect(key.closest('.govuk-summary-list__row')?.textContent).toContain('1 May 2026');
});

test('the printed copy carries the feedback conversation: held, when, whether restorative, and its notes', async () => {
  show(
    await saved(frontlinePracticeV1, {
      'summary.feedback.held': true,
      'summary.feedback.date': '2026-03-02',
      'summary.feedback.restorative': true,
      'summary.feedback.notes': 'Talked through the plan together.',
    }),
  );
  await screen.findByText('Talked through the plan together.');
  const value = (key: string) =>
    screen
      .getByText(key, { selector: 'dt' })
      .closest('.govuk-summary-list__row')!
      .querySelector('dd')!.textContent;
  expect(value('Feedback conversation')).toBe('Held');
  expect(value('Date of the feedback conversation')).toBe('2 March 2026');
  expect(value('Restorative, two-way conversation')).toBe('Yes');
});
