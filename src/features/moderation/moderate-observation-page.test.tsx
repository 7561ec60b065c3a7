// A QA lead moderating an observation amended since it was submitted is told so, with the reason
// and the way to what changed: the grades they judge may be the amendment's.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import type { Template } from '../../../schemas/entities/template';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import { saveFields } from '../../db';
import { completeFields } from '../../../tests/helpers/submittable';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { formatDate } from '../../lib/observation-records';
import { ModerateObservationPage } from './moderate-observation-page';

const ID = 'obs-moderate-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

async function submitted(
  template: Template = frontlinePracticeV1,
  extra: Record<string, string> = {},
) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'qa-lead' };
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: { ...completeFields(template), status: 'submitted', ...extra },
  });
  return fx;
}

const amended = (f: ServicesFixture, n: number, at: string, reason: string) =>
  saveFields(f.store.db, f.store.cipher, {
    recordId: `amendment-moderate-000${n}`,
    type: 'amendment',
    parentId: ID,
    changes: {
      observationId: ID,
      at,
      by: 'user-observer-0001',
      reason,
      'changes.0.path': 'summary.strengths',
      'changes.0.before': 'Before.',
      'changes.0.after': 'After.',
    },
  });

const show = (f: ServicesFixture) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        {/* As the app shell draws it, in its main landmark (axe: region). */}
        <main id="main-content">
          <ModerateObservationPage id={ID} />
        </main>
      </LocationProvider>
    </f.Wrapper>,
  );

test('an observation never amended says nothing of amendments', async () => {
  const f = await submitted();
  show(f);
  await screen.findByText('Moderation so far');
  expect(screen.queryByText('Amended since submission')).toBeNull();
});

test('amended twice: how often, the last reason, and a link to what each changed', async () => {
  const f = await submitted();
  await amended(f, 2, '2026-05-03T10:30:00.000Z', 'The family rang back with more to say.');
  await amended(f, 1, '2026-05-02T09:00:00.000Z', 'A grade on the wrong line.');
  show(f);
  const key = await screen.findByText('Amended since submission');
  const row = key.closest('.govuk-summary-list__row') as HTMLElement;
  within(row).getByText(
    '2 times, the last on 3 May 2026 at 11:30am, because: “The family rang back with more to say.”',
  );
  expect(
    within(row).getByRole('link', { name: 'See what each amendment changed' }).getAttribute('href'),
  ).toBe(`/observations/${ID}#amendments`);
});

// The decision's button goes once pressed (moderated: Close takes its place; closed: no decision
// is left), so the page says what was done where the person was, and that takes focus: without
// it focus fell to the page body and a screen reader said nothing (WCAG 2.4.3, 4.1.3).
test('marking as moderated, then closing: each says so and takes focus', async () => {
  const f = await submitted();
  show(f);
  fireEvent.click(await screen.findByRole('button', { name: 'Mark as moderated' }));
  const moderated = await screen.findByText('Marked as moderated.');
  await waitFor(() => expect(document.activeElement).toBe(moderated));

  fireEvent.click(await screen.findByRole('button', { name: 'Close this observation' }));
  const closed = await screen.findByText('Observation closed.');
  await waitFor(() => expect(document.activeElement).toBe(closed));
  await waitFor(() =>
    expect(screen.queryByRole('button', { name: 'Close this observation' })).toBeNull(),
  );
  expect(document.activeElement).toBe(closed);
});

// The head of service's discussion of an audited case (QAF 2i) is part of how the audit was
// handled: the QA lead moderating it reads it here, as on the audit's own page and its print.
test('an audit discussed with the head of service shows the discussion, with no axe findings', async () => {
  const f = await submitted(singleCaseAuditV1, {
    'sampleDiscussion.heldOn': '2026-06-10',
    'sampleDiscussion.note': 'Talked through the plan with the social worker and manager.',
  });
  show(f);
  const heading = await screen.findByRole('heading', {
    name: 'Discussion with the head of service',
  });
  const card = heading.closest<HTMLElement>('.govuk-summary-card')!;
  expect(within(card).getByText(formatDate('2026-06-10'))).toBeTruthy();
  expect(
    within(card).getByText('Talked through the plan with the social worker and manager.'),
  ).toBeTruthy();
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

test('an audit not yet discussed shows no discussion', async () => {
  const f = await submitted(singleCaseAuditV1);
  show(f);
  await screen.findByText('Moderation so far');
  expect(screen.queryByText('Discussion with the head of service')).toBeNull();
});

const commented = (f: ServicesFixture, n: number, changes: Record<string, string | boolean>) =>
  saveFields(f.store.db, f.store.cipher, {
    recordId: `comment-moderate-000${n}`,
    type: 'review-comment',
    parentId: ID,
    changes: { reason: 'The evidence is thin.', ...changes },
  });

// "No, I disagree" with the observer's own grade given: the grades are the same, so the page
// does not call them different (the quarterly report counts it as agreed: moderation-agreement.ts).
test('a moderator who disagrees but gives the observer’s own grade is not said to differ', async () => {
  const f = await submitted(frontlinePracticeV1, { 'summary.overallGrade': 'good' });
  await commented(f, 1, { agrees: false, moderatorGrade: 'good' });
  show(f);
  await screen.findByText(/0 where your view differs from the observer’s/);
  expect(screen.queryByText('Where your grades differ')).toBeNull();
  expect(screen.queryByText('Differs')).toBeNull();
});

test('a moderator who gives another grade differs', async () => {
  const f = await submitted(frontlinePracticeV1, { 'summary.overallGrade': 'good' });
  await commented(f, 1, { agrees: false, moderatorGrade: 'inadequate' });
  show(f);
  await screen.findByText(/1 where your view differs from the observer’s/);
  expect(screen.getByText('Where your grades differ')).toBeTruthy();
});

test('the QA lead reads the observer’s record of the reflection and the practitioner’s own response, each credited', async () => {
  const f = await submitted(frontlinePracticeV1, {
    'context.observedName': 'Alex Jones',
    'summary.reflection': 'They said the visit felt rushed.',
    practitionerResponse: 'It did; I will plan more time.',
  });
  show(f);
  const card = (await screen.findByRole('heading', { name: 'Reflection and response' })).closest(
    '.govuk-summary-card',
  ) as HTMLElement;
  expect(within(card).getByText('They said the visit felt rushed.')).toBeTruthy();
  expect(within(card).getByText('Recorded by the observer')).toBeTruthy();
  expect(within(card).getByText('It did; I will plan more time.')).toBeTruthy();
  expect(within(card).getByText('Written by Alex Jones, the practitioner observed')).toBeTruthy();
});

// An audit reads a social worker's case file and a call speaks with a family: nobody was observed,
// so the page names each in its own words (schemas/entities/kind-words.ts peopleWords).
test('an audit is moderated in its own words, not an observation’s', async () => {
  const f = await submitted(singleCaseAuditV1, {
    'summary.overallGrade': 'good',
    'context.observedName': 'Sam Worker',
    'summary.reflection': 'They said the plan was clear.',
    practitionerResponse: 'It was.',
  });
  await commented(f, 1, { agrees: false, moderatorGrade: 'inadequate' });
  show(f);
  const key = await screen.findByText('Social worker');
  expect(key.closest('.govuk-summary-list__row')!.textContent).toContain('Sam Worker');
  screen.getByText(/1 where your view differs from the auditor’s/);
  expect(screen.getAllByText('Auditor’s grade').length).toBeGreaterThan(0);
  expect(screen.queryByText('Observer’s grade')).toBeNull();
  expect(screen.queryByText('Observed')).toBeNull();
  const card = screen
    .getByRole('heading', { name: 'Reflection and response' })
    .closest('.govuk-summary-card') as HTMLElement;
  within(card).getByText('Recorded by the auditor');
  within(card).getByText('Written by Sam Worker, the social worker whose case was audited');
});

test('a family feedback call names the family’s social worker, not someone observed', async () => {
  const f = await submitted(familyFeedbackCallV1, { 'context.observedName': 'Sam Worker' });
  show(f);
  const key = await screen.findByText('Family’s social worker');
  expect(key.closest('.govuk-summary-list__row')!.textContent).toContain('Sam Worker');
  expect(screen.queryByText('Observed')).toBeNull();
});
