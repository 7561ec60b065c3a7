// Two windows of the app on one tablet saving the same field, through the store itself: each save
// goes with the value its window started from; words typed in both are merged, or the text one
// save replaced is kept on the tablet and shown beside the field until the person settles it. And
// for any interleaving of two windows' typing, saves and refreshes, no word typed is lost.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  freshStore,
  outboxMutations,
  pullPage,
  serverRecord,
} from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import type { FieldValue } from '../../schemas/sync/records';
import { applyPullPage } from './apply-pull';
import { keepOnlyLocalWork } from './keep-local-work';
import { readKeptTexts, removeKeptText } from './kept-texts';
import { resolveConflict, saveFields, settleKeptText } from './local-edits';
import { recordPushResults } from './outbox';
import { getRecord, keptTextsHere, keptTextsLeftBehind, listRecords } from './read-records';
import { localOnlyWork } from './session-store';
import { removeStaleRecords } from './stale';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const ID = 'observation-window-01';
const NOTE = 'summary.strengths';
const GRADE = 'summary.overallGrade';

const pulled = (fields: Record<string, FieldValue>, version = 4, updatedAt?: string) =>
  applyPullPage(
    store.db,
    store.cipher,
    pullPage({
      records: [serverRecord({ id: ID, version, fields, ...(updatedAt ? { updatedAt } : {}) })],
    }),
  );

/** A window's save of one field, from the value its screen showed when the person began. */
const saveFrom = (path: string, started: FieldValue, value: FieldValue, text = true) =>
  saveFields(store.db, store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { [path]: value },
    startedFrom: { version: 4, values: { [path]: started }, text: text ? [path] : [] },
  });

const shown = async () => (await getRecord(store.db, store.cipher, ID))!;

/** The server has taken both windows' saves (mutations 1 and 2). */
const bothSavesAcknowledged = () =>
  recordPushResults(store.db, store.cipher, {
    results: [
      { id: 1, status: 'applied' },
      { id: 2, status: 'applied' },
    ],
    lastMutationId: 2,
    serverTime: '2026-05-01T10:00:00.000Z',
  });

describe('two windows saving the same field', () => {
  test('text changed in different places: merged, and sent from the text it was merged with', async () => {
    await pulled({ [NOTE]: 'The worker was on time.' });
    await saveFrom(NOTE, 'The worker was on time.', 'Early: the worker was on time.');
    await saveFrom(NOTE, 'The worker was on time.', 'The worker was on time. She listened.');
    const merged = 'Early: the worker was on time. She listened.';
    expect((await shown()).fields[NOTE]).toBe(merged);
    expect((await shown()).conflicts).toEqual([]);
    const [, second] = await outboxMutations(store);
    // The server applies a device's edits in order: the second is from the first's result.
    expect(second).toMatchObject({
      set: { [NOTE]: merged },
      base: { [NOTE]: 'Early: the worker was on time.' },
      baseVersion: 4,
    });
  });

  test('text changed over the same words: the later save is the field, the text it replaced is kept and shown', async () => {
    await pulled({ [NOTE]: 'On time.' });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    const view = await shown();
    expect(view.fields[NOTE]).toBe('On time. Window B.');
    expect(view.conflicts).toMatchObject([
      {
        kind: 'text',
        path: NOTE,
        keptHere: true,
        current: 'On time. Window B.',
        incoming: 'On time. Window A.',
      },
    ]);
    // Lists show it too, and it is counted as work typed here and nowhere else.
    expect((await listRecords(store.db, store.cipher, 'observation'))[0]?.conflicts).toHaveLength(
      1,
    );
    expect((await localOnlyWork(store.db, store.cipher)).unfinished).toBe(1);
    // Sent as typed, from the window's base: another device's words would still be merged or
    // kept as a conflict by the server.
    const [, second] = await outboxMutations(store);
    expect(second).toMatchObject({
      set: { [NOTE]: 'On time. Window B.' },
      base: { [NOTE]: 'On time.' },
    });
  });

  test('scalars: the later save wins, with nothing kept', async () => {
    await pulled({ [GRADE]: 'good' });
    await saveFrom(GRADE, 'good', 'outstanding', false);
    await saveFrom(GRADE, 'good', 'requires-improvement', false);
    expect((await shown()).fields[GRADE]).toBe('requires-improvement');
    expect(await readKeptTexts(store.db, store.cipher, ID)).toEqual([]);
  });

  test('the window whose text was replaced types on from it: the kept text is taken up, and the other kept instead', async () => {
    await pulled({ [NOTE]: 'On time.' });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    // Window A's screen still shows its own text, and it types on.
    await saveFrom(NOTE, 'On time. Window A.', 'On time. Window A. More.');
    const view = await shown();
    expect(view.fields[NOTE]).toBe('On time. Window A. More.');
    expect(view.conflicts.map((c) => c.incoming)).toEqual(['On time. Window B.']);
  });

  test('the kept text outlives the edit being sent and acknowledged, and a pull of the record', async () => {
    await pulled({ [NOTE]: 'On time.' });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    await bothSavesAcknowledged();
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [serverRecord({ id: ID, version: 6, fields: { [NOTE]: 'On time. Window B.' } })],
        lastMutationId: 2,
      }),
    );
    expect(await outboxMutations(store)).toEqual([]);
    expect((await shown()).conflicts.map((c) => c.incoming)).toEqual(['On time. Window A.']);
  });

  test('a pull that brings the kept words into the field settles it', async () => {
    await pulled({ [NOTE]: 'On time.' });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    // While the edit is not acknowledged, the field is still this tablet's: the text stays kept.
    await pulled({ [NOTE]: 'On time. Window A.' }, 7);
    expect(await readKeptTexts(store.db, store.cipher, ID)).toHaveLength(1);
    await bothSavesAcknowledged();
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [serverRecord({ id: ID, version: 8, fields: { [NOTE]: 'On time. Window A.' } })],
        lastMutationId: 2,
      }),
    );
    expect(await readKeptTexts(store.db, store.cipher, ID)).toEqual([]);
  });

  test('signing out keeping local work keeps the record, and stale records never take it', async () => {
    const OLD = '2026-01-01T09:00:00.000Z';
    await pulled({ [NOTE]: 'On time.', status: 'submitted' }, 4, OLD);
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    await bothSavesAcknowledged();
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: ID,
            version: 6,
            fields: { [NOTE]: 'On time. Window B.', status: 'submitted' },
            updatedAt: OLD,
          }),
        ],
        lastMutationId: 2,
      }),
    );
    expect(await removeStaleRecords(store.db, store.cipher, new Date('2026-04-01'))).toMatchObject({
      observations: 0,
    });
    expect((await keepOnlyLocalWork(store.db, store.cipher)).kept).toBe(1);
    expect((await shown()).conflicts).toHaveLength(1);
  });
});

describe('for the lists', () => {
  test('each record’s kept texts are counted, and leave the count when settled', async () => {
    await pulled({ [NOTE]: 'On time.', kind: 'frontline-practice', status: 'draft' });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    const counts = async () => [...(await keptTextsHere(store.db, store.cipher)).counts];
    expect(await counts()).toEqual([[ID, 1]]);
    const [kept] = (await shown()).conflicts;
    await settleKeptText(store.db, store.cipher, {
      recordId: ID,
      keptId: kept!.id,
      value: 'On time. Window B.',
    });
    expect(await counts()).toEqual([]);
  });
});

describe('a record that leaves the tablet under its kept text', () => {
  const NAMED = { kind: 'frontline-practice', 'context.caseId': 'KT-4242', status: 'draft' };

  /** A text kept aside, the edits sent and acknowledged: nothing of the record is pending. */
  async function keptAndSent(): Promise<void> {
    await pulled({ [NOTE]: 'On time.', ...NAMED, templateId: 'frontline', templateVersion: 1 });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    await bothSavesAcknowledged();
  }
  const leftBehind = () => keptTextsLeftBehind(store.db, store.cipher);

  test('while the record is here, its kept text is shown beside its field, not listed apart', async () => {
    await keptAndSent();
    expect(await leftBehind()).toEqual([]);
  });

  test.each([
    [
      'deleted on another device',
      () =>
        pullPage({
          records: [serverRecord({ id: ID, version: 7, deleted: true, fields: { ...NAMED } })],
          lastMutationId: 2,
        }),
    ],
    ['no longer shared with the person', () => pullPage({ evict: [ID], lastMutationId: 2 })],
  ])(
    '%s: the record goes, its kept text is listed with what named it, until removed',
    async (_why, page) => {
      await keptAndSent();
      await applyPullPage(store.db, store.cipher, page());
      expect(await getRecord(store.db, store.cipher, ID)).toBeUndefined();
      const [left, ...more] = await leftBehind();
      expect(more).toEqual([]);
      expect(left).toMatchObject({
        recordId: ID,
        path: NOTE,
        text: 'On time. Window A.',
        of: {
          type: 'observation',
          parentId: null,
          fields: {
            kind: 'frontline-practice',
            'context.caseId': 'KT-4242',
            templateId: 'frontline',
            templateVersion: 1,
          },
        },
      });
      // Still work typed here and nowhere else, until the person removes it.
      expect((await localOnlyWork(store.db, store.cipher)).unfinished).toBe(1);
      await removeKeptText(store.db, store.cipher, ID, left!.id);
      expect(await leftBehind()).toEqual([]);
      expect((await localOnlyWork(store.db, store.cipher)).unfinished).toBe(0);
    },
  );

  test('deleted elsewhere while an edit was on its way: shown on the restore offer, then listed if left deleted', async () => {
    await pulled({ [NOTE]: 'On time.', ...NAMED });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    const offer = {
      id: 'conflict-deleted-01',
      path: '',
      kind: 'deleted' as const,
      current: null,
      incoming: null,
      deviceId: 'device-elsewhere-01',
      userId: 'user-observer-0001',
      at: '2026-05-01T09:40:00.000Z',
    };
    await bothSavesAcknowledged();
    await applyPullPage(
      store.db,
      store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: ID,
            version: 8,
            deleted: true,
            fields: { [NOTE]: 'On time. Window B.', ...NAMED },
            conflicts: [offer],
          }),
        ],
        lastMutationId: 2,
      }),
    );
    // The restore offer's record shows the kept text; it is not listed apart.
    const deleted = await shown();
    expect(deleted.deleted).toBe(true);
    expect(deleted.conflicts.filter((c) => c.keptHere).map((c) => c.incoming)).toEqual([
      'On time. Window A.',
    ]);
    expect(await leftBehind()).toEqual([]);
    // Left deleted: the offer is settled, and the kept text is listed on its own.
    await resolveConflict(store.db, store.cipher, {
      recordId: ID,
      conflictId: offer.id,
      restore: false,
    });
    expect((await leftBehind()).map((k) => k.text)).toEqual(['On time. Window A.']);
  });
});

describe('settling a kept text', () => {
  async function twoWindows() {
    await pulled({ [NOTE]: 'On time.' });
    await saveFrom(NOTE, 'On time.', 'On time. Window A.');
    await saveFrom(NOTE, 'On time.', 'On time. Window B.');
    const [kept] = (await shown()).conflicts;
    return kept!;
  }

  test('keeping the answer as it is: the kept text goes, and no edit is made', async () => {
    const kept = await twoWindows();
    const edit = await settleKeptText(store.db, store.cipher, {
      recordId: ID,
      keptId: kept.id,
      value: 'On time. Window B.',
    });
    expect(edit).toBeNull();
    expect((await shown()).conflicts).toEqual([]);
    expect(await outboxMutations(store)).toHaveLength(2);
    expect((await localOnlyWork(store.db, store.cipher)).unfinished).toBe(0);
  });

  test('keeping the text it replaced, or the two written together: an ordinary edit', async () => {
    const kept = await twoWindows();
    const together = 'On time. Window A. Window B.';
    await settleKeptText(store.db, store.cipher, {
      recordId: ID,
      keptId: kept.id,
      value: together,
    });
    const view = await shown();
    expect(view.fields[NOTE]).toBe(together);
    expect(view.conflicts).toEqual([]);
    expect((await outboxMutations(store))[2]).toMatchObject({
      set: { [NOTE]: together },
      base: { [NOTE]: 'On time. Window B.' },
    });
  });

  test('a kept text settled already (in the other window) says so', async () => {
    const kept = await twoWindows();
    await settleKeptText(store.db, store.cipher, { recordId: ID, keptId: kept.id, value: null });
    await expect(
      settleKeptText(store.db, store.cipher, { recordId: ID, keptId: kept.id, value: null }),
    ).rejects.toMatchObject({ name: 'ConflictNotFoundError' });
  });
});

// Any interleaving of two windows typing into one note: each adds words of its own, saves from
// the base its screen has (typing on while it saves, or not), and sometimes takes the store's copy
// onto its screen (as the form does once its own save has landed and it is not being typed in).
// Every word either window typed is, at the end, in the note or in a text kept beside it; and one
// window typing alone never sees a text kept aside.
type Step = { window: 0 | 1; kind: 'type' | 'save' | 'save-typing-on' | 'refresh'; at: number };

const step: fc.Arbitrary<Step> = fc.record({
  window: fc.constantFrom(0 as const, 1 as const),
  kind: fc.constantFrom(
    'type' as const,
    'type' as const,
    'save' as const,
    'save-typing-on' as const,
    'refresh' as const,
  ),
  at: fc.nat(30),
});

let run = 0;
/** Plays the steps through a store of its own; the record as it ends, and every word typed. */
async function play(steps: readonly Step[]) {
  const s = await freshStore();
  try {
    const id = `observation-prop-${String(++run).padStart(4, '0')}`;
    const first = 'The worker was on time.';
    await applyPullPage(
      s.db,
      s.cipher,
      pullPage({ records: [serverRecord({ id, version: 1, fields: { [NOTE]: first } })] }),
    );
    // Each window: the text on its screen, the base it was typed from, and whether typing
    // is waiting to be saved.
    const windows = [0, 1].map(() => ({ text: first, base: first, dirty: false }));
    const typed = new Set<string>();
    let word = 0;
    const stored = async () =>
      ((await getRecord(s.db, s.cipher, id))!.fields[NOTE] as string | undefined) ?? '';
    for (const { window, kind, at } of steps) {
      const w = windows[window]!;
      const type = () => {
        const words = w.text.split(' ');
        const added = `w${window}x${word++}`;
        words.splice(at % (words.length + 1), 0, added);
        typed.add(added);
        w.text = words.join(' ');
        w.dirty = true;
      };
      if (kind === 'type') {
        type();
      } else if (kind !== 'refresh' && w.dirty) {
        const saved = w.text;
        const { record } = await saveFields(s.db, s.cipher, {
          recordId: id,
          type: 'observation',
          changes: { [NOTE]: saved },
          startedFrom: { version: 1, values: { [NOTE]: w.base }, text: [NOTE] },
        });
        if (kind === 'save') {
          // The screen shows what the store holds now, and typing on starts from it.
          w.text = (record.fields[NOTE] as string | undefined) ?? '';
          w.base = w.text;
          w.dirty = false;
        } else {
          // Typed on while it saved: the screen keeps its text, grown from the text saved.
          w.base = saved;
          type();
        }
      } else if (kind === 'refresh' && !w.dirty) {
        w.text = await stored();
        w.base = w.text;
      }
    }
    for (const w of windows) {
      if (!w.dirty) continue;
      await saveFields(s.db, s.cipher, {
        recordId: id,
        type: 'observation',
        changes: { [NOTE]: w.text },
        startedFrom: { version: 1, values: { [NOTE]: w.base }, text: [NOTE] },
      });
    }
    const view = (await getRecord(s.db, s.cipher, id))!;
    return { view, typed };
  } finally {
    await s.close();
  }
}

test('for any interleaving of two windows typing, saving and refreshing, no word typed is lost', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const { view, typed } = await play(steps);
      const visible = new Set(
        [view.fields[NOTE], ...view.conflicts.map((c) => c.incoming)]
          .map((v) => String(v ?? ''))
          .flatMap((v) => v.split(' ')),
      );
      for (const w of typed) expect(visible).toContain(w);
    }),
    { numRuns: 60 },
  );
}, 60_000);

test('one window typing alone, saving as it goes, never has a text kept aside', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const { view, typed } = await play(steps.map((st) => ({ ...st, window: 0 as const })));
      expect(view.conflicts).toEqual([]);
      for (const w of typed) expect(String(view.fields[NOTE]).split(' ')).toContain(w);
    }),
    { numRuns: 40 },
  );
}, 60_000);
