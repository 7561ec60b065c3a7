import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { freshStore, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { applyPullPage } from './apply-pull';
import { saveFields } from './local-edits';
import { getRecord } from './read-records';
import { readScratch, readSealed, writeScratch, writeSealed } from './session-store';
import { removeStaleRecords } from './stale';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const OLD = '2026-01-01T09:00:00.000Z';
const NOW = new Date('2026-05-01T09:00:00.000Z');
const CUTOFF = new Date(NOW.getTime() - 30 * 86_400_000);

describe('removing stale records from the tablet', () => {
  test('old, synced, submitted observations go with their children; drafts, recent and unsent ones stay', async () => {
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: 'old-submitted-0001',
            fields: { status: 'submitted', kind: 'frontline-practice' },
            updatedAt: OLD,
          }),
          serverRecord({
            id: 'old-child-000001',
            type: 'action',
            parentId: 'old-submitted-0001',
            fields: { what: 'x' },
            updatedAt: OLD,
          }),
          serverRecord({ id: 'old-draft-000001', fields: { status: 'draft' }, updatedAt: OLD }),
          serverRecord({
            id: 'new-submitted-01',
            fields: { status: 'submitted' },
            updatedAt: '2026-04-30T09:00:00.000Z',
          }),
          serverRecord({ id: 'old-busy-0000001', fields: { status: 'moderated' }, updatedAt: OLD }),
        ],
      }),
      { at: NOW },
    );
    // An edit waiting to be sent keeps that record here, however old it was.
    await saveFields(store.db, store.cipher, {
      recordId: 'busy-child-00001',
      type: 'action',
      parentId: 'old-busy-0000001',
      changes: { what: 'not sent yet' },
    });
    const removed = await removeStaleRecords(store.db, store.cipher, CUTOFF);
    expect(removed).toEqual({ observations: 1, children: 1, concerns: 0, assignments: 0 });
    expect(await getRecord(store.db, store.cipher, 'old-submitted-0001')).toBeUndefined();
    expect(await getRecord(store.db, store.cipher, 'old-child-000001')).toBeUndefined();
    expect(await store.db.listing.get('old-submitted-0001')).toBeUndefined();
    for (const kept of ['old-draft-000001', 'new-submitted-01', 'old-busy-0000001']) {
      expect(await getRecord(store.db, store.cipher, kept)).toBeDefined();
    }
  });

  test('acknowledged safety concerns and finished assignments go too; open ones and recent ones stay', async () => {
    const concern = (id: string, fields: Record<string, string>, updatedAt = OLD) =>
      serverRecord({
        id,
        type: 'safety-concern',
        fields: { caseId: 'ST-1001', what: 'x', raisedAt: OLD, ...fields },
        updatedAt,
      });
    const assignment = (id: string, fields: Record<string, string>, updatedAt = OLD) =>
      serverRecord({
        id,
        type: 'assignment',
        fields: { kind: 'frontline-practice', dueDate: '2026-01-31', ...fields },
        updatedAt,
      });
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          concern('old-acked-concern1', { acknowledgedAt: OLD }),
          concern('old-open-concern01', {}),
          concern('new-acked-concern1', { acknowledgedAt: OLD }, '2026-04-30T09:00:00.000Z'),
          assignment('old-done-assign001', { completedAt: OLD }),
          assignment('old-exempt-assign1', { 'exemption.grantedAt': OLD }),
          assignment('old-open-assign001', {}),
        ],
      }),
      { at: NOW },
    );
    // The observer ticks off a part of an old open assignment: waiting to send, it stays.
    await saveFields(store.db, store.cipher, {
      recordId: 'old-done-assign001',
      type: 'assignment',
      changes: { 'parts.case-file-audit': '2026-04-30' },
    });
    const removed = await removeStaleRecords(store.db, store.cipher, CUTOFF);
    expect(removed).toEqual({ observations: 0, children: 0, concerns: 1, assignments: 1 });
    for (const gone of ['old-acked-concern1', 'old-exempt-assign1'])
      expect(await getRecord(store.db, store.cipher, gone)).toBeUndefined();
    for (const kept of [
      'old-open-concern01',
      'new-acked-concern1',
      'old-done-assign001',
      'old-open-assign001',
    ])
      expect(await getRecord(store.db, store.cipher, kept)).toBeDefined();
  });

  test('a record with a refused change or an unsettled conflict stays, as does the observation of such a child', async () => {
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: 'old-refused-obs01',
            fields: { status: 'submitted' },
            updatedAt: OLD,
          }),
          serverRecord({
            id: 'old-parent-obs001',
            fields: { status: 'submitted' },
            updatedAt: OLD,
          }),
          serverRecord({
            id: 'old-refused-child',
            type: 'action',
            parentId: 'old-parent-obs001',
            fields: { what: 'x' },
            updatedAt: OLD,
          }),
          serverRecord({
            id: 'old-conflict-obs1',
            fields: { status: 'submitted' },
            updatedAt: OLD,
            conflicts: [
              {
                id: 'conflict-0001-aaaa',
                path: 'summary.strengths',
                kind: 'text',
                current: 'theirs',
                incoming: 'mine',
                deviceId: 'device-other-0001',
                userId: 'user-observer-0001',
                at: OLD,
              },
            ],
          }),
        ],
      }),
      { at: NOW },
    );
    for (const [id, recordId] of [
      [1, 'old-refused-obs01'],
      [2, 'old-refused-child'],
    ] as const)
      await store.db.rejections.put({ id, recordId, at: OLD, blob: new Uint8Array(1) });
    const removed = await removeStaleRecords(store.db, store.cipher, CUTOFF);
    expect(removed).toEqual({ observations: 0, children: 0, concerns: 0, assignments: 0 });
    for (const kept of [
      'old-refused-obs01',
      'old-parent-obs001',
      'old-refused-child',
      'old-conflict-obs1',
    ])
      expect(await getRecord(store.db, store.cipher, kept)).toBeDefined();
  });

  test('a record with work under way on the tablet stays, with that work: an amendment, a comment, values not valid yet, a form draft', async () => {
    const old = (id: string, fields: Record<string, string> = { status: 'submitted' }) =>
      serverRecord({ id, fields, updatedAt: OLD });
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          old('old-amending-0001'),
          old('old-commented-001', { status: 'moderated' }),
          old('old-half-typed-01'),
          old('old-reason-typed1'),
          old('old-parent-obs002'),
          serverRecord({
            id: 'old-half-child01',
            type: 'action',
            parentId: 'old-parent-obs002',
            fields: { what: 'x' },
            updatedAt: OLD,
          }),
          // Its draft was emptied: nothing is under way, so it goes.
          old('old-emptied-00001'),
          // An id that only begins like another's is not the one commented on.
          old('old-commented-00'),
        ],
      }),
      { at: NOW },
    );
    const { db, cipher } = store;
    const amendment = { reason: 'The case ID was mistyped', before: {}, startedAt: OLD };
    await writeSealed(db, cipher, 'scratch:amend:old-amending-0001', amendment);
    await writeScratch(db, cipher, 'moderation-old-commented-001-purpose', 'reason', 'Agreed');
    await writeScratch(db, cipher, 'old-half-typed-01', 'context.caseId', 'AB-');
    await writeSealed(db, cipher, 'scratch:form:amend-reason:old-reason-typed1', 'Because');
    await writeScratch(db, cipher, 'old-half-child01', 'dueDate', '2026-0');
    await writeScratch(db, cipher, 'old-emptied-00001', 'context.caseId', 'AB-');
    await writeScratch(db, cipher, 'old-emptied-00001', 'context.caseId', null);
    await writeSealed(db, cipher, 'scratch:form:concern:old-emptied-00001', {});

    const removed = await removeStaleRecords(db, cipher, CUTOFF);
    expect(removed).toEqual({ observations: 2, children: 0, concerns: 0, assignments: 0 });
    for (const gone of ['old-emptied-00001', 'old-commented-00'])
      expect(await getRecord(db, cipher, gone), gone).toBeUndefined();
    for (const kept of [
      'old-amending-0001',
      'old-commented-001',
      'old-half-typed-01',
      'old-reason-typed1',
      'old-parent-obs002',
      'old-half-child01',
    ])
      expect(await getRecord(db, cipher, kept), kept).toBeDefined();
    expect(await readSealed(db, cipher, 'scratch:amend:old-amending-0001')).toEqual(amendment);
    expect(await readScratch(db, cipher, 'moderation-old-commented-001-purpose')).toEqual({
      reason: 'Agreed',
    });
    expect(await readScratch(db, cipher, 'old-half-typed-01')).toEqual({
      'context.caseId': 'AB-',
    });
    expect(await readScratch(db, cipher, 'old-half-child01')).toEqual({ dueDate: '2026-0' });
  });
});
