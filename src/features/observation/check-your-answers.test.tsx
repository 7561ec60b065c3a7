// Check your answers shows every answer of a family feedback call (how consent was given, who
// answered in the page's words, the language and interpreter, each call attempt's note), and each
// "Change" link opens the question and comes back: the page it opens then continues to check your
// answers, not to the next part. Found walking an auditor's call on a tablet.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { saveFields } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { CheckPage } from './check-page';
import { consentWords } from './model';
import { ContextPage } from './context-page';
import { SectionPage } from './section-page';

const CALL = 'obs-cya-call-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
  history.replaceState(null, '', '/');
});

async function call() {
  fx = await servicesFixture();
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: CALL,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      kind: 'family-feedback-call',
      templateId: familyFeedbackCallV1.id,
      templateVersion: familyFeedbackCallV1.version,
      status: 'draft',
      'context.caseId': 'AB-1234',
      'context.consent.given': 'yes',
      'context.consent.byWhom': 'The child’s mother',
      'context.consent.how': 'Verbally, at the start of the call',
      'family.whoAnswered': 'other',
      'family.whoAnsweredDetail': 'The child’s aunt',
      'family.language': 'Polish',
      'family.interpreterUsed': true,
    },
  });
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: 'attempt-cya-0001',
    type: 'call-attempt',
    parentId: CALL,
    changes: {
      observationId: CALL,
      at: '2026-12-07T09:40:00Z',
      outcome: 'no-answer',
      note: 'Went to voicemail, no message left',
      createdBy: 'user-observer-0001',
    },
  });
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

const rowValue = (key: string) => {
  const term = screen.getByText(key, { selector: 'dt' });
  return term.parentElement!.querySelector('dd')!.textContent;
};

test('every answer of the call is shown, in the words of its page', async () => {
  const f = await call();
  show(f, <CheckPage id={CALL} />, `/observations/${CALL}/check`);
  await screen.findByRole('heading', { name: 'Check your answers' });
  expect(rowValue('How consent was given')).toContain('Verbally, at the start of the call');
  expect(rowValue('Who answered')).toBe('Someone else: The child’s aunt');
  expect(rowValue('Language of the call')).toBe('Polish');
  expect(rowValue('Interpreter used')).toBe('Yes');
  const attempts = screen
    .getByRole('heading', { name: /Call attempts/ })
    .closest('.govuk-summary-card')!;
  expect(
    within(attempts as HTMLElement).getByText('Went to voicemail, no message left'),
  ).toBeTruthy();
});

test('each Change link is told apart, keeps "case ID" as written, and says it comes from here', async () => {
  const f = await call();
  show(f, <CheckPage id={CALL} />, `/observations/${CALL}/check`);
  const link = await screen.findByRole('link', { name: 'Change case ID' });
  expect(link.getAttribute('href')).toBe(
    `/observations/${CALL}/context?from=check#f-context--caseId`,
  );
  const names = screen
    .getAllByRole('link')
    .filter((a) => a.textContent?.startsWith('Change'))
    .map((a) => a.textContent);
  expect(new Set(names).size).toBe(names.length);
});

test('a question opened from check your answers goes back there, by its button and its back link', async () => {
  const f = await call();
  show(f, <ContextPage id={CALL} />, `/observations/${CALL}/context?from=check`);
  expect((await screen.findByRole('link', { name: 'Back' })).getAttribute('href')).toBe(
    `/observations/${CALL}/check`,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  await waitFor(() => expect(location.pathname).toBe(`/observations/${CALL}/check`));
  cleanup();
  show(
    f,
    <SectionPage id={CALL} sectionId="questions" />,
    `/observations/${CALL}/sections/questions?from=check`,
  );
  expect((await screen.findByRole('link', { name: 'Back' })).getAttribute('href')).toBe(
    `/observations/${CALL}/check`,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  await waitFor(() => expect(location.pathname).toBe(`/observations/${CALL}/check`));
});

test('opened from the task list, a question still goes on to the next part', async () => {
  const f = await call();
  show(
    f,
    <SectionPage id={CALL} sectionId="questions" />,
    `/observations/${CALL}/sections/questions`,
  );
  fireEvent.click(await screen.findByRole('button', { name: 'Save and continue' }));
  await waitFor(() => expect(location.pathname).toBe(`/observations/${CALL}/sections/closing`));
});

// The set-up page says "Nobody was asked, so nothing more is recorded": check your answers does
// not then list every question as "Not answered" with a Change link (completeness.ts nothingAsked).
test('a call that never reached the family lists no question nobody was asked', async () => {
  const f = await call();
  await saveFields(f.store.db, f.store.cipher, {
    recordId: CALL,
    type: 'observation',
    changes: {
      'context.observedName': 'Sam Practitioner',
      'context.observedRole': 'Social worker',
      'context.setting': 'By telephone',
      'context.date': '2026-12-07',
      'context.consent.given': 'not-reached',
      'context.consent.byWhom': null,
      'context.consent.how': null,
      'family.whoAnswered': null,
      'family.whoAnsweredDetail': null,
      'family.language': null,
      'family.interpreterUsed': null,
      // Answered before the auditor chose "We could not reach them": still in the record, so shown.
      'responses.purpose-and-confidentiality-explained.value': 'yes',
    },
  });
  show(f, <CheckPage id={CALL} />, `/observations/${CALL}/check`);
  await screen.findByRole('heading', { name: /Call attempts/ });
  expect(screen.queryByText('Not answered')).toBeNull();
  expect(screen.queryByRole('heading', { name: 'Questions' })).toBeNull();
  expect(screen.queryByRole('heading', { name: 'Summary' })).toBeNull();
  expect(screen.getByRole('heading', { name: 'Before the questions' })).toBeTruthy();
  expect(rowValue('Consent given')).toBe(consentWords['not-reached']);
});
