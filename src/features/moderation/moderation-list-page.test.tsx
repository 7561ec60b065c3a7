// The Moderation list shows the good practice acknowledged on the observations its person can see
// (Southwark QAF 2h asks QA leads to highlight and acknowledge it), newest acknowledgement first,
// read from the tablet's own records so it is there offline.
import { cleanup, render, screen, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import type { FieldMap } from '../../../schemas/sync/records';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import { applyPullPage } from '../../db';
import { OWNER, pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { completeFields } from '../../../tests/helpers/submittable';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { formatDate } from '../../lib/observation-records';
import { ModerationListPage } from './moderation-list-page';

const LEAD = 'user-lead-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

const acknowledged = (what: string, on: string) => ({
  'goodPractice.what': what,
  'goodPractice.note': 'Clear, warm and in the family’s words.',
  'goodPractice.by': LEAD,
  'goodPractice.byName': 'Sam Lead',
  'goodPractice.on': on,
});

/** Observations as the server sent them to the QA lead's tablet. */
async function received(records: { id: string; fields: FieldMap; ownerId?: string }[]) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, id: LEAD, role: 'qa-lead', displayName: 'Sam Lead' };
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: records.map((r) =>
        serverRecord({ id: r.id, ownerId: r.ownerId ?? OWNER, fields: r.fields }),
      ),
    }),
  );
  return fx;
}

const visit = (caseId: string, name: string, extra: FieldMap = {}): FieldMap => ({
  ...completeFields(frontlinePracticeV1),
  'context.caseId': caseId,
  'context.observedName': name,
  status: 'moderated',
  submittedAt: '2026-05-01T09:00:00.000Z',
  ...extra,
});

const show = (f: ServicesFixture) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        {/* As the app shell draws it, in its main landmark (axe: region). */}
        <main id="main-content">
          <ModerationListPage />
        </main>
      </LocationProvider>
    </f.Wrapper>,
  );

test('acknowledged good practice, newest acknowledgement first, each linked to its moderation page, with no axe findings', async () => {
  const f = await received([
    {
      id: 'obs-older',
      fields: visit('AB100', 'Alex Worker', acknowledged('practice', '2026-05-04')),
    },
    {
      id: 'audit-newer',
      fields: {
        ...completeFields(singleCaseAuditV1),
        'context.caseId': 'AB200',
        status: 'closed',
        submittedAt: '2026-05-02T09:00:00.000Z',
        ...acknowledged('record-quality', '2026-05-09'),
      },
    },
    { id: 'obs-plain', fields: visit('AB300', 'Jo Worker') },
  ]);
  show(f);
  const table = (await screen.findByText('Good practice acknowledged (2)')).closest('table')!;
  expect(
    within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent),
  ).toEqual(['Observation', 'Case ID', 'What was acknowledged', 'Acknowledged on']);
  const rows = within(table).getAllByRole('row').slice(1);
  expect(
    rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ),
  ).toEqual([
    [
      // An audit is of a case, not of the social worker whose case it is.
      'Single case audit, social worker Sam Practitioner',
      'AB200',
      'The quality of the audit',
      formatDate('2026-05-09'),
    ],
    [
      'Frontline practice observation of Alex Worker',
      'AB100',
      'The practice observed',
      formatDate('2026-05-04'),
    ],
  ]);
  expect(rows.map((r) => within(r).getByRole('link').getAttribute('href'))).toEqual([
    '/moderation/audit-newer',
    '/moderation/obs-older',
  ]);
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

test('none acknowledged yet says so', async () => {
  const f = await received([{ id: 'obs-plain', fields: visit('AB300', 'Jo Worker') }]);
  show(f);
  await screen.findByRole('heading', { name: 'Good practice acknowledged' });
  expect(screen.getByText('No good practice acknowledged yet.')).toBeTruthy();
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});
