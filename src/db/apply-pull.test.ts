import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
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
import type { PullResponse } from '../../schemas/sync/pull';
import { applyPullPage } from './apply-pull';
import { InvalidPullPageError } from './errors';
import { saveFields } from './local-edits';
import { listRejections, recordPushResults } from './outbox';
import { getRecord } from './read-records';
import { readSealed, writeSealed } from './session-store';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const A = 'observation-aaaa-0001';
const B = 'observation-bbbb-0002';
const C = 'observation-cccc-0003';

const apply = (page: PullResponse, options?: { final?: boolean }) =>
  applyPullPage(store.db, store.cipher, page, options);

const edit = (recordId: string, changes: Record<string, string | null>) =>
  saveFields(store.db, store.cipher, { recordId, type: 'observation', scopeId: SCOPE, changes });

const pushed = (lastMutationId: number, rejected: number[] = []) =>
  recordPushResults(store.db, store.cipher, {
    results: Array.from({ length: lastMutationId }, (_, i) =>
      rejected.includes(i + 1)
        ? {
            id: i + 1,
            status: 'rejected' as const,
            code: 'FORBIDDEN_SCOPE',
            message: 'You cannot add records to this team.',
          }
        : { id: i + 1, status: 'applied' as const },
    ),
    lastMutationId,
    serverTime: '2026-05-01T10:00:00.000Z',
  });

const view = (id: string) => getRecord(store.db, store.cipher, id);

describe('applyPullPage', () => {
  test('stores the server copy and the cursor', async () => {
    const result = await apply(
      pullPage({
        records: [serverRecord({ id: A, version: 3, fields: { status: 'draft' } })],
        cursor: 'cursor-after-3',
      }),
    );
    expect(result).toEqual({ changed: 1, acknowledged: 0 });
    expect(await view(A)).toMatchObject({
      version: 3,
      pending: false,
      fields: { status: 'draft' },
    });
    expect(await metaValue(store.db, 'cursor')).toBe('cursor-after-3');
    expect(await metaValue(store.db, 'lastPullAt')).toEqual(expect.any(String));
  });

  test('replays pending edits on top of the synced values', async () => {
    await edit(A, { 'summary.strengths': 'Mine', 'summary.reflection': null });
    await apply(
      pullPage({
        records: [
          serverRecord({
            id: A,
            version: 5,
            fields: {
              'summary.strengths': 'Server',
              'summary.reflection': 'Server reflection',
              status: 'submitted',
            },
          }),
        ],
      }),
    );
    const record = await view(A);
    expect(record).toMatchObject({ version: 5, pending: true });
    expect(record?.fields).toEqual({ 'summary.strengths': 'Mine', status: 'submitted' });
    const row = (await rawRecords(store.db))[0];
    expect(row?.status).toBe('submitted');
    const secrets = store.cipher.open<{ synced: { fields: object } }>(
      { table: 'records', key: A },
      row!.blob,
    );
    expect(secrets.synced.fields).toEqual({
      'summary.strengths': 'Server',
      'summary.reflection': 'Server reflection',
      status: 'submitted',
    });
    expect(await store.db.outbox.count()).toBe(1);
  });

  test('acknowledges pushed mutations only on the final page', async () => {
    await edit(A, { 'summary.strengths': 'First' });
    await edit(B, { status: 'draft' });
    await pushed(2);
    await apply(
      pullPage({
        hasMore: true,
        lastMutationId: 2,
        records: [serverRecord({ id: A, version: 10, fields: { 'summary.strengths': 'First' } })],
      }),
    );
    expect(await store.db.outbox.count()).toBe(2);
    expect(await metaValue(store.db, 'lastMutationId')).toBe(0);
    expect((await view(A))?.pending).toBe(true);

    const result = await apply(
      pullPage({
        hasMore: false,
        lastMutationId: 2,
        records: [serverRecord({ id: B, version: 11, fields: { status: 'draft' } })],
      }),
    );
    expect(result.acknowledged).toBe(2);
    expect(await store.db.outbox.count()).toBe(0);
    expect(await metaValue(store.db, 'lastMutationId')).toBe(2);
    expect(await view(A)).toMatchObject({
      pending: false,
      fields: { 'summary.strengths': 'First' },
    });
    expect(await view(B)).toMatchObject({ pending: false, version: 11 });
  });

  test('the final flag can be given explicitly', async () => {
    await edit(A, { status: 'draft' });
    await pushed(1);
    await apply(pullPage({ hasMore: false, lastMutationId: 1 }), { final: false });
    expect(await store.db.outbox.count()).toBe(1);
  });

  test('never acknowledges a mutation before its push result is recorded', async () => {
    await edit(A, { status: 'draft' });
    await edit(A, { 'summary.strengths': 'Second' });
    await pushed(1);
    // The server has both (a push whose answer was lost), but this device knows only of the first.
    await apply(
      pullPage({
        lastMutationId: 2,
        records: [
          serverRecord({
            id: A,
            version: 4,
            fields: { status: 'draft', 'summary.strengths': 'Second' },
          }),
        ],
      }),
    );
    expect((await outboxMutations(store)).map((m) => m.id)).toEqual([2]);
    expect(await metaValue(store.db, 'lastMutationId')).toBe(1);
  });

  test('a refused change is kept aside, and the record returns to the server copy', async () => {
    await apply(pullPage({ records: [serverRecord({ id: A, fields: { status: 'draft' } })] }));
    await edit(A, { 'summary.strengths': 'Typed on the visit' });
    await pushed(1, [1]);
    await apply(pullPage({ lastMutationId: 1 }));
    expect(await view(A)).toMatchObject({ pending: false, fields: { status: 'draft' } });
    const [refused] = await listRejections(store.db, store.cipher, A);
    expect(refused).toMatchObject({
      recordId: A,
      code: 'FORBIDDEN_SCOPE',
      mutation: { set: { 'summary.strengths': 'Typed on the visit' } },
    });
  });

  test('a tombstone removes a record, unless this device has pending edits to it', async () => {
    await apply(
      pullPage({
        records: [
          serverRecord({ id: A, fields: { status: 'draft', 'summary.strengths': 'S' } }),
          serverRecord({ id: B, fields: { status: 'draft' } }),
        ],
      }),
    );
    await edit(A, { 'summary.reflection': 'Still typing' });
    await apply(
      pullPage({
        records: [
          serverRecord({ id: A, version: 8, deleted: true, fields: {} }),
          serverRecord({ id: B, version: 8, deleted: true, fields: {} }),
        ],
      }),
    );
    expect(await view(B)).toBeUndefined();
    expect(await view(A)).toMatchObject({
      deleted: true,
      pending: true,
      version: 8,
      fields: { 'summary.reflection': 'Still typing' },
    });
    expect(await store.db.outbox.count()).toBe(1);
  });

  test('a deleted record with a restore offer stays, with its content', async () => {
    const offer = {
      id: 'conflict-0000-0001',
      path: '',
      kind: 'deleted' as const,
      current: null,
      incoming: null,
      deviceId: 'device-0000-0001',
      userId: 'user-0000-0001',
      at: '2026-05-01T09:40:00.000Z',
    };
    await apply(
      pullPage({
        records: [
          serverRecord({
            id: A,
            deleted: true,
            fields: { status: 'draft' },
            conflicts: [offer],
          }),
        ],
      }),
    );
    expect(await view(A)).toMatchObject({
      deleted: true,
      fields: { status: 'draft' },
      conflicts: [offer],
    });
  });

  test('eviction removes records, but keeps this device’s own pending edits (and only them)', async () => {
    await apply(
      pullPage({
        records: [
          serverRecord({ id: A, fields: { status: 'draft', 'context.caseId': 'CASE-1' } }),
          serverRecord({ id: B, fields: { status: 'draft' } }),
        ],
      }),
    );
    await edit(A, { 'summary.strengths': 'Mine' });
    await apply(pullPage({ evict: [A, B, C] }));
    expect(await view(B)).toBeUndefined();
    expect(await view(A)).toMatchObject({ pending: true, fields: { 'summary.strengths': 'Mine' } });
    // Once the server has answered the edit, nothing of the evicted record is left.
    await pushed(1, [1]);
    await apply(pullPage({ lastMutationId: 1 }));
    expect(await rawRecords(store.db)).toEqual([]);
  });

  test('eviction also drops the last reports and concern log fetched, which may hold that team', async () => {
    await writeSealed(store.db, store.cipher, 'report:concerns', { concerns: ['CASE-1'] });
    await writeSealed(store.db, store.cipher, 'settings', { kept: true });
    await apply(pullPage({ records: [serverRecord({ id: A, fields: { status: 'draft' } })] }));
    expect(await readSealed(store.db, store.cipher, 'report:concerns')).toBeDefined();
    await apply(pullPage({ evict: [A] }));
    expect(await readSealed(store.db, store.cipher, 'report:concerns')).toBeUndefined();
    expect(await readSealed(store.db, store.cipher, 'settings')).toEqual({ kept: true });
  });

  test('a safety concern deleted under retention takes the kept concern log and concern status with it', async () => {
    const concern = 'concern-cccc-0001';
    await writeSealed(store.db, store.cipher, 'report:concerns', { concerns: ['CASE-1'] });
    await writeSealed(store.db, store.cipher, 'report:concern-status', { what: 'Bruise' });
    await writeSealed(store.db, store.cipher, 'settings', { kept: true });
    await apply(
      pullPage({
        records: [
          serverRecord({ id: concern, type: 'safety-concern', fields: { what: 'Bruise' } }),
          // An ordinary deletion of something else leaves the kept copies alone.
          serverRecord({ id: A, deleted: true }),
        ],
      }),
    );
    expect(await readSealed(store.db, store.cipher, 'report:concerns')).toBeDefined();
    await apply(
      pullPage({
        records: [serverRecord({ id: concern, type: 'safety-concern', version: 9, deleted: true })],
      }),
    );
    expect(await view(concern)).toBeUndefined();
    expect(await readSealed(store.db, store.cipher, 'report:concerns')).toBeUndefined();
    expect(await readSealed(store.db, store.cipher, 'report:concern-status')).toBeUndefined();
    expect(await readSealed(store.db, store.cipher, 'settings')).toEqual({ kept: true });
  });

  test('a deleted improvement action takes its kept history with it, and only its own', async () => {
    const action = 'action-aaaa-0001';
    const other = 'action-bbbb-0002';
    await writeSealed(store.db, store.cipher, `report:action-history-${action}`, { history: [] });
    await writeSealed(store.db, store.cipher, `report:action-history-${other}`, { history: [] });
    await apply(
      pullPage({
        records: [
          serverRecord({ id: A, deleted: true }),
          serverRecord({ id: action, type: 'action', parentId: A, deleted: true }),
        ],
      }),
    );
    expect(
      await readSealed(store.db, store.cipher, `report:action-history-${action}`),
    ).toBeUndefined();
    expect(await readSealed(store.db, store.cipher, `report:action-history-${other}`)).toEqual({
      history: [],
    });
  });

  test('a reset drops synced copies, keeps pending edits and restarts the cursor', async () => {
    await apply(
      pullPage({
        cursor: 'old-cursor',
        records: [
          serverRecord({
            id: A,
            version: 6,
            fields: { status: 'draft', 'summary.strengths': 'S' },
          }),
          serverRecord({ id: B, fields: { status: 'draft' } }),
        ],
      }),
    );
    await edit(A, { 'summary.reflection': 'Pending' });
    await edit(C, { status: 'draft' });
    await apply(pullPage({ reset: true, hasMore: true, cursor: 'start' }));
    expect(await metaValue(store.db, 'cursor')).toBeNull();
    expect(await view(B)).toBeUndefined();
    expect(await view(A)).toMatchObject({
      pending: true,
      fields: { 'summary.reflection': 'Pending' },
    });
    expect(await view(C)).toMatchObject({ pending: true, fields: { status: 'draft' } });
    expect(await store.db.outbox.count()).toBe(2);
    // The pull from the start brings the server copy back underneath the pending edit.
    await apply(
      pullPage({
        records: [
          serverRecord({
            id: A,
            version: 6,
            fields: { status: 'draft', 'summary.strengths': 'S' },
          }),
        ],
      }),
    );
    expect((await view(A))?.fields).toEqual({
      status: 'draft',
      'summary.strengths': 'S',
      'summary.reflection': 'Pending',
    });
  });

  test('a page that fails half-way changes nothing: not the records, the cursor or the outbox', async () => {
    await apply(pullPage({ cursor: 'before', records: [serverRecord({ id: A, version: 1 })] }));
    await edit(A, { status: 'draft' });
    await pushed(1);
    const before = {
      records: await rawRecords(store.db),
      outbox: await rawOutbox(store.db),
      cursor: await metaValue(store.db, 'cursor'),
    };
    const failing = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    store.db.records.hook('creating', failing);
    let caught: unknown;
    try {
      await apply(
        pullPage({
          cursor: 'after',
          lastMutationId: 1,
          records: [serverRecord({ id: A, version: 2 }), serverRecord({ id: B, version: 2 })],
        }),
      );
    } catch (err) {
      caught = err;
    }
    store.db.records.hook('creating').unsubscribe(failing);
    expect(caught).toMatchObject({ code: 'STORAGE_FULL' });
    expect({
      records: await rawRecords(store.db),
      outbox: await rawOutbox(store.db),
      cursor: await metaValue(store.db, 'cursor'),
    }).toEqual(before);
  });

  test('a malformed page is refused before anything is written', async () => {
    const bad = pullPage({ records: [serverRecord({ id: 'x' })] });
    await expect(apply(bad)).rejects.toBeInstanceOf(InvalidPullPageError);
    await expect(apply(bad)).rejects.toMatchObject({ code: 'PULL_PAGE_INVALID' });
    expect(await metaValue(store.db, 'cursor')).toBeUndefined();
    expect(await rawRecords(store.db)).toEqual([]);
  });
});
