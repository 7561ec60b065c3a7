import { afterEach, beforeEach, expect, test } from 'vitest';
import { freshStore, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { applyPullPage } from './apply-pull';
import { keepOnlyLocalWork } from './keep-local-work';
import { saveFields } from './local-edits';
import { pendingMutations } from './outbox';
import { getRecord } from './read-records';
import { readSealed, writeSealed, writeScratch } from './session-store';
import { readSyncState, writeSyncState } from './sync-state';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

test('signing out and keeping unsent work keeps that work and what it belongs to, and nothing the server holds as it is', async () => {
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: 'synced-only-0001',
          fields: { status: 'submitted', 'context.caseId': 'AB-1' },
        }),
        serverRecord({
          id: 'synced-child-001',
          type: 'action',
          parentId: 'synced-only-0001',
          fields: { what: 'x' },
        }),
        serverRecord({ id: 'edited-obs-00001', fields: { status: 'draft' } }),
        serverRecord({ id: 'parent-of-new-01', fields: { status: 'submitted' } }),
        serverRecord({ id: 'half-typed-00001', fields: { status: 'draft' } }),
        serverRecord({
          id: 'a-concern-000001',
          type: 'safety-concern',
          fields: { caseId: 'AB-2', what: 'x' },
        }),
      ],
    }),
  );
  await writeSyncState(store.db, { cursor: 'somewhere' });
  await saveFields(store.db, store.cipher, {
    recordId: 'edited-obs-00001',
    type: 'observation',
    changes: { 'summary.strengths': 'Not sent yet' },
  });
  await saveFields(store.db, store.cipher, {
    recordId: 'new-action-00001',
    type: 'action',
    parentId: 'parent-of-new-01',
    changes: { what: 'Not sent yet either' },
  });
  await writeScratch(store.db, store.cipher, 'half-typed-00001', 'context.date', '2026-0');
  await writeSealed(store.db, store.cipher, 'report:concerns', { concerns: ['AB-2'] });
  await writeSealed(store.db, store.cipher, 'directory', [{ name: 'Sam Patel' }]);

  expect(await keepOnlyLocalWork(store.db, store.cipher)).toEqual({ kept: 4, removed: 3 });

  for (const id of ['edited-obs-00001', 'new-action-00001', 'parent-of-new-01', 'half-typed-00001'])
    expect(await getRecord(store.db, store.cipher, id), id).toBeDefined();
  for (const id of ['synced-only-0001', 'synced-child-001', 'a-concern-000001']) {
    expect(await getRecord(store.db, store.cipher, id), id).toBeUndefined();
    expect(await store.db.listing.get(id)).toBeUndefined();
  }
  expect((await pendingMutations(store.db, store.cipher)).map((m) => m.recordId).sort()).toEqual([
    'edited-obs-00001',
    'new-action-00001',
  ]);
  expect(await readSealed(store.db, store.cipher, 'report:concerns')).toBeUndefined();
  expect(await readSealed(store.db, store.cipher, 'directory')).toBeUndefined();
  // The next pull starts again from the beginning, so what went comes back.
  expect((await readSyncState(store.db)).cursor).toBeNull();
});
