import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { SCOPE, freshStore, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { applyPullPage } from './apply-pull';
import { watch } from './live';
import { saveFields } from './local-edits';
import { listRecords } from './read-records';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

test('a watched list is given again after a local edit and after a pull', async () => {
  const seen: string[][] = [];
  const stop = watch(
    () => listRecords(store.db, store.cipher, 'observation'),
    (records) => seen.push(records.map((r) => r.id)),
    (err) => {
      throw err;
    },
  );
  const latest = () => expect(seen.at(-1));
  await vi.waitFor(() => latest().toEqual([]));
  await saveFields(store.db, store.cipher, {
    recordId: 'observation-aaaa-0001',
    type: 'observation',
    scopeId: SCOPE,
    changes: { status: 'draft' },
    at: new Date('2026-06-01T09:00:00Z'),
  });
  await vi.waitFor(() => latest().toEqual(['observation-aaaa-0001']));
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({ records: [serverRecord({ id: 'observation-bbbb-0002' })] }),
  );
  // Newest first: the pulled record was last changed on 1 May, the local edit on 1 June.
  await vi.waitFor(() => latest().toEqual(['observation-aaaa-0001', 'observation-bbbb-0002']));
  stop();
  const count = seen.length;
  await saveFields(store.db, store.cipher, {
    recordId: 'observation-cccc-0003',
    type: 'observation',
    scopeId: SCOPE,
    changes: { status: 'draft' },
  });
  await new Promise((r) => setTimeout(r, 50));
  expect(seen).toHaveLength(count);
});
