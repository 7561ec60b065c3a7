// An audit takes its family feedback call's summary only as the call holds it: when the summary
// typed last on the call is held back on this tablet (it fails its check), the audit says so and
// does not offer the older summary the call's record still holds as the call's summary.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import { getRecord, saveFields, writeScratch } from '../../db';
import { applyPullPage } from '../../db/apply-pull';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { showPage } from '../../../tests/helpers/show-page';
import { ContextPage } from './context-page';
import { OverviewPage } from './overview-page';
import { SectionPage } from './section-page';

const AUDIT = 'obs-audit-0001';
const CALL = 'obs-call-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

async function auditWithCall() {
  fx = await servicesFixture();
  await saveObservation(
    fx.store,
    AUDIT,
    { status: 'draft', 'context.linkedObservationId': CALL },
    singleCaseAuditV1,
  );
  await saveObservation(
    fx.store,
    CALL,
    {
      status: 'draft',
      'context.linkedObservationId': AUDIT,
      'family.auditorSummary': 'The mother felt listened to.',
    },
    familyFeedbackCallV1,
  );
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

// The audit's family feedback section is open while its call changes: submitted in another window
// of the app, or pulled from the tablet the call was made on. The section follows the call as
// the tablet holds it, without being opened again.
test('a call submitted after the audit’s section was opened is shown as submitted, with its summary', async () => {
  const f = await auditWithCall();
  show(f);
  await screen.findByText('Not submitted yet');
  await saveFields(f.store.db, f.store.cipher, {
    recordId: CALL,
    type: 'observation',
    changes: { status: 'submitted', 'family.auditorSummary': 'Reports arrive late.' },
  });
  await screen.findByText('Submitted');
  await screen.findByText('Reports arrive late.');
  expect(screen.getByRole('button', { name: 'Add the call’s summary to this audit' })).toBeTruthy();
});

test('a call made on another tablet is shown once it is pulled, with its summary', async () => {
  fx = await servicesFixture();
  const f = fx;
  // The audit names no call: the one pulled names the audit.
  await saveObservation(f.store, AUDIT, { status: 'draft' }, singleCaseAuditV1);
  show(f);
  await screen.findByRole('button', { name: 'Start the family feedback call for this audit' });
  const call = serverRecord({
    id: CALL,
    scopeId: 'scope-practice-group-a',
    ownerId: 'user-observer-0001',
    fields: {
      kind: 'family-feedback-call',
      templateId: familyFeedbackCallV1.id,
      templateVersion: familyFeedbackCallV1.version,
      status: 'submitted',
      'context.linkedObservationId': AUDIT,
      'family.auditorSummary': 'The father wants shorter meetings.',
    },
  });
  await applyPullPage(f.store.db, f.store.cipher, pullPage({ records: [call] }));
  await screen.findByText('The father wants shorter meetings.');
  expect(screen.getByText('Submitted')).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Add the call’s summary to this audit' })).toBeTruthy();
});

// Once the audit is submitted its family feedback section is read-only, but the call can still be
// finished after it: the audit's own page shows the call as it stands, in the words of every list.
test('a submitted audit’s page shows its call as it stands now, returned or submitted, with its summary', async () => {
  const f = await auditWithCall();
  await saveFields(f.store.db, f.store.cipher, {
    recordId: AUDIT,
    type: 'observation',
    changes: { status: 'submitted', submittedAt: '2026-06-04T10:00:00.000Z' },
  });
  await saveFields(f.store.db, f.store.cipher, {
    recordId: CALL,
    type: 'observation',
    changes: {
      status: 'returned',
      submittedAt: '2026-06-05T10:00:00.000Z',
      'context.date': '2026-06-05',
    },
  });
  showPage(f, <OverviewPage id={AUDIT} />);
  const heading = await screen.findByRole('heading', { name: 'The family feedback call' });
  const card = heading.closest<HTMLElement>('#family-call')!;
  expect(within(card).getByText('Returned for more evidence')).toBeTruthy();
  expect(within(card).getByText('5 June 2026')).toBeTruthy();
  expect(within(card).getByText('The mother felt listened to.')).toBeTruthy();
  expect(within(card).getByRole('link', { name: 'Open the family feedback call' })).toBeTruthy();
});

// A call that never reached the family has no summary to write: the audit says it could not
// reach them, and after how many attempts, in its section and on its page once submitted.
describe('a call that never reached the family', () => {
  const notReached = async () => {
    const f = await auditWithCall();
    await saveFields(f.store.db, f.store.cipher, {
      recordId: CALL,
      type: 'observation',
      changes: {
        'context.consent.given': 'not-reached',
        'family.auditorSummary': null,
        status: 'submitted',
        submittedAt: '2026-06-05T10:00:00.000Z',
      },
    });
    for (const n of [1, 2, 3])
      await saveFields(f.store.db, f.store.cipher, {
        recordId: `attempt-nr-000${n}`,
        type: 'call-attempt',
        parentId: CALL,
        changes: { observationId: CALL, at: `2026-06-0${n}T09:00:00Z`, outcome: 'no-answer' },
      });
    return f;
  };
  const said = 'The family could not be reached after 3 call attempts';

  test('in the audit’s family feedback section', async () => {
    show(await notReached());
    await screen.findByText(said);
    expect(screen.queryByText('Not written yet')).toBeNull();
  });

  test('on the submitted audit’s page', async () => {
    const f = await notReached();
    await saveFields(f.store.db, f.store.cipher, {
      recordId: AUDIT,
      type: 'observation',
      changes: { status: 'submitted', submittedAt: '2026-06-06T10:00:00.000Z' },
    });
    showPage(f, <OverviewPage id={AUDIT} />);
    const heading = await screen.findByRole('heading', { name: 'The family feedback call' });
    const card = heading.closest<HTMLElement>('#family-call')!;
    await within(card).findByText(said);
    expect(within(card).queryByText('Not written yet')).toBeNull();
  });
});

// A call started from the audit's own section belongs to the audit's programme assignment as one
// recorded from the assignment's page does: it names the assignment (a guest observer's call is
// refused by the server otherwise) and the assignment names it, so the audit is not done while
// the call is a draft and the assignment page does not offer a second call.
test('a call started from the audit is linked to the audit’s assignment both ways', async () => {
  fx = await servicesFixture();
  const f = fx;
  const assignment = serverRecord({
    id: 'assign-audit-0001',
    type: 'assignment',
    scopeId: 'scope-practice-group-a',
    ownerId: 'user-qa-lead-0001',
    fields: {
      kind: 'single-case-audit',
      observerUserId: 'user-observer-0001',
      caseId: 'AB-3301',
      dueDate: '2099-01-31',
      observationId: AUDIT,
    },
  });
  await applyPullPage(f.store.db, f.store.cipher, pullPage({ records: [assignment] }));
  await saveFields(f.store.db, f.store.cipher, {
    scopeId: 'scope-practice-group-a',
    type: 'observation',
    recordId: AUDIT,
    changes: {
      kind: 'single-case-audit',
      templateId: singleCaseAuditV1.id,
      templateVersion: singleCaseAuditV1.version,
      status: 'draft',
      'context.assignmentId': 'assign-audit-0001',
      'context.caseId': 'AB-3301',
    },
  });
  show(f);
  fireEvent.click(
    await screen.findByRole('button', { name: 'Start the family feedback call for this audit' }),
  );
  await waitFor(async () => {
    const plan = await getRecord(f.store.db, f.store.cipher, 'assign-audit-0001');
    expect(plan?.fields['familyCallId']).toBeTruthy();
  });
  const plan = await getRecord(f.store.db, f.store.cipher, 'assign-audit-0001');
  const call = await getRecord(f.store.db, f.store.cipher, String(plan?.fields['familyCallId']));
  expect(call?.fields).toMatchObject({
    kind: 'family-feedback-call',
    'context.assignmentId': 'assign-audit-0001',
    'context.linkedObservationId': AUDIT,
    'context.caseId': 'AB-3301',
  });
});

describe('a call linked to an audit on its set-up page', () => {
  // The audit names its social worker and their account; the call takes them where it has none.
  async function callAndAudit(callFields: Record<string, string> = {}) {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    fx = await servicesFixture({ online: false });
    await saveObservation(
      fx.store,
      AUDIT,
      {
        status: 'draft',
        'context.caseId': 'AB-3301',
        'context.observedName': 'Jo Bloggs',
        'context.observedUserId': 'user-jo-0001',
      },
      singleCaseAuditV1,
    );
    await saveObservation(fx.store, CALL, { status: 'draft', ...callFields }, familyFeedbackCallV1);
    showPage(fx, <ContextPage id={CALL} />);
    return fx;
  }
  const chooseTheAudit = async () => {
    const select = (await screen.findByLabelText(
      'Which audit is this call for?',
    )) as HTMLSelectElement;
    await waitFor(() => expect(select.querySelectorAll('option').length).toBe(2));
    fireEvent.change(select, { target: { value: AUDIT } });
  };
  const callFields = async (f: ServicesFixture) =>
    (await getRecord(f.store.db, f.store.cipher, CALL))!.fields;

  test('with no name typed, takes the audit’s social worker with their account', async () => {
    const f = await callAndAudit();
    await chooseTheAudit();
    await waitFor(async () =>
      expect(await callFields(f)).toMatchObject({
        'context.linkedObservationId': AUDIT,
        'context.caseId': 'AB-3301',
        'context.observedName': 'Jo Bloggs',
        'context.observedUserId': 'user-jo-0001',
      }),
    );
  });

  test('naming someone else, keeps the name and is not linked to the audit’s social worker’s account', async () => {
    const f = await callAndAudit({ 'context.observedName': 'Sam Typed' });
    await chooseTheAudit();
    await waitFor(async () =>
      expect(await callFields(f)).toMatchObject({
        'context.linkedObservationId': AUDIT,
        'context.caseId': 'AB-3301',
      }),
    );
    const fields = await callFields(f);
    expect(fields['context.observedName']).toBe('Sam Typed');
    expect(fields['context.observedUserId']).toBeUndefined();
    expect(screen.queryByText(/Linked to/)).toBeNull();
  });
});
