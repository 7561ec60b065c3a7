import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import type { SyncRecord } from '../../../schemas/sync/records';
import { applyPullPage, getRecord } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { showPage } from '../../../tests/helpers/show-page';
import { AssignmentPage } from './assignment-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

const assignment = (id: string, fields: Record<string, string>): SyncRecord =>
  serverRecord({
    id,
    type: 'assignment',
    ownerId: 'user-qa-lead-0001',
    fields: {
      observerUserId: 'user-observer-0001',
      teamName: 'CIN team 2',
      dueDate: '2099-01-31',
      ...fields,
    },
  });

/** Every part of a monthly audit ticked, on the days it was done. */
const EVERY_PART = {
  'parts.case-file-audit': '2026-05-02',
  'parts.family-call': '2026-05-03',
  'parts.reflection': '2026-05-04',
  'parts.improvement-plan': '2026-05-05',
};

/** An observation started from an assignment, as the tablet holds it. */
const observation = (id: string, assignmentId: string, status: string): SyncRecord => ({
  ...assignment(id, {}),
  type: 'observation',
  ownerId: 'user-observer-0001',
  fields: {
    kind: 'frontline-practice',
    templateId: 'frontline-practice',
    templateVersion: 1,
    status,
    'context.assignmentId': assignmentId,
  },
});

async function open(record: SyncRecord, ...others: SyncRecord[]) {
  fx = await servicesFixture();
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({ records: [record, ...others], serverTime: new Date().toISOString() }),
  );
  return showPage(fx, <AssignmentPage id={record.id} />);
}

/** The observation that pressing Start the observation on assignment `id` made. */
async function startedFrom(id: string) {
  const f = fx!;
  await waitFor(async () =>
    expect((await getRecord(f.store.db, f.store.cipher, id))?.fields['observationId']).toBeTypeOf(
      'string',
    ),
  );
  const started = await getRecord(f.store.db, f.store.cipher, id);
  return getRecord(f.store.db, f.store.cipher, String(started!.fields['observationId']));
}

describe('an assignment', () => {
  test('a monthly audit names its month and its due date in words', async () => {
    await open(
      assignment('assign-month-01', {
        kind: 'single-case-audit',
        caseId: 'AB-3203',
        month: '2026-10',
        dueDate: '2026-10-30',
      }),
    );
    const month = await screen.findByText('Month');
    expect(month.nextElementSibling?.textContent).toBe('October 2026');
    expect(screen.getByText('Due by').nextElementSibling?.textContent).toBe('30 October 2026');
  });

  // Done late is judged by the London day it was done; the page showed UTC's, a day early for
  // anything done between midnight and 1am in summer.
  test('done and exempted on the London day, in words', async () => {
    await open(
      assignment('assign-day-01', {
        kind: 'single-case-audit',
        caseId: 'AB-3204',
        completedAt: '2026-06-30T23:30:00.000Z',
        'exemption.reason': 'leave',
        'exemption.grantedAt': '2026-07-31T23:15:00.000Z',
      }),
    );
    const done = await screen.findByText('Done on');
    expect(done.nextElementSibling?.textContent).toBe('1 July 2026');
    const exempted = screen.getAllByText('Exempted').find((e) => e.tagName === 'DT');
    expect(exempted?.nextElementSibling?.textContent).toMatch(/, on 1 August 2026$/);
  });

  test('the title begins “Error:” while the error summary shows', async () => {
    await open(assignment('assign-title-01', { kind: 'single-case-audit', caseId: 'AB-3201' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as done' }));
    await screen.findByRole('link', { name: /Tick every part before marking the audit done/ });
    await expect.poll(() => document.title).toBe('Error: Assignment – Practice observations');
  });

  test('Mark as done hands the keyboard to a confirmation, not the top of the page', async () => {
    await open(
      assignment('assign-done-001', {
        kind: 'single-case-audit',
        caseId: 'AB-3202',
        observationId: 'obs-audit-0001',
        familyCallId: 'obs-call-00001',
        ...EVERY_PART,
      }),
      observation('obs-audit-0001', 'assign-done-001', 'submitted'),
      observation('obs-call-00001', 'assign-done-001', 'submitted'),
    );
    const button = await screen.findByRole('button', { name: 'Mark as done' });
    button.focus();
    fireEvent.click(button);
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('You marked this audit as done.');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Mark as done' })).toBeNull());
    expect(document.activeElement).toBe(banner);
    expect(banner.getAttribute('tabindex')).toBe('-1');
    expect(
      (await getRecord(fx!.store.db, fx!.store.cipher, 'assign-done-001'))!.fields['completedAt'],
    ).toBeTruthy();
  });

  test('an audit with every part ticked but its record a draft says to submit it first', async () => {
    await open(
      assignment('assign-done-002', {
        kind: 'single-case-audit',
        caseId: 'AB-3205',
        observationId: 'obs-audit-0002',
        ...EVERY_PART,
      }),
      observation('obs-audit-0002', 'assign-done-002', 'draft'),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as done' }));
    const link = await screen.findByRole('link', { name: /submit the audit first/ });
    expect(link.getAttribute('href')).toBe('#audit-records');
    expect(
      (await getRecord(fx!.store.db, fx!.store.cipher, 'assign-done-002'))!.fields['completedAt'],
    ).toBeUndefined();
  });

  // QAF 2d: the auditor makes telephone contact with the family. The questionnaire's "No" with a
  // reason explains a call that got nowhere; it is no call, and exempts nothing.
  test('an audit with no family feedback call recorded is not done: the error is beside its part', async () => {
    await open(
      assignment('assign-call-001', {
        kind: 'single-case-audit',
        caseId: 'AB-3206',
        observationId: 'obs-audit-0003',
        ...EVERY_PART,
      }),
      observation('obs-audit-0003', 'assign-call-001', 'submitted'),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as done' }));
    const link = await screen.findByRole('link', { name: /Record the family feedback call/ });
    expect(link.getAttribute('href')).toBe('#parts-2');
    expect(document.getElementById('parts-2')).toHaveProperty('name', 'parts');
    const beside = document.querySelector('#parts-error');
    expect(beside?.textContent).toContain('We could not reach them');
    expect(
      (await getRecord(fx!.store.db, fx!.store.cipher, 'assign-call-001'))!.fields['completedAt'],
    ).toBeUndefined();
  });

  test('the family feedback call part cannot be ticked before a call is recorded', async () => {
    await open(
      assignment('assign-call-002', {
        kind: 'single-case-audit',
        caseId: 'AB-3207',
        observationId: 'obs-audit-0004',
      }),
      observation('obs-audit-0004', 'assign-call-002', 'draft'),
    );
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Family feedback call' }));
    await screen.findByRole('link', { name: /Record the family feedback call/ });
    expect(document.querySelector('#parts-error')?.textContent).toContain(
      'Record the family feedback call',
    );
    expect(screen.getByRole('checkbox', { name: 'Family feedback call' })).toHaveProperty(
      'checked',
      false,
    );
    expect(
      (await getRecord(fx!.store.db, fx!.store.cipher, 'assign-call-002'))!.fields[
        'parts.family-call'
      ],
    ).toBeUndefined();
    // Another part ticked meanwhile is saved, and the error, about something else, goes.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Case file audit' }));
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: /Record the family feedback call/ })).toBeNull(),
    );
  });

  test('the error to tick every part goes once the parts are ticked', async () => {
    await open(
      assignment('assign-tick-001', {
        kind: 'single-case-audit',
        caseId: 'AB-3208',
        observationId: 'obs-audit-0005',
        familyCallId: 'obs-call-00005',
        'parts.case-file-audit': '2026-05-02',
        'parts.family-call': '2026-05-03',
        'parts.reflection': '2026-05-04',
      }),
      observation('obs-audit-0005', 'assign-tick-001', 'draft'),
      observation('obs-call-00005', 'assign-tick-001', 'draft'),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as done' }));
    await screen.findByRole('link', { name: /Tick every part before marking the audit done/ });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Improvement plan' }));
    await waitFor(() => expect(screen.queryByText(/Tick every part/)).toBeNull());
    await expect.poll(() => document.title).toBe('Assignment – Practice observations');
  });

  test('an audit whose records are both submitted offers to view them, not continue them', async () => {
    await open(
      assignment('assign-view-001', {
        kind: 'single-case-audit',
        caseId: 'AB-3209',
        observationId: 'obs-audit-0006',
        familyCallId: 'obs-call-00006',
      }),
      observation('obs-audit-0006', 'assign-view-001', 'submitted'),
      observation('obs-call-00006', 'assign-view-001', 'submitted'),
    );
    await screen.findByRole('button', { name: 'View the audit' });
    screen.getByRole('button', { name: 'View the family feedback call' });
    expect(screen.queryByText(/^Continue the/)).toBeNull();
    // Still open: the parts and Mark as done stay.
    screen.getByRole('button', { name: 'Mark as done' });
  });

  test('an observation assignment not started offers no Mark as done: it says to start the observation', async () => {
    await open(assignment('assign-obs-0001', { kind: 'frontline-practice', caseId: 'AB-3206' }));
    await screen.findByRole('button', { name: 'Start the observation' });
    expect(screen.queryByRole('button', { name: 'Mark as done' })).toBeNull();
    expect(
      screen.getByText(
        'This assignment is done when you submit its observation. Start the observation, then submit it.',
      ),
    ).toBeTruthy();
  });

  test('an observation assignment with its observation in draft says to finish and submit it', async () => {
    await open(
      assignment('assign-obs-0002', {
        kind: 'frontline-practice',
        caseId: 'AB-3207',
        observationId: 'obs-draft-0002',
      }),
      observation('obs-draft-0002', 'assign-obs-0002', 'draft'),
    );
    await screen.findByText('Continue the observation');
    expect(screen.queryByRole('button', { name: 'Mark as done' })).toBeNull();
    expect(
      screen.getByText(
        'This assignment is done when you submit its observation. Continue the observation and submit it.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('Status').nextElementSibling?.textContent).toBe('Due');
  });

  test('an observation assignment whose draft was deleted may be started again', async () => {
    await open(
      assignment('assign-obs-0005', {
        kind: 'frontline-practice',
        caseId: 'AB-3210',
        observationId: 'obs-gone-0005',
      }),
      { ...observation('obs-gone-0005', 'assign-obs-0005', 'draft'), deleted: true },
    );
    await screen.findByRole('button', { name: 'Start the observation' });
    expect(screen.queryByText('Continue the observation')).toBeNull();
    expect(screen.getByText('Status').nextElementSibling?.textContent).toBe('Due');
  });

  test('an observation assignment whose draft is no longer on this tablet at all may be started again', async () => {
    await open(
      assignment('assign-obs-0006', {
        kind: 'frontline-practice',
        caseId: 'AB-3211',
        observationId: 'obs-gone-0006',
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Start the observation' }));
    await waitFor(async () =>
      expect(
        (await getRecord(fx!.store.db, fx!.store.cipher, 'assign-obs-0006'))!.fields[
          'observationId'
        ],
      ).not.toBe('obs-gone-0006'),
    );
  });

  test('an observation assignment is done once its observation is submitted here, before any sync', async () => {
    await open(
      assignment('assign-obs-0003', {
        kind: 'frontline-practice',
        caseId: 'AB-3208',
        observationId: 'obs-sent-0003',
      }),
      observation('obs-sent-0003', 'assign-obs-0003', 'submitted'),
    );
    await screen.findByText('View the observation');
    expect(screen.getByText('Status').nextElementSibling?.textContent).toBe('Done');
    expect(screen.queryByRole('button', { name: 'Mark as done' })).toBeNull();
    expect(screen.queryByText(/This assignment is done when you submit/)).toBeNull();
  });

  // The meeting planned is the kind of meeting to observe, not where it is held.
  test('starting a conference observation answers its type from the meeting planned, and leaves where it took place empty', async () => {
    await open(
      assignment('assign-meet-001', {
        kind: 'cp-conference-chairing',
        observedName: 'Cat Chair',
        meeting: 'Initial child protection conference',
      }),
    );
    // Beside the person observed, the page still says which meeting.
    const meeting = await screen.findByText('Meeting');
    expect(meeting.nextElementSibling?.textContent).toBe('Initial child protection conference');
    fireEvent.click(await screen.findByRole('button', { name: 'Start the observation' }));
    const obs = await startedFrom('assign-meet-001');
    expect(obs?.fields['responses.conference-type.value']).toBe('initial');
    expect(obs?.fields['context.setting']).toBeUndefined();
    expect(obs?.fields['context.observedName']).toBe('Cat Chair');
  });

  test('a meeting planned in words that name no type of conference leaves the type unanswered', async () => {
    await open(
      assignment('assign-meet-002', {
        kind: 'cp-conference-chairing',
        meeting: 'Child protection conference for the Ahmed family',
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Start the observation' }));
    const obs = await startedFrom('assign-meet-002');
    expect(obs?.fields['responses.conference-type.value']).toBeUndefined();
    expect(obs?.fields['context.setting']).toBeUndefined();
  });

  // The row named the case twice ("Case | Case AU-0003"), and a done audit's button called it an
  // observation.
  test('a done audit names its case ID once and is viewed as the audit', async () => {
    await open(
      assignment('assign-view-001', {
        kind: 'single-case-audit',
        caseId: 'AU-0003',
        observationId: 'obs-audit-0003',
        completedAt: '2026-05-06T10:00:00.000Z',
      }),
      observation('obs-audit-0003', 'assign-view-001', 'submitted'),
    );
    await screen.findByRole('button', { name: 'View the audit' });
    expect(screen.getByText('Case ID').nextElementSibling?.textContent).toBe('AU-0003');
    expect(screen.queryByText('View the observation')).toBeNull();
  });

  test('a done audit whose records were deleted under retention says so, and links to none of them', async () => {
    const done = assignment('assign-gone-001', {
      kind: 'single-case-audit',
      completedAt: '2026-05-06T10:00:00.000Z',
      ...EVERY_PART,
      retentionDeletedAt: '2026-11-30T10:00:00.000Z',
    });
    await open(
      {
        ...done,
        fields: { ...done.fields, caseId: null, observationId: null, familyCallId: null },
      },
      {
        ...observation('obs-audit-0007', 'assign-gone-001', 'submitted'),
        deleted: true,
        fields: {},
      },
    );
    await screen.findByText(
      'The audit’s records were deleted under the retention schedule on 30 November 2026.',
    );
    expect(screen.getByText('Status').nextElementSibling?.textContent).toBe('Done');
    expect(screen.queryByText('Case ID')).toBeNull();
    expect(screen.queryByText(/^View the/)).toBeNull();
    expect(screen.queryByRole('button', { name: /Start/ })).toBeNull();
  });

  test('a done audit whose records are deleted here, or not here at all, offers no link to them', async () => {
    await open(
      assignment('assign-gone-002', {
        kind: 'single-case-audit',
        caseId: 'AU-0008',
        observationId: 'obs-audit-0008',
        familyCallId: 'obs-call-0008',
        completedAt: '2026-05-06T10:00:00.000Z',
        ...EVERY_PART,
      }),
      {
        ...observation('obs-audit-0008', 'assign-gone-002', 'submitted'),
        deleted: true,
        fields: {},
      },
    );
    await screen.findByText('Done on');
    expect(screen.queryByText(/^View the/)).toBeNull();
    expect(screen.queryByRole('button', { name: /Start/ })).toBeNull();
  });
});
