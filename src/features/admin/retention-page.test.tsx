// The records past their retention period name their team and who wrote them, beside the record's
// id: an administrator cannot choose what to export or delete from ids alone (found by an
// exploratory tester).
import { cleanup, render, screen, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { DueRecord } from '../../../schemas/admin/retention';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { answerRequests } from '../../../tests/helpers/server-answers';
import { RetentionPage } from './retention-page';

const GROUP = { id: 'scope-cin-2', name: 'CIN team 2', kind: 'practice-group', parentId: null };
const SAM = {
  id: 'user-sam',
  email: 'sam@example.org',
  displayName: 'Sam Patel',
  role: 'observer',
  status: 'active',
  lockedUntil: null,
  createdAt: '2026-01-05T09:00:00.000Z',
  scopes: [],
};
const due = (recordId: string, scopeId: string, ownerId: string): DueRecord => ({
  recordId,
  kind: 'frontline-practice',
  scopeId,
  ownerId,
  lastActivityAt: '2019-03-01T10:00:00.000Z',
  dueSince: '2026-03-01T10:00:00.000Z',
  childRows: 0,
  deleted: false,
});

const PERIODS = {
  'cp-conference-chairing': null,
  'lac-review-chairing': null,
  'frontline-practice': 2555,
  'family-feedback-call': null,
  'single-case-audit': null,
  'safety-concern': null,
};

let fx: ServicesFixture | undefined;
beforeEach(() => {
  answerRequests(({ path }) => {
    if (path === '/api/admin/scopes') return { scopes: [GROUP] };
    if (path === '/api/admin/users') return { users: [SAM] };
    if (path === '/api/admin/retention/due')
      return {
        records: [
          due('obs-0001-aaaa', GROUP.id, SAM.id),
          due('obs-0002-bbbb', 'scope-gone', 'user-gone'),
        ],
        periods: PERIODS,
      };
    if (path === '/api/admin/retention/policy') return { periods: PERIODS };
    return {};
  });
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

test('each record past its period names its team and who wrote it, beside its id', async () => {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'admin' };
  render(
    <fx.Wrapper>
      <LocationProvider>
        <RetentionPage />
      </LocationProvider>
    </fx.Wrapper>,
  );
  const table = await screen.findByRole('table', { name: 'Past their retention period' });
  const named = (await within(table).findByText('obs-0001-aaaa')).closest('tr')!;
  await within(named).findByText('CIN team 2');
  expect(within(named).getByText('By Sam Patel')).toBeTruthy();
  const gone = within(table).getByText('obs-0002-bbbb').closest('tr')!;
  expect(within(gone).getByText('A team no longer listed')).toBeTruthy();
  expect(within(gone).getByText('By someone no longer listed')).toBeTruthy();
});
