import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  SCOPE,
  freshStore,
  metaValue,
  outboxMutations,
  pullPage,
  serverRecord,
} from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { applyPullPage } from './apply-pull';
import { adoptDeviceRegistration, restartNumberingAt } from './device-registration';
import { saveFields } from './local-edits';
import {
  dismissRejection,
  listRejections,
  pendingMutations,
  recordPushResults,
  unsentSummary,
} from './outbox';
import { getRecord } from './read-records';
import { ownDeviceIds, readSyncState, writeSyncState } from './sync-state';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const A = 'observation-aaaa-0001';
const B = 'observation-bbbb-0002';

const edit = (recordId: string, changes: Record<string, string>, at: string) =>
  saveFields(store.db, store.cipher, {
    recordId,
    type: 'observation',
    scopeId: SCOPE,
    changes,
    at: new Date(at),
  });

const answer = (lastMutationId: number, results: { id: number; rejected?: boolean }[] = []) =>
  recordPushResults(store.db, store.cipher, {
    results: results.map((r) =>
      r.rejected
        ? { id: r.id, status: 'rejected' as const, code: 'INVALID', message: 'Not a valid date.' }
        : { id: r.id, status: 'applied' as const },
    ),
    lastMutationId,
    serverTime: '2026-05-01T12:00:00.000Z',
  });

describe('pendingMutations and unsentSummary', () => {
  test('return the oldest unanswered mutations in id order, up to the limit', async () => {
    expect(await unsentSummary(store.db)).toEqual({ count: 0, oldestAt: null });
    await edit(A, { status: 'draft' }, '2026-05-01T09:00:00Z');
    await edit(B, { status: 'draft' }, '2026-05-01T09:05:00Z');
    await edit(A, { 'summary.strengths': 'x' }, '2026-05-01T09:10:00Z');

    expect((await pendingMutations(store.db, store.cipher)).map((m) => m.id)).toEqual([1, 2, 3]);
    expect((await pendingMutations(store.db, store.cipher, 2)).map((m) => m.id)).toEqual([1, 2]);
    expect(await unsentSummary(store.db)).toEqual({
      count: 3,
      oldestAt: '2026-05-01T09:00:00.000Z',
    });

    await answer(2, [{ id: 1 }, { id: 2 }]);
    expect((await pendingMutations(store.db, store.cipher)).map((m) => m.id)).toEqual([3]);
    expect(await unsentSummary(store.db)).toEqual({
      count: 1,
      oldestAt: '2026-05-01T09:10:00.000Z',
    });
    expect(await metaValue(store.db, 'lastPushAt')).toEqual(expect.any(String));
  });

  test('a push answer never moves backwards, nor past what this device made', async () => {
    await edit(A, { status: 'draft' }, '2026-05-01T09:00:00Z');
    await edit(A, { status: 'draft' }, '2026-05-01T09:01:00Z');
    await answer(2);
    await answer(1);
    expect(await metaValue(store.db, 'pushedMutationId')).toBe(2);
    await answer(50);
    expect(await metaValue(store.db, 'pushedMutationId')).toBe(2);
  });
});

describe('rejections', () => {
  test('are kept until the person dismisses them', async () => {
    await edit(A, { status: 'draft' }, '2026-05-01T09:00:00Z');
    await edit(A, { 'context.date': '2026-13-01' }, '2026-05-01T09:01:00Z');
    await answer(2, [{ id: 1 }, { id: 2, rejected: true }]);
    const all = await listRejections(store.db, store.cipher);
    expect(all).toEqual([
      {
        recordId: A,
        rowId: 2,
        code: 'INVALID',
        message: 'Not a valid date.',
        rejectedAt: '2026-05-01T12:00:00.000Z',
        mutation: expect.objectContaining({ id: 2, set: { 'context.date': '2026-13-01' } }),
      },
    ]);
    // A repeated answer (a push retried after a lost response) does not duplicate it.
    await answer(2, [{ id: 1 }, { id: 2, rejected: true }]);
    expect(await listRejections(store.db, store.cipher, A)).toHaveLength(1);
    await dismissRejection(store.db, all[0]!.rowId);
    expect(await listRejections(store.db, store.cipher)).toEqual([]);
  });
});

describe('adoptDeviceRegistration', () => {
  test('the first registration keeps the ids as they are', async () => {
    await edit(A, { status: 'draft' }, '2026-05-01T09:00:00Z');
    expect(await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0001')).toEqual({
      renumbered: 0,
      delivered: 0,
    });
    expect((await readSyncState(store.db)).deviceId).toBe('device-0000-0001');
    expect((await outboxMutations(store)).map((m) => m.id)).toEqual([1]);
  });

  test('a new registration renumbers unsent edits from 1 and keeps every one', async () => {
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0001');
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({ records: [serverRecord({ id: B, fields: { status: 'draft' } })] }),
    );
    await edit(A, { status: 'draft' }, '2026-05-01T09:00:00Z');
    await edit(B, { 'summary.strengths': 'Delivered' }, '2026-05-01T09:01:00Z');
    await edit(A, { 'summary.strengths': 'Unsent 1' }, '2026-05-01T09:02:00Z');
    await edit(B, { 'summary.reflection': 'Unsent 2' }, '2026-05-01T09:03:00Z');
    await answer(2, [{ id: 1 }, { id: 2 }]);

    const change = await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0002');
    expect(change).toEqual({ renumbered: 2, delivered: 2 });
    const outbox = await outboxMutations(store);
    expect(outbox.map((m) => [m.id, m.recordId, m.set])).toEqual([
      [1, A, { 'summary.strengths': 'Unsent 1' }],
      [2, B, { 'summary.reflection': 'Unsent 2' }],
    ]);
    expect(await readSyncState(store.db)).toMatchObject({
      deviceId: 'device-0000-0002',
      nextMutationId: 3,
      pushedMutationId: 0,
      lastMutationId: 0,
    });
    // A's creation went with the old registration; the next pull brings it back.
    expect((await getRecord(store.db, store.cipher, A))?.fields).toEqual({
      'summary.strengths': 'Unsent 1',
    });
    expect((await getRecord(store.db, store.cipher, B))?.fields).toEqual({
      status: 'draft',
      'summary.reflection': 'Unsent 2',
    });
    const next = await edit(A, { status: 'draft' }, '2026-05-01T09:04:00Z');
    expect(next.mutationId).toBe(3);
  });

  test('the registrations a store had are remembered, so its own edits stay its own', async () => {
    expect(await ownDeviceIds(store.db)).toEqual([]);
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0001');
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0002');
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0002');
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0003');
    expect(await ownDeviceIds(store.db)).toEqual([
      'device-0000-0003',
      'device-0000-0002',
      'device-0000-0001',
    ]);
  });

  test('a refusal kept from the old registration is not overwritten by one of the new', async () => {
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0001');
    await edit(A, { status: 'draft' }, '2026-05-01T09:00:00Z');
    await edit(A, { 'context.date': '2026-13-01' }, '2026-05-01T09:01:00Z');
    await answer(2, [{ id: 1 }, { id: 2, rejected: true }]);
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0002');
    // Under the new registration, mutations are numbered from 1 again: 1, then 2 is refused.
    await edit(A, { 'summary.strengths': 'New 1' }, '2026-05-01T09:02:00Z');
    await edit(A, { 'context.date': '2026-14-01' }, '2026-05-01T09:03:00Z');
    await answer(2, [{ id: 1 }, { id: 2, rejected: true }]);
    const kept = await listRejections(store.db, store.cipher, A);
    expect(kept.map((r) => r.mutation.set['context.date']).sort()).toEqual([
      '2026-13-01',
      '2026-14-01',
    ]);
    expect(new Set(kept.map((r) => r.rowId)).size).toBe(2);
    // Each is dismissed on its own.
    await dismissRejection(store.db, kept.find((r) => r.rowId < 0)!.rowId);
    expect(
      (await listRejections(store.db, store.cipher, A)).map((r) => r.mutation.set['context.date']),
    ).toEqual(['2026-14-01']);
  });
});

describe('restartNumberingAt', () => {
  test('only a real gap renumbers: the outbox must start after the number the server expects', async () => {
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0001');
    await edit(A, { status: 'draft' }, '2026-05-01T09:00:00Z');
    await edit(A, { 'summary.strengths': 'Second' }, '2026-05-01T09:01:00Z');
    await writeSyncState(store.db, { cursor: 'somewhere' });
    // The outbox starts at 1: a server expecting 1 (or anything earlier) is no gap.
    for (const expected of [1, 0, -3, 1.5]) {
      expect(await restartNumberingAt(store.db, store.cipher, expected)).toBe(0);
    }
    expect((await outboxMutations(store)).map((m) => m.id)).toEqual([1, 2]);
    expect((await readSyncState(store.db)).cursor).toBe('somewhere');
  });

  test('a gap renumbers every unsent change from the expected number and pulls from the start', async () => {
    await adoptDeviceRegistration(store.db, store.cipher, 'device-0000-0001');
    for (let i = 1; i <= 5; i++)
      await edit(A, { 'summary.strengths': `Edit ${i}` }, '2026-05-01T09:00:00Z');
    // Changes 1-3 were sent and acknowledged; the server, restored, expects 2 next.
    await recordPushResults(
      store.db,
      store.cipher,
      {
        results: [1, 2, 3].map((id) => ({ id, status: 'applied' as const })),
        lastMutationId: 3,
        serverTime: '2026-05-01T09:05:00.000Z',
      },
      new Date('2026-05-01T09:05:00Z'),
    );
    await applyPullPage(store.db, store.cipher, pullPage({ lastMutationId: 3 }));
    expect((await outboxMutations(store)).map((m) => m.id)).toEqual([4, 5]);
    expect(await restartNumberingAt(store.db, store.cipher, 2)).toBe(2);
    const after = await outboxMutations(store);
    expect(after.map((m) => [m.id, m.set['summary.strengths']])).toEqual([
      [2, 'Edit 4'],
      [3, 'Edit 5'],
    ]);
    expect(await readSyncState(store.db)).toMatchObject({
      nextMutationId: 4,
      lastMutationId: 1,
      pushedMutationId: 1,
      cursor: null,
    });
    expect((await getRecord(store.db, store.cipher, A))?.fields['summary.strengths']).toBe(
      'Edit 5',
    );
  });
});
