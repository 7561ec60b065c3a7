// A family feedback call started from a single case audit leads back to it: the confirmation
// offers the audit first, the call's Back link goes to the audit, and check your answers says
// which audit the call is for (by case ID and date, never a child's name). Where the audit is not
// on this tablet (never pulled, or deleted) the call goes home as any other observation does.
// Found walking an auditor's call on a tablet.
import { cleanup, render, screen, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test, vi } from 'vitest';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import { deleteRecord } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { CheckPage } from './check-page';
import { OverviewPage } from './overview-page';
import { SubmittedPage } from './submitted-page';

const AUDIT = 'obs-lead-audit-0001';
const CALL = 'obs-lead-call-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
  history.replaceState(null, '', '/');
});

async function callFor(audit: 'here' | 'not here' | 'deleted' | 'none', status = 'draft') {
  fx = await servicesFixture();
  if (audit !== 'not here' && audit !== 'none')
    await saveObservation(
      fx.store,
      AUDIT,
      { status: 'draft', 'context.caseId': 'AC-4001', 'context.date': '2026-06-03' },
      singleCaseAuditV1,
    );
  if (audit === 'deleted') await deleteRecord(fx.store.db, fx.store.cipher, AUDIT);
  await saveObservation(
    fx.store,
    CALL,
    {
      status,
      'context.caseId': 'AC-4001',
      ...(audit === 'none' ? {} : { 'context.linkedObservationId': AUDIT }),
      'responses.knows-why-involved.value': 'yes',
      'responses.knows-why-involved.evidence': 'The social worker told us at the first visit.',
    },
    familyFeedbackCallV1,
  );
  return fx;
}

const show = (f: ServicesFixture, children: preact.ComponentChildren, at: string) => {
  history.replaceState(null, '', at);
  return render(
    <f.Wrapper>
      <LocationProvider>{children}</LocationProvider>
    </f.Wrapper>,
  );
};

const backHref = () => document.querySelector('.govuk-back-link')?.getAttribute('href');

test('the confirmation of a call offers going back to its audit first, then the observations', async () => {
  show(
    await callFor('here', 'submitted'),
    <SubmittedPage id={CALL} />,
    `/observations/${CALL}/submitted`,
  );
  const back = await screen.findByRole('button', { name: 'Go back to the audit' });
  expect(back.getAttribute('href')).toBe(`/observations/${AUDIT}`);
  expect(back.className).not.toContain('govuk-button--secondary');
  const list = screen.getByRole('link', { name: 'Go to your observations' });
  expect(list.getAttribute('href')).toBe('/');
  // The audit is the next step, so it comes first.
  expect(back.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
});

test.each(['not here', 'deleted', 'none'] as const)(
  'the confirmation of a call whose audit is %s offers only the observations',
  async (audit) => {
    show(
      await callFor(audit, 'submitted'),
      <SubmittedPage id={CALL} />,
      `/observations/${CALL}/submitted`,
    );
    await screen.findByRole('button', { name: 'Go to your observations' });
    expect(screen.queryByText('Go back to the audit')).toBeNull();
  },
);

test('the call’s task list goes Back to its audit', async () => {
  show(await callFor('here'), <OverviewPage id={CALL} />, `/observations/${CALL}`);
  await screen.findByRole('heading', { name: 'Family feedback call' });
  await vi.waitFor(() => expect(backHref()).toBe(`/observations/${AUDIT}`));
});

test('a submitted call’s own page goes Back to its audit too', async () => {
  show(await callFor('here', 'submitted'), <OverviewPage id={CALL} />, `/observations/${CALL}`);
  await screen.findByRole('heading', { name: 'Family feedback call' });
  await vi.waitFor(() => expect(backHref()).toBe(`/observations/${AUDIT}`));
});

test.each(['not here', 'deleted'] as const)(
  'a call whose audit is %s goes Back home',
  async (audit) => {
    show(await callFor(audit), <OverviewPage id={CALL} />, `/observations/${CALL}`);
    await screen.findByRole('heading', { name: 'Family feedback call' });
    // Until the audit is looked for, and after.
    await new Promise((r) => setTimeout(r, 50));
    expect(backHref()).toBe('/');
  },
);

const rowOf = (key: string) =>
  screen.getByText(key, { selector: 'dt' }).parentElement! as HTMLElement;

test('check your answers says which audit the call is for, by case ID and date', async () => {
  show(await callFor('here'), <CheckPage id={CALL} />, `/observations/${CALL}/check`);
  await screen.findByText('Case AC-4001, audit of 3 June 2026');
  const row = rowOf('Audit');
  expect(
    within(row)
      .getByRole('link', { name: /Change/ })
      .getAttribute('href'),
  ).toBe(`/observations/${CALL}/context?from=check#f-context--linkedObservationId`);
});

test.each([
  ['not here', 'An audit not on this tablet'],
  ['none', 'Not linked to an audit'],
] as const)('check your answers of a call whose audit is %s says so', async (audit, words) => {
  show(await callFor(audit), <CheckPage id={CALL} />, `/observations/${CALL}/check`);
  await screen.findByRole('heading', { name: 'Check your answers' });
  expect(await within(rowOf('Audit')).findByText(words)).toBeTruthy();
});

test('check your answers labels the family’s words as the question’s page does', async () => {
  show(await callFor('here'), <CheckPage id={CALL} />, `/observations/${CALL}/check`);
  await screen.findByRole('heading', { name: 'Check your answers' });
  const row = rowOf('Do you know why children’s services are involved with your family?');
  expect(row.textContent).toContain('What they said, in their own words');
  expect(row.textContent).not.toContain('Evidence');
});
