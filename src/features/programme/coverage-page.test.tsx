import { render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test, vi } from 'vitest';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { answerRequests } from '../../../tests/helpers/server-answers';
import { CoveragePage } from './coverage-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const planned = (id: string, kind: string, dueDate: string) => ({
  id,
  scopeId: 'scope-practice-group-a',
  kind,
  observerUserId: 'user-robin-0001',
  observerName: 'Robin Shah',
  observedUserId: 'user-pat-0001',
  observedName: 'Pat Practitioner',
  dueDate,
  state: 'due',
});

// Two assignments observing one person had links read alike ("Change Pat Practitioner") to a
// screen reader listing the links: each now says which assignment it changes.
test('each assignment’s links say which assignment they are for', async () => {
  answerRequests(() => ({
    from: '2099-04-01',
    to: '2100-03-31',
    by: 'practice-group',
    today: '2099-05-01',
    rows: [],
    assignments: [
      planned('assign-cov-0001', 'frontline-practice', '2099-06-30'),
      planned('assign-cov-0002', 'frontline-practice', '2099-09-30'),
    ],
    notObservedThisYear: [],
  }));
  fx = await servicesFixture({
    user: {
      id: 'user-qa-lead-0001',
      email: 'qa@example.org',
      displayName: 'Quality Lead',
      role: 'qa-lead',
      scopes: [
        {
          id: 'scope-practice-group-a',
          name: 'CIN team 2',
          kind: 'practice-group',
          parentId: 'scope-service-0001',
        },
      ],
    },
  });
  const f = fx;
  render(
    <f.Wrapper>
      <LocationProvider>
        <CoveragePage />
      </LocationProvider>
    </f.Wrapper>,
  );
  const links = await screen.findAllByRole('link', { name: /^Change / });
  expect(links.map((l) => l.textContent)).toEqual([
    'Change Pat Practitioner: frontline practice observation, due 30 June 2099',
    'Change Pat Practitioner: frontline practice observation, due 30 September 2099',
  ]);
});
