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
  wrote: {},
};

async function submittedHere(...ids: string[]) {
  await fromServer('submitted', 7, ...ids);
}

/** The server's copy of each observation, in this status (the QA lead returns or closes it). */
async function fromServer(status: string, version: number, ...ids: string[]) {
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({
      records: ids.map((id) =>
        serverRecord({
          id,
          version,
          fields: {
            kind: 'frontline-practice',
            templateId: 'frontline-practice',
            templateVersion: 1,
            status,
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
    const { id: _, wrote: _wrote, ...older } = session;
    await writeSealed(store.db, store.cipher, `scratch:amend:${OBS}`, older);
    await edit(OBS, { 'summary.strengths': 'First.' });
    await edit(OBS, { 'summary.strengths': 'Second.' });
    const [first, second] = await outboxMutations(store);
    expect(first!.amendmentId).toEqual(expect.any(String));
    expect(second!.amendmentId).toBe(first!.amendmentId);
    // Its fields' writes were not noted from the start, so none are noted part-way: a cancel
    // counts every field that differs as the amendment's (and lists each before it goes back).
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

  test('returned while amending: from the pull that brings it back, no edit names the amendment (its row would never be written), nor once it is submitted again; the session is kept, stopped, with its reason', async () => {
    await submittedHere(OBS);
    await writeAmendSession(store.db, store.cipher, OBS, session);
    await edit(OBS, { 'summary.strengths': 'While amending.' });
    await fromServer('returned', 8, OBS);
    expect(await readAmendSession(store.db, store.cipher, OBS)).toEqual({
      ...session,
      wrote: { 'summary.strengths': 'While amending.' },
      stopped: 'returned',
    });
    await edit(OBS, { 'summary.strengths': 'Returned: an ordinary edit.' });
    await saveFields(store.db, store.cipher, {
      recordId: 'action-amend-0002',
      type: 'action',
      parentId: OBS,
      changes: { what: 'Added once it was returned' },
    });
    // Submitted again on another tablet, before this one made any edit of it.
    await fromServer('submitted', 9, OBS);
    await edit(OBS, { 'summary.strengths': 'After it was submitted again.' });
    expect((await outboxMutations(store)).map((m) => [m.recordId, m.amendmentId])).toEqual([
      [OBS, AMENDMENT],
      [OBS, undefined],
      ['action-amend-0002', undefined],
      [OBS, undefined],
    ]);
    expect((await readAmendSession(store.db, store.cipher, OBS))?.stopped).toBe('returned');
  });

  test('an edit that finds the observation returned or closed, with no pull having stopped its session, names nothing and stops it', async () => {
    await fromServer('returned', 8, OBS);
    await fromServer('closed', 8, OTHER);
    // Sessions the pull did not see (kept by a release that did not stop them).
    await writeAmendSession(store.db, store.cipher, OBS, session);
    await writeAmendSession(store.db, store.cipher, OTHER, {
      ...session,
      id: 'amendment-0000-0002',
    });
    await saveFields(store.db, store.cipher, {
      recordId: 'attempt-amend-0002',
      type: 'call-attempt',
      parentId: OBS,
      changes: { outcome: 'no-answer' },
    });
    await edit(OBS, { 'summary.strengths': 'Returned: an ordinary edit.' });
    await edit(OTHER, { 'summary.strengths': 'Refused by the server as closed, named or not.' });
    expect((await outboxMutations(store)).map((m) => m.amendmentId)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect((await readAmendSession(store.db, store.cipher, OBS))?.stopped).toBe('returned');
    expect((await readAmendSession(store.db, store.cipher, OTHER))?.stopped).toBe('closed');
  });
});
