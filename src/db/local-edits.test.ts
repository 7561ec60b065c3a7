import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  OWNER,
  SCOPE,
  freshStore,
  metaValue,
  outboxMutations,
  pullPage,
  rawOutbox,
  rawRecords,
  serverRecord,
} from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { applyPullPage } from './apply-pull';
import { LocalDatabase } from './database';
import { InvalidChangeError, StorageFullError } from './errors';
import { deleteRecord, resolveConflict, restoreRecord, saveFields } from './local-edits';
import { recordPushResults } from './outbox';
import { getRecord, listChildren, listRecords } from './read-records';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const OBS_A = 'observation-aaaa-0001';
const OBS_B = 'observation-bbbb-0002';
const AT = new Date('2026-05-01T09:30:00.000Z');

const save = (recordId: string, changes: Record<string, string | number | boolean | null>) =>
  saveFields(store.db, store.cipher, {
    recordId,
    type: 'observation',
    scopeId: SCOPE,
    changes,
    at: AT,
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

async function snapshot() {
  return {
    records: await rawRecords(store.db),
    outbox: await rawOutbox(store.db),
    next: await metaValue(store.db, 'nextMutationId'),
  };
}

describe('saveFields', () => {
  test('writes the record and its outbox entry, with consecutive ids across records', async () => {
    const first = await save(OBS_A, { status: 'draft', kind: 'frontline-practice' });
    const second = await save(OBS_B, { status: 'draft' });
    const third = await save(OBS_A, { 'summary.strengths': 'Clear plan' });
    expect([first.mutationId, second.mutationId, third.mutationId]).toEqual([1, 2, 3]);

    const outbox = await outboxMutations(store);
    expect(outbox.map((m) => [m.id, m.recordId])).toEqual([
      [1, OBS_A],
      [2, OBS_B],
      [3, OBS_A],
    ]);
    expect(outbox[0]).toEqual({
      id: 1,
      recordId: OBS_A,
      type: 'observation',
      op: 'put',
      scopeId: SCOPE,
      baseVersion: 0,
      set: { status: 'draft', kind: 'frontline-practice' },
      at: AT.toISOString(),
    });
    // The scope travels only with the mutation that creates the record.
    expect(outbox[2]).not.toHaveProperty('scopeId');
    expect(outbox[2]?.baseVersion).toBe(0);

    const a = await getRecord(store.db, store.cipher, OBS_A);
    expect(a).toMatchObject({
      id: OBS_A,
      scopeId: SCOPE,
      version: 0,
      pending: true,
      deleted: false,
      ownerId: null,
      fields: { status: 'draft', kind: 'frontline-practice', 'summary.strengths': 'Clear plan' },
    });
    expect(third.record.fields).toEqual(a?.fields);
    const row = (await rawRecords(store.db)).find((r) => r.id === OBS_A);
    expect(row).toMatchObject({ status: 'draft', kind: 'frontline-practice', pending: 1 });
    expect(await metaValue(store.db, 'nextMutationId')).toBe(4);
  });

  test('is on disk when it resolves: another connection sees the record and its outbox entry', async () => {
    await save(OBS_A, { 'context.caseId': 'CASE-123' });
    const other = new LocalDatabase(store.db.name);
    await other.open();
    expect(await other.records.get(OBS_A)).toBeDefined();
    expect(await other.outbox.count()).toBe(1);
    other.close();
  });

  test('a failure inside the transaction leaves neither the record nor the outbox entry', async () => {
    await save(OBS_A, { status: 'draft' });
    const before = await snapshot();
    const failing = () => {
      throw new Error('disk on fire');
    };
    store.db.outbox.hook('creating', failing);
    const err = await rejection(save(OBS_A, { 'summary.strengths': 'lost?' }));
    const errNew = await rejection(save(OBS_B, { status: 'draft' }));
    store.db.outbox.hook('creating').unsubscribe(failing);
    expect((err as Error).message).toBe('disk on fire');
    expect((errNew as Error).message).toBe('disk on fire');
    expect(await snapshot()).toEqual(before);
    expect((await getRecord(store.db, store.cipher, OBS_A))?.fields).toEqual({ status: 'draft' });
    // No id was used up: the next edit carries on without a gap.
    expect((await save(OBS_B, { status: 'draft' })).mutationId).toBe(2);
  });

  test('a full disk is a StorageFullError with a stable code, and nothing changes', async () => {
    await save(OBS_A, { status: 'draft' });
    const before = await snapshot();
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    store.db.records.hook('updating', full);
    const err = await rejection(save(OBS_A, { 'summary.strengths': 'too much' }));
    store.db.records.hook('updating').unsubscribe(full);
    expect(err).toBeInstanceOf(StorageFullError);
    expect((err as StorageFullError).code).toBe('STORAGE_FULL');
    expect((err as StorageFullError).message).toMatch(/out of storage space/);
    expect(await snapshot()).toEqual(before);
  });

  test.each([
    ['an unknown path', { 'summary..notes': 'x' }, /dotted field path/i],
    ['no change at all', {}, /nothing to save/i],
    ['text over the limit', { 'summary.strengths': 'x'.repeat(20_001) }, /characters or fewer/],
    // The server refuses a whole push holding one; in the outbox it would stop every change.
    ['a NUL in text', { 'summary.strengths': 'pasted\u0000text' }, /broken character/],
    ['half a surrogate pair', { 'summary.strengths': 'pasted \ud83d text' }, /broken character/],
    // No push could carry it; in the outbox it would stop every change behind it.
    [
      'a change too large for any push',
      Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`responses.item-${i}.evidence`, 'é'.repeat(9_000)]),
      ),
      /too large to send/,
    ],
  ])('%s is refused before anything is written', async (_name, changes, message) => {
    const err = await rejection(save(OBS_A, changes));
    expect(err).toBeInstanceOf(InvalidChangeError);
    expect((err as InvalidChangeError).code).toBe('CHANGE_INVALID');
    expect((err as Error).message).toMatch(message);
    expect(await snapshot()).toEqual({ records: [], outbox: [], next: undefined });
  });

  test('a new observation needs its team; a child needs its parent and takes its team', async () => {
    const noScope = saveFields(store.db, store.cipher, {
      recordId: OBS_A,
      type: 'observation',
      changes: { status: 'draft' },
    });
    expect(await rejection(noScope)).toBeInstanceOf(InvalidChangeError);
    const orphan = saveFields(store.db, store.cipher, {
      recordId: 'action-0000-0001',
      type: 'action',
      changes: { title: 'Visit' },
    });
    expect(await rejection(orphan)).toBeInstanceOf(InvalidChangeError);

    await save(OBS_A, { status: 'draft' });
    const child = await saveFields(store.db, store.cipher, {
      recordId: 'action-0000-0001',
      type: 'action',
      parentId: OBS_A,
      changes: { title: 'Visit' },
      at: AT,
    });
    expect(child.record).toMatchObject({ parentId: OBS_A, scopeId: SCOPE });
    const outbox = await outboxMutations(store);
    expect(outbox[1]).toMatchObject({ parentId: OBS_A, type: 'action' });
    expect(outbox[1]).not.toHaveProperty('scopeId');
    const children = await listChildren(store.db, store.cipher, OBS_A);
    expect(children.map((c) => c.id)).toEqual(['action-0000-0001']);
  });

  test('edits to a synced record carry its version and the synced value of each field', async () => {
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: OBS_A,
            version: 7,
            fields: { 'summary.strengths': 'Server text', status: 'draft' },
          }),
        ],
      }),
    );
    await save(OBS_A, { 'summary.strengths': 'My text', 'summary.reflection': 'New' });
    const [m] = await outboxMutations(store);
    expect(m).toMatchObject({
      baseVersion: 7,
      base: { 'summary.strengths': 'Server text', 'summary.reflection': null },
    });
    expect(m).not.toHaveProperty('scopeId');
    expect((await getRecord(store.db, store.cipher, OBS_A))?.ownerId).toBe(OWNER);
  });

  test('a changed type or an edit to an append-only record is refused', async () => {
    await save(OBS_A, { status: 'draft' });
    const wrongType = saveFields(store.db, store.cipher, {
      recordId: OBS_A,
      type: 'action',
      parentId: OBS_B,
      changes: { title: 'x' },
    });
    expect(await rejection(wrongType)).toBeInstanceOf(InvalidChangeError);
    const comment = {
      recordId: 'comment-0000-0001',
      type: 'review-comment' as const,
      parentId: OBS_A,
      changes: { text: 'Good' },
    };
    await saveFields(store.db, store.cipher, comment);
    const err = await rejection(saveFields(store.db, store.cipher, comment));
    expect((err as Error).message).toMatch(/cannot be changed once made/);
    expect(await store.db.outbox.count()).toBe(2);
  });

  test('null removes a field', async () => {
    await save(OBS_A, { status: 'draft', 'summary.strengths': 'x' });
    const { record } = await save(OBS_A, { 'summary.strengths': null });
    expect(record.fields).toEqual({ status: 'draft' });
  });
});

describe('deleteRecord and restoreRecord', () => {
  test('a delete and a restore are mutations of their own; lists leave deleted records out', async () => {
    await save(OBS_A, { status: 'draft' });
    await save(OBS_B, { status: 'draft' });
    const deleted = await deleteRecord(store.db, store.cipher, OBS_A, AT);
    expect(deleted.record.deleted).toBe(true);
    expect((await listRecords(store.db, store.cipher, 'observation')).map((r) => r.id)).toEqual([
      OBS_B,
    ]);
    const all = await listRecords(store.db, store.cipher, 'observation', { includeDeleted: true });
    expect(all).toHaveLength(2);
    const restored = await restoreRecord(store.db, store.cipher, OBS_A, AT);
    expect(restored.record).toMatchObject({ deleted: false, fields: { status: 'draft' } });
    expect((await outboxMutations(store)).map((m) => m.op)).toEqual([
      'put',
      'put',
      'delete',
      'restore',
    ]);
  });

  test('a record that is not here cannot be deleted', async () => {
    const err = await rejection(deleteRecord(store.db, store.cipher, OBS_A));
    expect(err).toMatchObject({ code: 'RECORD_NOT_FOUND' });
  });
});

describe('listRecords', () => {
  test('filters by status on the plain index and orders by last change', async () => {
    await saveFields(store.db, store.cipher, {
      recordId: OBS_A,
      type: 'observation',
      scopeId: SCOPE,
      changes: { status: 'draft' },
      at: new Date('2026-05-01T09:00:00Z'),
    });
    await saveFields(store.db, store.cipher, {
      recordId: OBS_B,
      type: 'observation',
      scopeId: SCOPE,
      changes: { status: 'draft' },
      at: new Date('2026-05-02T09:00:00Z'),
    });
    await saveFields(store.db, store.cipher, {
      recordId: 'observation-cccc-0003',
      type: 'observation',
      scopeId: SCOPE,
      changes: { status: 'submitted' },
      at: new Date('2026-05-03T09:00:00Z'),
    });
    const drafts = await listRecords(store.db, store.cipher, 'observation', { status: 'draft' });
    expect(drafts.map((r) => r.id)).toEqual([OBS_B, OBS_A]);
    const submitted = await listRecords(store.db, store.cipher, 'observation', {
      status: 'submitted',
    });
    expect(submitted.map((r) => r.id)).toEqual(['observation-cccc-0003']);
    expect(await listRecords(store.db, store.cipher, 'action')).toEqual([]);
  });
});

describe('resolveConflict', () => {
  const conflict = {
    id: 'conflict-0000-0001',
    path: 'summary.strengths',
    kind: 'text' as const,
    current: 'Theirs',
    incoming: 'Mine',
    base: 'Start',
    deviceId: 'device-0000-0001',
    userId: OWNER,
    at: '2026-05-01T09:40:00.000Z',
  };

  test('settling a text conflict is a put that names it, and it disappears at once', async () => {
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: OBS_A,
            version: 9,
            fields: { 'summary.strengths': 'Theirs' },
            conflicts: [conflict],
          }),
        ],
      }),
    );
    expect((await getRecord(store.db, store.cipher, OBS_A))?.conflicts).toEqual([conflict]);
    const { record } = await resolveConflict(store.db, store.cipher, {
      recordId: OBS_A,
      conflictId: conflict.id,
      value: 'Mine and theirs',
      at: AT,
    });
    expect(record.conflicts).toEqual([]);
    expect(record.fields['summary.strengths']).toBe('Mine and theirs');
    const [m] = await outboxMutations(store);
    expect(m).toMatchObject({
      op: 'put',
      baseVersion: 9,
      set: { 'summary.strengths': 'Mine and theirs' },
      base: { 'summary.strengths': 'Theirs' },
      resolves: [conflict.id],
    });
    const again = resolveConflict(store.db, store.cipher, {
      recordId: OBS_A,
      conflictId: conflict.id,
      value: 'x',
    });
    expect(await rejection(again)).toMatchObject({ code: 'CONFLICT_NOT_FOUND' });
  });

  test('a record deleted elsewhere while edited here can be restored', async () => {
    const deleted = { ...conflict, id: 'conflict-0000-0002', path: '', kind: 'deleted' as const };
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: OBS_A,
            version: 4,
            deleted: true,
            fields: { status: 'draft' },
            conflicts: [deleted],
          }),
        ],
      }),
    );
    const kept = await getRecord(store.db, store.cipher, OBS_A);
    expect(kept).toMatchObject({ deleted: true, fields: { status: 'draft' } });
    const { record } = await resolveConflict(store.db, store.cipher, {
      recordId: OBS_A,
      conflictId: deleted.id,
      restore: true,
    });
    expect(record).toMatchObject({ deleted: false, conflicts: [] });
    const [m] = await outboxMutations(store);
    expect(m).toMatchObject({ op: 'restore', resolves: [deleted.id] });
  });

  test('edited twice after its deletion (two offers from the server): leaving it deleted settles both', async () => {
    const offer = (id: string) => ({ ...conflict, id, path: '', kind: 'deleted' as const });
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: OBS_A,
            version: 5,
            deleted: true,
            fields: { status: 'draft' },
            conflicts: [offer('conflict-0000-0003'), offer('conflict-0000-0004')],
          }),
        ],
      }),
    );
    const { record } = await resolveConflict(store.db, store.cipher, {
      recordId: OBS_A,
      conflictId: 'conflict-0000-0003',
      restore: false,
    });
    // Nothing is offered any more: the choice is the record's, not one offer's.
    expect(record).toMatchObject({ deleted: true, conflicts: [] });
    const [m] = await outboxMutations(store);
    expect(m).toMatchObject({
      op: 'put',
      set: {},
      resolves: ['conflict-0000-0003', 'conflict-0000-0004'],
    });
  });
});

test('push results: later pushes skip answered mutations', async () => {
  await save(OBS_A, { status: 'draft' });
  await recordPushResults(store.db, store.cipher, {
    results: [{ id: 1, status: 'applied' }],
    lastMutationId: 1,
    serverTime: '2026-05-01T10:00:00.000Z',
  });
  expect(await metaValue(store.db, 'pushedMutationId')).toBe(1);
});
