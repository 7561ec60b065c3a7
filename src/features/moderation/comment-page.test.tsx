// A moderator who disagrees may give a grade of their own; the observer's own grade among them
// says that giving it counts as agreeing (schemas/rules/moderation-agreement.ts).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { saveFields } from '../../db';
import { completeFields } from '../../../tests/helpers/submittable';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { CommentPage } from './comment-page';
import { OVERALL } from './judgements';

const ID = 'obs-comment-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

test('disagreeing: the observer’s own grade is offered with a hint that it counts as agreeing', async () => {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'qa-lead' };
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      ...completeFields(frontlinePracticeV1),
      status: 'submitted',
      'summary.overallGrade': 'good',
    },
  });
  render(
    <fx.Wrapper>
      <LocationProvider>
        <CommentPage id={ID} itemId={OVERALL} />
      </LocationProvider>
    </fx.Wrapper>,
  );
  fireEvent.click(await screen.findByLabelText('No, I disagree'));
  const grades = screen.getByRole('group', { name: 'What grade would you give? (optional)' });
  const good = within(grades).getByLabelText('Good');
  expect(good.getAttribute('aria-describedby')).toBeTruthy();
  expect(document.getElementById(good.getAttribute('aria-describedby')!)?.textContent).toBe(
    'The observer’s grade: giving it counts as agreeing with them',
  );
  expect(within(grades).getByLabelText('Inadequate').getAttribute('aria-describedby')).toBeNull();
});
