// Cancelling an amendment puts back what it changed, as edits that still name it (so the server
// accepts them on a submitted observation), and leaves alone, and lists, a field changed since by
// someone else.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  freshStore,
  outboxMutations,
  pullPage,
  serverRecord,
} from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import type { FieldValue, SyncRecord } from '../../schemas/sync/records';
import { cancelAmendment } from './amendment-cancel';
import { readAmendSession, writeAmendSession } from './amendments';
import { applyPullPage } from './apply-pull';
import { deleteRecord, saveFields } from './local-edits';
import { getRecord } from './read-records';
import { recordPushResults } from './outbox';
import { openRecordRow } from './record-rows';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const OBS = 'observation-cancel-0001';
const AMENDMENT = 'amendment-cancel-0001';
const SUBMITTED = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
  status: 'submitted',
  'summary.strengths': 'As submitted.',
  'summary.overallGrade': 'good',
};

async function fromServer(version: number, fields: Record<string, string | number>, acked = 0) {
  if (acked > 0)
    await recordPushResults(store.db, store.cipher, {
      results: Array.from({ length: acked }, (_, i) => ({ id: i + 1, status: 'applied' as const })),
      lastMutationId: acked,
      serverTime: '2026-05-01T10:00:00.000Z',
    });
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({ records: [serverRecord({ id: OBS, version, fields })], lastMutationId: acked }),
  );
}

async function amending() {
  await fromServer(7, SUBMITTED);
  const row = (await store.db.records.get(OBS))!;
  await writeAmendSession(store.db, store.cipher, OBS, {
    id: AMENDMENT,
    reason: 'Opened by mistake',
    before: openRecordRow(store.cipher, row).local,
    children: [],
    startedAt: '2026-05-01T09:00:00.000Z',
    wrote: {},
  });
}

const edit = (changes: Record<string, string | null>) =>
  saveFields(store.db, store.cipher, { recordId: OBS, type: 'observation', changes });

const fields = async () => openRecordRow(store.cipher, (await store.db.records.get(OBS))!).local;

describe('cancelling an amendment', () => {
  test('puts back every field it changed, as one edit naming it, and ends it with no row', async () => {
    await amending();
    await edit({ 'summary.strengths': 'Changed my mind.' });
    await edit({ 'summary.overallGrade': null, 'context.setting': 'Home' });
    const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(outcome).toEqual({
      reverted: ['context.setting', 'summary.overallGrade', 'summary.strengths'],
      changedSince: [],
      childrenPutBack: [],
      childChangedSince: [],
      ended: true,
    });
    expect(await fields()).toMatchObject(SUBMITTED);
    expect((await fields())['context.setting']).toBeUndefined();
    const sent = await outboxMutations(store);
    expect(sent.map((m) => m.amendmentId)).toEqual([AMENDMENT, AMENDMENT, AMENDMENT]);
    expect(sent[2]!.set).toEqual({
      'context.setting': null,
      'summary.overallGrade': 'good',
      'summary.strengths': 'As submitted.',
    });
    expect(sent.some((m) => m.type === 'amendment')).toBe(false);
    expect(await readAmendSession(store.db, store.cipher, OBS)).toBeUndefined();
    // Over: a later edit is an ordinary one.
    await edit({ 'summary.strengths': 'Later.' });
    expect((await outboxMutations(store))[3]!.amendmentId).toBeUndefined();
  });

  test('a field someone else changed after the amendment did is left as it is and listed; the rest go back and the amendment stays open to be finished', async () => {
    await amending();
    await edit({ 'summary.strengths': 'Mine.' });
    await edit({ 'summary.overallGrade': 'outstanding' });
    // The server took both and merged another tablet's words into the strengths.
    await fromServer(
      9,
      {
        ...SUBMITTED,
        'summary.strengths': 'Mine. And theirs.',
        'summary.overallGrade': 'outstanding',
      },
      2,
    );
    const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(outcome).toEqual({
      reverted: ['summary.overallGrade'],
      changedSince: [
        {
          path: 'summary.strengths',
          before: 'As submitted.',
          ours: 'Mine.',
          now: 'Mine. And theirs.',
        },
      ],
      childrenPutBack: [],
      childChangedSince: [],
      ended: false,
    });
    expect(await fields()).toMatchObject({
      'summary.strengths': 'Mine. And theirs.',
      'summary.overallGrade': 'good',
    });
    expect((await readAmendSession(store.db, store.cipher, OBS))?.id).toBe(AMENDMENT);
    const [last] = (await outboxMutations(store)).slice(-1);
    expect(last).toMatchObject({ set: { 'summary.overallGrade': 'good' }, amendmentId: AMENDMENT });
  });

  test('with nothing changed it just ends; an amendment no longer under way is not cancelled', async () => {
    await amending();
    expect(await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT)).toEqual({
      reverted: [],
      changedSince: [],
      childrenPutBack: [],
      childChangedSince: [],
      ended: true,
    });
    expect(await outboxMutations(store)).toEqual([]);
    await expect(cancelAmendment(store.db, store.cipher, OBS, AMENDMENT)).rejects.toThrow(
      /no longer under way/,
    );
  });
});

describe('cancelling an amendment: its improvement actions and call attempts', () => {
  const ACTION = 'action-cancel-0001';
  const CALL = 'call-cancel-0001';
  const CALL_FIELDS = { at: '2026-04-30T15:00', outcome: 'no-answer', note: 'Rang twice.' };

  const child = (
    id: string,
    type: 'action' | 'call-attempt',
    version: number,
    fields: Record<string, FieldValue>,
    deleted = false,
  ): SyncRecord => serverRecord({ id, type, parentId: OBS, version, deleted, fields });

  /** The observation and its rows as the server sends them (after `acked` of ours were taken). */
  async function pull(records: SyncRecord[], acked = 0) {
    if (acked > 0)
      await recordPushResults(store.db, store.cipher, {
        results: Array.from({ length: acked }, (_, i) => ({
          id: i + 1,
          status: 'applied' as const,
        })),
        lastMutationId: acked,
        serverTime: '2026-05-01T10:00:00.000Z',
      });
    await applyPullPage(store.db, store.cipher, pullPage({ records, lastMutationId: acked }));
  }

  /** Amending, begun (as the amend page begins it) with an action and a call attempt. */
  async function amendingWithChildren(keptWrites = true) {
    await pull([
      serverRecord({ id: OBS, version: 7, fields: SUBMITTED }),
      child(ACTION, 'action', 7, { what: 'As submitted', status: 'open', order: 1 }),
      child(CALL, 'call-attempt', 7, CALL_FIELDS),
    ]);
    const row = (await store.db.records.get(OBS))!;
    await writeAmendSession(store.db, store.cipher, OBS, {
      id: AMENDMENT,
      reason: 'Opened by mistake',
      before: openRecordRow(store.cipher, row).local,
      children: [
        { id: ACTION, type: 'action', fields: { what: 'As submitted' } },
        { id: CALL, type: 'call-attempt', fields: CALL_FIELDS },
      ],
      ...(keptWrites ? { childWrote: {} } : {}),
      startedAt: '2026-05-01T09:00:00.000Z',
    });
  }

  const addAction = (id: string, what: string) =>
    saveFields(store.db, store.cipher, {
      recordId: id,
      type: 'action',
      parentId: OBS,
      changes: { what, status: 'open' },
    });

  test('an action added while amending is removed, by an edit naming the amendment, and the amendment ends with no row', async () => {
    await amendingWithChildren();
    await addAction('action-cancel-0002', 'Added while amending');
    const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(outcome).toMatchObject({
      childrenPutBack: [{ recordId: 'action-cancel-0002', kind: 'remove' }],
      childChangedSince: [],
      ended: true,
    });
    expect((await getRecord(store.db, store.cipher, 'action-cancel-0002'))?.deleted).toBe(true);
    const [, removal] = await outboxMutations(store);
    expect(removal).toMatchObject({
      recordId: 'action-cancel-0002',
      op: 'delete',
      amendmentId: AMENDMENT,
    });
    expect(await readAmendSession(store.db, store.cipher, OBS)).toBeUndefined();
  });

  test('an action removed while amending comes back with its words, even once the tablet has let go of it, and a call attempt changed goes back', async () => {
    await amendingWithChildren();
    await saveFields(store.db, store.cipher, {
      recordId: ACTION,
      type: 'action',
      changes: { what: 'Reworded, then removed' },
    });
    await deleteRecord(store.db, store.cipher, ACTION);
    await saveFields(store.db, store.cipher, {
      recordId: CALL,
      type: 'call-attempt',
      changes: { outcome: 'spoke-to-family', note: null },
    });
    // The server took all three; its removal of the action leaves the tablet nothing to hold.
    await pull(
      [
        child(ACTION, 'action', 9, { what: 'Reworded, then removed', status: 'open' }, true),
        child(CALL, 'call-attempt', 10, { ...CALL_FIELDS, outcome: 'spoke-to-family', note: null }),
      ],
      3,
    );
    expect(await store.db.records.get(ACTION)).toBeUndefined();
    const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(outcome.childrenPutBack.map((b) => [b.recordId, b.kind])).toEqual([
      [ACTION, 'restore'],
      [CALL, 'change'],
    ]);
    expect(outcome.ended).toBe(true);
    const action = (await getRecord(store.db, store.cipher, ACTION))!;
    expect(action).toMatchObject({ deleted: false, parentId: OBS, type: 'action' });
    expect(action.fields['what']).toBe('As submitted');
    expect((await getRecord(store.db, store.cipher, CALL))!.fields).toMatchObject(CALL_FIELDS);
    const sent = await outboxMutations(store);
    expect(sent.map((m) => [m.recordId, m.op, m.set, m.amendmentId])).toEqual([
      [ACTION, 'restore', { what: 'As submitted' }, AMENDMENT],
      [CALL, 'put', { outcome: 'no-answer', note: 'Rang twice.' }, AMENDMENT],
    ]);
    expect(sent[0]).toMatchObject({ type: 'action', baseVersion: 0 });
    expect(await readAmendSession(store.db, store.cipher, OBS)).toBeUndefined();
  });

  test('a call attempt someone else has changed since is left as it is and listed, the rest goes back, and the amendment stays open', async () => {
    await amendingWithChildren();
    await saveFields(store.db, store.cipher, {
      recordId: CALL,
      type: 'call-attempt',
      changes: { note: 'Mine.' },
    });
    await addAction('action-cancel-0002', 'Added while amending');
    // The server merged another tablet's words into the note.
    await pull(
      [
        child(CALL, 'call-attempt', 9, { ...CALL_FIELDS, note: 'Mine. And theirs.' }),
        child('action-cancel-0002', 'action', 10, { what: 'Added while amending', status: 'open' }),
      ],
      2,
    );
    const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(outcome).toMatchObject({
      childrenPutBack: [{ recordId: 'action-cancel-0002', kind: 'remove' }],
      childChangedSince: [
        {
          recordType: 'call-attempt',
          recordId: CALL,
          path: 'note',
          before: 'Rang twice.',
          ours: 'Mine.',
          now: 'Mine. And theirs.',
        },
      ],
      ended: false,
    });
    expect((await getRecord(store.db, store.cipher, CALL))!.fields['note']).toBe(
      'Mine. And theirs.',
    );
    const session = await readAmendSession(store.db, store.cipher, OBS);
    expect(session?.id).toBe(AMENDMENT);
    // A second cancel has only what someone else changed left to show.
    const again = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(again).toMatchObject({ childrenPutBack: [], ended: false });
    expect(again.childChangedSince).toEqual(outcome.childChangedSince);
  });

  test('rows someone else added or changed, which the amendment never touched, are not its to put back', async () => {
    await amendingWithChildren();
    await pull([
      child('action-cancel-0003', 'action', 9, { what: 'Theirs', status: 'open' }),
      child(CALL, 'call-attempt', 9, { ...CALL_FIELDS, note: 'Their note.' }),
    ]);
    const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(outcome).toMatchObject({ childrenPutBack: [], childChangedSince: [], ended: true });
    expect(await outboxMutations(store)).toEqual([]);
  });

  test('a session begun by a release that kept no record of its child edits counts every row that differs as its own', async () => {
    await amendingWithChildren(false);
    await addAction('action-cancel-0002', 'Added while amending');
    const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
    expect(outcome).toMatchObject({
      childrenPutBack: [{ recordId: 'action-cancel-0002', kind: 'remove' }],
      ended: true,
    });
  });
});
