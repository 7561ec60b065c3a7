// A submitted observation whose last words were held back on this tablet (submitted before Submit
// was refused for them) says so on its view, beside the answer that was sent, and how to send it.
import { cleanup, screen, within } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import { saveFields, writeScratch } from '../../db';
import type { FieldValue } from '../../../schemas/entities/field-value';
import type { Template } from '../../../schemas/entities/template';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { lacReviewChairingV1 } from '../../../schemas/templates/lac-review-chairing';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { noAxeFindings, showPage } from '../../../tests/helpers/show-page';
import { OverviewPage } from './overview-page';

const ID = 'obs-view-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

/** The observer's page of observation ID as saved, with any words held back on this tablet. */
async function shown(
  fields: Record<string, FieldValue>,
  options: { template?: Template; heldBack?: Record<string, string> } = {},
) {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, fields, options.template);
  for (const [path, text] of Object.entries(options.heldBack ?? {}))
    await writeScratch(fx.store.db, fx.store.cipher, ID, path, text);
  showPage(fx, <OverviewPage id={ID} />);
}

test('a value held back on a submitted observation is shown as not sent, with the way to send it', async () => {
  await shown(
    { 'summary.strengths': 'A clear plan.' },
    { heldBack: { 'summary.strengths': 's'.repeat(10_012) } },
  );
  const warning = await screen.findByText(/was not sent/);
  expect(warning.textContent).toContain('Amend the observation to fix it and send it.');
  const row = screen.getByText('Strengths', { selector: 'dt' }).closest('div')!;
  expect(within(row as HTMLElement).getByText('A clear plan.')).toBeTruthy();
  expect(
    within(row as HTMLElement)
      .getByText(/not sent/)
      .closest('p')!.textContent,
  ).toBe('Kept on this tablet, not sent – Strengths: you have 12 characters too many');
});

test('"If not, why not?" is shown only under "No": words left in it under "Yes" are shown as a comment', async () => {
  await shown({
    'responses.child-seen-alone.value': 'yes',
    'responses.child-seen-alone.evidence': 'Mother was present at first; seen alone later.',
  });
  const row = (
    await screen.findByText('The child was seen or spoken to alone', { selector: 'dt' })
  ).closest('div')!;
  expect(within(row).queryByText(/why not/)).toBeNull();
  within(row).getByText('Comment:');
  within(row).getByText('Mother was present at first; seen alone later.');
  await noAxeFindings();
});

test('a submitted looked-after review held late says so under the date it runs from, for a moderator to see', async () => {
  await shown(
    {
      'context.date': '2026-05-11',
      'responses.review-number.value': 'second',
      'responses.first-review-date.value': '2026-02-02',
    },
    { template: lacReviewChairingV1 },
  );
  const key = await screen.findByText('Date of the first review (for a second review)', {
    selector: 'dt',
  });
  const row = key.closest<HTMLElement>('.govuk-summary-list__row')!;
  expect(within(row).getByText('Late')).toBeTruthy();
  expect(row.textContent).toContain(
    'Due by 2 May 2026. The review observed on 11 May 2026 was 9 days late.',
  );
  // A second review does not run from the day the child became looked after: not asked of it.
  expect(screen.queryByText('Date the child became looked after (first reviews)')).toBeNull();
});

test('the observer’s page shows their record of the reflection and the practitioner’s own response, each credited', async () => {
  await shown({
    sharedWithPractitioner: true,
    'context.observedName': 'Alex Jones',
    'summary.reflection': 'They said the visit felt rushed.',
    practitionerResponse: 'It did; I will plan more time.',
  });
  const theirs = (await screen.findByText('Their reflection', { selector: 'dt' })).closest('div')!;
  expect(within(theirs as HTMLElement).getByText('They said the visit felt rushed.')).toBeTruthy();
  expect(within(theirs as HTMLElement).getByText('Recorded by the observer')).toBeTruthy();
  const response = screen.getByText('Their own response', { selector: 'dt' }).closest('div')!;
  expect(within(response as HTMLElement).getByText('It did; I will plan more time.')).toBeTruthy();
  expect(
    within(response as HTMLElement).getByText('Written by Alex Jones, the practitioner observed'),
  ).toBeTruthy();
  // The response is the practitioner's: the observer is offered no way to change it.
  expect(within(response as HTMLElement).queryByRole('link')).toBeNull();
});

test('a moderated observation shows the observer what the QA lead said of their grades', async () => {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, {
    status: 'moderated',
    'summary.overallGrade': 'requires-improvement-to-be-good',
  });
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: 'comment-view-0001',
    type: 'review-comment',
    parentId: ID,
    changes: { agrees: false, moderatorGrade: 'good', reason: 'The plan was clear and shared.' },
  });
  showPage(fx, <OverviewPage id={ID} />);
  const row = (
    await screen.findByText('Overall judgement', { selector: '#moderation dt' })
  ).closest('div')!;
  expect(within(row as HTMLElement).getByText('Disagrees; would grade Good')).toBeTruthy();
  expect(within(row as HTMLElement).getByText('The plan was clear and shared.')).toBeTruthy();
  await noAxeFindings();
});

// An audit or a call is amended as an observation is, but called what it is.
test.each([
  ['single case audit', singleCaseAuditV1, 'Amend this audit'],
  ['family feedback call', familyFeedbackCallV1, 'Amend this call'],
])('a submitted %s offers to amend it by its own name', async (_kind, template, words) => {
  await shown({}, { template });
  expect(await screen.findByRole('button', { name: words })).toBeTruthy();
  expect(screen.queryByText('Amend this observation')).toBeNull();
});
