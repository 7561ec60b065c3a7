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
import { cancelAmendment } from './amendment-cancel';
import { readAmendSession, writeAmendSession } from './amendments';
import { applyPullPage } from './apply-pull';
import { saveFields } from './local-edits';
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
      childChanges: [],
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
      childChanges: [],
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
      childChanges: [],
      ended: true,
    });
    expect(await outboxMutations(store)).toEqual([]);
    await expect(cancelAmendment(store.db, store.cipher, OBS, AMENDMENT)).rejects.toThrow(
      /no longer under way/,
    );
  });
});

test('an action added while amending is not put back by a cancel: it is listed and the amendment stays open', async () => {
  await amending();
  await saveFields(store.db, store.cipher, {
    recordId: 'action-cancel-0001',
    type: 'action',
    parentId: OBS,
    changes: { what: 'Added while amending' },
  });
  const outcome = await cancelAmendment(store.db, store.cipher, OBS, AMENDMENT);
  expect(outcome).toMatchObject({
    ended: false,
    childChanges: [{ recordId: 'action-cancel-0001', path: 'what', after: 'Added while amending' }],
  });
  expect((await readAmendSession(store.db, store.cipher, OBS))?.id).toBe(AMENDMENT);
});
