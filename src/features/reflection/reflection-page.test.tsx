// The practitioner's copy of an observation shared with them. What the observer recorded of their
// reflection at the feedback conversation is the observer's: shown read-only and credited, never
// in the practitioner's box. The practitioner writes their own response in a field of its own.
// Sections with no graded answer to show are left out, not drawn as empty headings.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { Template } from '../../../schemas/entities/template';
import { cpConferenceChairingV1 } from '../../../schemas/templates/cp-conference-chairing';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { lacReviewChairingV2 } from '../../../schemas/templates/lac-review-chairing';
import { getRecord } from '../../db';
import { OWNER } from '../../../tests/helpers/db-fixtures';
import { receiveSubmitted } from '../../../tests/helpers/submitted-on-tablet';
import { showPage } from '../../../tests/helpers/show-page';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { ReflectionPage } from './reflection-page';

const ID = 'obs-reflect-0001';
const TEAM = 'scope-practice-group-a';
const ME = 'user-alex-0001';
let fx: ServicesFixture | undefined;
beforeEach(() => {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

/** An observation of the practitioner, shared with them, as the server sent it to their tablet. */
async function shared(
  template: Template = frontlinePracticeV1,
  extra: Record<string, string> = {},
) {
  fx = await servicesFixture({ online: false });
  fx.services.user = { ...fx.services.user, id: ME, role: 'practitioner', displayName: 'Alex' };
  await receiveSubmitted(fx.store, {
    id: ID,
    scopeId: TEAM,
    template,
    fields: {
      sharedWithPractitioner: true,
      'context.observedUserId': ME,
      'context.observedName': 'Alex Jones',
      'summary.reflection': 'They said the visit felt rushed.',
      ...extra,
    },
    people: [
      { id: OWNER, displayName: 'Sam Patel', role: 'observer', scopeIds: [TEAM] },
      { id: ME, displayName: 'Alex Jones', role: 'practitioner', scopeIds: [TEAM] },
    ],
  });
  showPage(fx, <ReflectionPage id={ID} />);
  return fx;
}

const saved = async (f: ServicesFixture) =>
  (await getRecord(f.store.db, f.store.cipher, ID))!.fields;

test('the observer’s record of their reflection is read-only and credited; their response has its own box', async () => {
  const f = await shared();
  const card = (await screen.findByText('The observer’s record of your reflection')).closest(
    '.govuk-summary-card',
  ) as HTMLElement;
  expect(within(card).getByText('They said the visit felt rushed.')).toBeTruthy();
  await within(card).findByText('Recorded by the observer, Sam Patel');
  const box = screen.getByLabelText('Your response') as HTMLTextAreaElement;
  expect(box.value).toBe('');
  fireEvent.input(box, { target: { value: 'It did feel rushed; I will plan more time.' } });
  fireEvent.blur(box);
  await waitFor(async () =>
    expect(await saved(f)).toMatchObject({
      practitionerResponse: 'It did feel rushed; I will plan more time.',
      'summary.reflection': 'They said the visit felt rushed.',
    }),
  );
});

test('a response already written is in the box, and the observer’s record stays beside it', async () => {
  await shared(frontlinePracticeV1, { practitionerResponse: 'My own words.' });
  const box = (await screen.findByLabelText('Your response')) as HTMLTextAreaElement;
  expect(box.value).toBe('My own words.');
  expect(screen.getByText('They said the visit felt rushed.')).toBeTruthy();
});

test.each([
  ['an IRO’s review', lacReviewChairingV2, ['About the review', 'The child’s participation']],
  [
    'a conference chair’s',
    cpConferenceChairingV1,
    ['About the conference', 'Preparation', 'Decision'],
  ],
])('%s copy leaves out sections with no graded answer to show', async (_, template, empty) => {
  await shared(template);
  await screen.findByRole('heading', { name: 'Your observation' });
  const headings = screen.getAllByRole('heading').map((h) => h.textContent);
  for (const title of empty) expect(headings, title).not.toContain(title);
  // A section with graded answers is still there.
  const graded = template.sections.find((s) => s.items.some((i) => i.response.type === 'grade4'));
  expect(headings).toContain(graded!.title);
});
