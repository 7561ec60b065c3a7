// Words about consent edited on two devices at once, where the server could not merge them, are
// shown beside the field on the set-up page with "Keep mine" and "Keep theirs": without the panel
// the person's own words would be out of sight, kept only in the record's conflicts.
import { render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { applyPullPage } from '../../db/apply-pull';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { ContextPage } from './context-page';

const ID = 'obs-consent-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

test('a consent note that could not be merged is shown on the set-up page with both versions', async () => {
  fx = await servicesFixture();
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: ID,
          scopeId: 'scope-practice-group-a',
          ownerId: 'user-observer-0001',
          fields: {
            kind: 'frontline-practice',
            templateId: 'frontline-practice',
            templateVersion: 1,
            status: 'draft',
            'context.consent.given': 'yes',
            'context.consent.how': 'Verbally, by the mother',
          },
          conflicts: [
            {
              id: 'conflict-consent-01',
              path: 'context.consent.how',
              kind: 'text',
              current: 'Verbally, by the mother',
              incoming: 'In writing, by both parents',
              deviceId: 'device-elsewhere-01',
              userId: 'user-observer-0001',
              at: '2026-05-01T09:00:00Z',
            },
          ],
        }),
      ],
    }),
  );
  render(
    <fx.Wrapper>
      <LocationProvider>
        <ContextPage id={ID} />
      </LocationProvider>
    </fx.Wrapper>,
  );
  expect((await screen.findByTestId('conflict-theirs')).textContent).toBe(
    'In writing, by both parents',
  );
  expect(screen.getByTestId('conflict-mine').textContent).toBe('Verbally, by the mother');
  expect(screen.getByRole('button', { name: /Keep mine/ })).toBeTruthy();
});
