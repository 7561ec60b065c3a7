// An auditor reads the audit's pages in an audit's words: nobody was observed, the discussion with
// the social worker is about the audit and their reflection sheet (QAF, monthly audits, 2c), and
// a call is made from somewhere rather than taking place in a family home or a conference room.
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { findTemplate } from '../../../schemas/templates/catalogue';
import { fieldLabel } from '../../lib/observation-labels';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { noAxeFindings, showPage } from '../../../tests/helpers/show-page';
import { ContextPage } from './context-page';
import { SummaryPage } from './summary-page';

const ID = 'obs-kind-words-0001';
const audit = findTemplate('single-case-audit', 1)!;
const call = findTemplate('family-feedback-call', 1)!;
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

async function draft(kind: ObservationKind) {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, { status: 'draft' }, findTemplate(kind, 1)!);
  return fx;
}

const observationWords = /being observed|conference room|family home|CP chair|reviewing officer/;

test('an audit’s discussion with the social worker asks about the audit and their reflection sheet', async () => {
  showPage(await draft('single-case-audit'), <SummaryPage id={ID} part="feedback" />);
  const yes = await screen.findByRole('radio', { name: 'Yes' });
  expect(
    screen.getByRole('group', {
      name: 'Did you discuss the audit and their reflection sheet with the social worker?',
    }),
  ).toBeTruthy();
  fireEvent.click(yes);
  await screen.findByRole('group', { name: 'Date of the discussion with the social worker' });
  expect(screen.getByLabelText('Notes of the discussion (optional)')).toBeTruthy();
  expect(document.body.textContent).not.toMatch(observationWords);
  expect(document.body.textContent).not.toMatch(/feedback conversation/);
  await noAxeFindings();
});

test('an audit’s set-up page asks where the audit was done, with a social worker’s roles', async () => {
  showPage(await draft('single-case-audit'), <ContextPage id={ID} />);
  await screen.findByLabelText('Where the audit was done (optional)');
  expect(document.body.textContent).not.toMatch(observationWords);
  await noAxeFindings();
});

test('a call’s set-up page asks where the call was made from', async () => {
  showPage(await draft('family-feedback-call'), <ContextPage id={ID} />);
  await screen.findByLabelText('Where you made the call from (optional)');
  expect(document.body.textContent).not.toMatch(observationWords);
});

test('check your answers and the history of amendments name an audit’s answers in its words', () => {
  expect(fieldLabel(audit, 'summary.feedback.held')).toBe('Audit discussed with the social worker');
  expect(fieldLabel(audit, 'summary.feedback.date')).toBe(
    'Date of the discussion with the social worker',
  );
  expect(fieldLabel(audit, 'summary.feedback.notes')).toBe('Notes of the discussion');
  expect(fieldLabel(audit, 'context.setting')).toBe('Where the audit was done');
  expect(fieldLabel(call, 'context.setting')).toBe('Where you made the call from');
  const cp = findTemplate('cp-conference-chairing', 1)!;
  expect(fieldLabel(cp, 'summary.feedback.held')).toBe('Feedback conversation held');
});
