// While an amendment is under way on this tablet, every edit of that observation (and of its call
// attempts and actions) names it, so the server takes it as an amendment of a submitted observation
// rather than refusing it as a stale or stray edit (schemas/rules/after-submission.ts); nothing
// else does, and nothing once the amendment's row is written.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  OWNER,
  SCOPE,
  freshStore,
  outboxMutations,
  pullPage,
  serverRecord,
} from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { readAmendSession, writeAmendSession } from './amendments';
import { applyPullPage } from './apply-pull';
import { deleteRecord, resolveConflict, saveFields } from './local-edits';
import { readSealed, writeSealed } from './session-store';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const OBS = 'observation-amend-0001';
const OTHER = 'observation-other-0002';
const AMENDMENT = 'amendment-0000-0001';
const session = {
  id: AMENDMENT,
  reason: 'The family rang back.',
  before: { 'summary.strengths': 'As submitted.' },
  startedAt: '2026-05-01T09:00:00.000Z',
};

async function submittedHere(...ids: string[]) {
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({
      records: ids.map((id) =>
        serverRecord({
          id,
          version: 7,
          fields: {
            kind: 'frontline-practice',
            templateId: 'frontline-practice',
            templateVersion: 1,
            status: 'submitted',
            'summary.strengths': 'As submitted.',
          },
          conflicts:
            id === OBS
              ? [
                  {
                    id: 'conflict-0000-0001',
                    path: 'summary.areasForDevelopment',
                    kind: 'text',
                    current: 'Theirs',
                    incoming: 'Mine',
                    deviceId: 'device-0000-0001',
                    userId: OWNER,
                    at: '2026-05-01T08:00:00.000Z',
                  },
                ]
              : [],
        }),
      ),
    }),
  );
}

const edit = (recordId: string, changes: Record<string, string>) =>
  saveFields(store.db, store.cipher, { recordId, type: 'observation', changes });

describe('edits made while amending', () => {
  test('name the amendment under way; edits before and after it, and of other records, do not', async () => {
    await submittedHere(OBS, OTHER);
    await edit(OBS, { 'summary.strengths': 'Before amending.' });
    await writeAmendSession(store.db, store.cipher, OBS, session);
    await edit(OBS, { 'summary.strengths': 'While amending.' });
    await resolveConflict(store.db, store.cipher, {
      recordId: OBS,
      conflictId: 'conflict-0000-0001',
      value: 'Mine, while amending.',
    });
    await edit(OTHER, { 'summary.strengths': 'Another observation.' });
    // The amendment row itself is a record of its own, not an edit of the observation.
    await saveFields(store.db, store.cipher, {
      recordId: AMENDMENT,
      type: 'amendment',
      parentId: OBS,
      changes: { observationId: OBS, reason: session.reason },
    });
    await writeAmendSession(store.db, store.cipher, OBS, undefined);
    await edit(OBS, { 'summary.strengths': 'After amending.' });

    const sent = (await outboxMutations(store)).map((m) => [m.recordId, m.amendmentId]);
    expect(sent).toEqual([
      [OBS, undefined],
      [OBS, AMENDMENT],
      [OBS, AMENDMENT],
      [OTHER, undefined],
      [AMENDMENT, undefined],
      [OBS, undefined],
    ]);
  });

  test('an amendment begun before sessions kept an id takes one at its first edit, and keeps it', async () => {
    await submittedHere(OBS);
    const { id: _, ...older } = session;
    await writeSealed(store.db, store.cipher, `scratch:amend:${OBS}`, older);
    await edit(OBS, { 'summary.strengths': 'First.' });
    await edit(OBS, { 'summary.strengths': 'Second.' });
    const [first, second] = await outboxMutations(store);
    expect(first!.amendmentId).toEqual(expect.any(String));
    expect(second!.amendmentId).toBe(first!.amendmentId);
    expect(await readAmendSession(store.db, store.cipher, OBS)).toEqual({
      ...older,
      id: first!.amendmentId,
    });
    expect(await readSealed(store.db, store.cipher, `scratch:amend:${OBS}`)).toMatchObject({
      id: first!.amendmentId,
    });
  });

  test('its call attempts and actions, added, changed or removed while amending, name it too; another observation’s do not', async () => {
    await submittedHere(OBS, OTHER);
    await writeAmendSession(store.db, store.cipher, OBS, session);
    const child = (recordId: string, type: 'action' | 'call-attempt', parentId: string) =>
      saveFields(store.db, store.cipher, {
        recordId,
        type,
        parentId,
        changes: type === 'action' ? { what: 'Book the review' } : { outcome: 'no-answer' },
      });
    await child('action-amend-0001', 'action', OBS);
    await saveFields(store.db, store.cipher, {
      recordId: 'action-amend-0001',
      type: 'action',
      changes: { what: 'Book the review for May' },
    });
    await child('attempt-amend-0001', 'call-attempt', OBS);
    await deleteRecord(store.db, store.cipher, 'attempt-amend-0001');
    await child('action-other-0001', 'action', OTHER);
    expect((await outboxMutations(store)).map((m) => [m.recordId, m.amendmentId])).toEqual([
      ['action-amend-0001', AMENDMENT],
      ['action-amend-0001', AMENDMENT],
      ['attempt-amend-0001', AMENDMENT],
      ['attempt-amend-0001', AMENDMENT],
      ['action-other-0001', undefined],
    ]);
  });

  test('once its row is written the amendment is finished: an edit made before the session ends names no amendment', async () => {
    await submittedHere(OBS);
    await writeAmendSession(store.db, store.cipher, OBS, session);
    await saveFields(store.db, store.cipher, {
      recordId: AMENDMENT,
      type: 'amendment',
      parentId: OBS,
      changes: { observationId: OBS, reason: session.reason },
    });
    // Another window saves in the moment between the row and the end of the session.
    await edit(OBS, { 'summary.strengths': 'Just after finishing.' });
    const [, late] = await outboxMutations(store);
    expect(late).toMatchObject({ recordId: OBS });
    expect(late!.amendmentId).toBeUndefined();
  });

  test('a new observation, and a delete, name no amendment', async () => {
    await writeAmendSession(store.db, store.cipher, OBS, session);
    await saveFields(store.db, store.cipher, {
      recordId: OBS,
      type: 'observation',
      scopeId: SCOPE,
      changes: { status: 'draft' },
    });
    await deleteRecord(store.db, store.cipher, OBS);
    expect((await outboxMutations(store)).map((m) => m.amendmentId)).toEqual([
      undefined,
      undefined,
    ]);
  });
});
