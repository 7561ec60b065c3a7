import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { OWNER, SCOPE, freshStore, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { applyPullPage } from './apply-pull';
import { deleteRecord, saveFields } from './local-edits';
import { deletedElsewhere, listSummaries } from './read-records';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

describe('lists read small sealed summaries', () => {
  test('what a list shows, without the long text, and sealed on disk', async () => {
    await saveFields(store.db, store.cipher, {
      recordId: 'observation-0001',
      type: 'observation',
      scopeId: SCOPE,
      changes: {
        kind: 'frontline-practice',
        status: 'draft',
        'context.caseId': 'ZX-4242',
        'context.observedName': 'Alex Morgan',
        'summary.strengths': 'A long note. '.repeat(100),
      },
    });
    await saveFields(store.db, store.cipher, {
      recordId: 'action-0001',
      type: 'action',
      parentId: 'observation-0001',
      changes: { what: 'x'.repeat(500), status: 'open', dueDate: '2026-06-01' },
    });
    const [obs] = await listSummaries(store.db, store.cipher, 'observation');
    expect(obs?.fields).toEqual({
      kind: 'frontline-practice',
      status: 'draft',
      'context.caseId': 'ZX-4242',
      'context.observedName': 'Alex Morgan',
    });
    expect(obs?.pending).toBe(true);
    const [action] = await listSummaries(store.db, store.cipher, 'action');
    expect(String(action?.fields['what'])).toHaveLength(200);
    expect(action?.fields['dueDate']).toBe('2026-06-01');
    const raw = await store.db.records.get('observation-0001');
    expect(Buffer.from(raw!.summary!).toString('latin1')).not.toContain('ZX-4242');
    expect(raw!.summary!.length).toBeLessThan(raw!.blob.length / 3);
  });
});

describe('records deleted on another device after they were changed', () => {
  const OBS = 'observation-0002';
  const offer = (id: string) => ({
    id: `conflict-${id}`,
    path: '',
    kind: 'deleted' as const,
    current: null,
    incoming: null,
    deviceId: 'device-elsewhere-01',
    userId: OWNER,
    at: '2026-05-01T09:40:00.000Z',
  });
  const child = (id: string, type: 'action' | 'call-attempt', fields: Record<string, string>) =>
    serverRecord({ id, type, parentId: OBS, deleted: true, fields, conflicts: [offer(id)] });

  test('an observation, an improvement action and a call attempt each wait for a person; a plain tombstone or a removal made here does not', async () => {
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({ id: OBS, fields: { status: 'draft', 'context.caseId': 'AC-2001' } }),
          serverRecord({
            id: 'observation-0003',
            deleted: true,
            fields: { status: 'draft', 'context.caseId': 'AC-2002' },
            conflicts: [offer('observation-0003')],
          }),
          child('action-0002', 'action', { what: 'Phone the grandmother', status: 'open' }),
          child('call-0002', 'call-attempt', { outcome: 'no-answer', at: '2026-05-01T09:00:00Z' }),
          // Deleted with nothing to decide: it travels without content and is not kept.
          serverRecord({ id: 'action-0003', type: 'action', parentId: OBS, deleted: true }),
          // Still here, with a text conflict: not deleted at all.
          serverRecord({
            id: 'action-0004',
            type: 'action',
            parentId: OBS,
            fields: { what: 'Book the review' },
            conflicts: [{ ...offer('action-0004'), kind: 'text', path: 'what' }],
          }),
        ],
      }),
    );
    // Removed here, with its text conflict still open: this person's own removal, not another's.
    await deleteRecord(store.db, store.cipher, 'action-0004');

    const waiting = await deletedElsewhere(store.db, store.cipher);
    expect(waiting.map((r) => [r.type, r.id, r.parentId]).sort()).toEqual([
      ['action', 'action-0002', OBS],
      ['call-attempt', 'call-0002', OBS],
      ['observation', 'observation-0003', null],
    ]);
    expect(waiting.find((r) => r.id === 'action-0002')?.fields['what']).toBe(
      'Phone the grandmother',
    );
  });
});
