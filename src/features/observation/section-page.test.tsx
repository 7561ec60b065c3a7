// The due date a checklist page shows beside a meeting's dates follows the report: an observation
// once submitted is judged by the timescales in force then, as the server stamped them
// (`submittedTimescales`), whatever the authority's settings are now; a draft, or a record pulled
// before the stamp, by the settings now. The authority here has since set a first review
// conference within 90 days; the conference of 10 July 2026 followed an initial one of 10 April.
import { cleanup, render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { DEFAULT_LOCAL_SETTINGS } from '../../../schemas/entities/local-settings';
import { latestTemplate } from '../../../schemas/templates/catalogue';
import { timescalesStamp } from '../../../schemas/timescales';
import { applyPullPage } from '../../db';
import { OWNER, pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { SectionPage } from './section-page';

const ID = 'obs-review-0001';
const NINETY_DAYS = { 'first-review-conference': { unit: 'calendar-days', amount: 90 } } as const;

let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

async function showReview(fields: Record<string, FieldValue>) {
  const template = latestTemplate('cp-conference-chairing')!;
  fx = await servicesFixture({ settings: { ...DEFAULT_LOCAL_SETTINGS, timescales: NINETY_DAYS } });
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: ID,
          ownerId: OWNER,
          fields: {
            kind: template.kind,
            templateId: template.id,
            templateVersion: template.version,
            'context.date': '2026-07-10',
            'responses.conference-type.value': 'review',
            'responses.initial-conference-date.value': '2026-04-10',
            ...fields,
          },
        }),
      ],
    }),
  );
  const f = fx;
  render(
    <f.Wrapper>
      <LocationProvider>
        <SectionPage id={ID} sectionId="about-the-conference" />
      </LocationProvider>
    </f.Wrapper>,
  );
}

const note = async () =>
  (await screen.findAllByText(/^Due by /, { selector: '[data-testid="timeliness"] p' })).map(
    (p) => p.textContent,
  );

test('returned after a submission under 3 months: judged by the stamp, in time', async () => {
  await showReview({
    status: 'returned',
    submittedAt: '2026-07-11T09:00:00.000Z',
    submittedTimescales: timescalesStamp({}),
  });
  expect(await note()).toEqual([
    'Due by 10 July 2026. The conference observed on 10 July 2026 was in time.',
  ]);
});

test('submitted under 90 days: judged by the stamp, a day late', async () => {
  await showReview({
    status: 'returned',
    submittedAt: '2026-07-11T09:00:00.000Z',
    submittedTimescales: timescalesStamp(NINETY_DAYS),
  });
  expect(await note()).toEqual([
    'LateDue by 9 July 2026. The conference observed on 10 July 2026 was 1 day late.',
  ]);
});

test('a draft, with no stamp: judged by the settings now', async () => {
  await showReview({ status: 'draft' });
  expect(await note()).toEqual([
    'LateDue by 9 July 2026. The conference observed on 10 July 2026 was 1 day late.',
  ]);
});
