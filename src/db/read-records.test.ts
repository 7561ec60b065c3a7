import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SCOPE, freshStore } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { saveFields } from './local-edits';
import { listSummaries } from './read-records';

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
