// An audit takes its family feedback call's summary only as the call holds it: when the summary
// typed last on the call is held back on this tablet (it fails its check), the audit says so and
// does not offer the older summary the call's record still holds as the call's summary.
import { cleanup, render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import { saveFields, writeScratch } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { SectionPage } from './section-page';

const AUDIT = 'obs-audit-0001';
const CALL = 'obs-call-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

async function auditWithCall() {
  fx = await servicesFixture();
  const base = { scopeId: 'scope-practice-group-a', type: 'observation' as const };
  await saveFields(fx.store.db, fx.store.cipher, {
    ...base,
    recordId: AUDIT,
    changes: {
      kind: 'single-case-audit',
      templateId: singleCaseAuditV1.id,
      templateVersion: singleCaseAuditV1.version,
      status: 'draft',
      'context.linkedObservationId': CALL,
    },
  });
  await saveFields(fx.store.db, fx.store.cipher, {
    ...base,
    recordId: CALL,
    changes: {
      kind: 'family-feedback-call',
      templateId: familyFeedbackCallV1.id,
      templateVersion: familyFeedbackCallV1.version,
      status: 'draft',
      'context.linkedObservationId': AUDIT,
      'family.auditorSummary': 'The mother felt listened to.',
    },
  });
  return fx;
}

const show = (f: ServicesFixture) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        <SectionPage id={AUDIT} sectionId="family-feedback" />
      </LocationProvider>
    </f.Wrapper>,
  );

test('the call’s summary is offered to the audit when nothing of it is held back', async () => {
  show(await auditWithCall());
  await screen.findByRole('button', { name: 'Add the call’s summary to this audit' });
});

test('a call summary held back on the call is said, and the older one is not offered', async () => {
  const f = await auditWithCall();
  await writeScratch(f.store.db, f.store.cipher, CALL, 'family.auditorSummary', 'm'.repeat(10_001));
  show(f);
  await screen.findByText(/needs fixing on the call/);
  expect(screen.queryByRole('button', { name: 'Add the call’s summary to this audit' })).toBeNull();
  expect(screen.getByRole('link', { name: 'Open the family feedback call' })).toBeTruthy();
});
