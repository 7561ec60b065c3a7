// Rescue rows: written synchronously with each keystroke, applied as an edit when the store next
// opens (once, with their removal) unless the window that wrote them is still open, cleared only
// by the form's own latest write, and counted as work typed here and nowhere else.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { freshStore, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { applyPullPage } from './apply-pull';
import { keepOnlyLocalWork } from './keep-local-work';
import { saveFields } from './local-edits';
import { pendingMutations } from './outbox';
import { getRecord } from './read-records';
import { applyRescues, clearRescue, rescueNow } from './rescue';
import type { Rescue } from './rescue';
import { readKeptTexts } from './kept-texts';
import { localOnlyWork } from './session-store';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const ID = 'rescued-obs-0001';
const rescue = (changes: Rescue['changes'], token = 't1', extra: Partial<Rescue> = {}): Rescue => ({
  recordId: ID,
  type: 'observation',
  scopeId: 'scope-0000000001',
  changes,
  at: new Date().toISOString(),
  token,
  ...extra,
});

/** The raw request commits on its own; wait until the row can be read. */
async function rescueRows(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const n = await store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count();
    if (n > 0) return n;
    await new Promise((r) => setTimeout(r, 5));
  }
  return 0;
}

test('typing rescued before its save landed becomes an edit at the next opening, once, and goes', async () => {
  rescueNow(
    store.db,
    store.cipher,
    'form-1',
    rescue({ 'summary.strengths': 'Typed then reloaded' }),
  );
  expect(await rescueRows()).toBe(1);
  // Work typed here and nowhere else: signing out asks before it goes.
  expect((await localOnlyWork(store.db, store.cipher)).unfinished).toBe(1);

  expect((await applyRescues(store.db, store.cipher)).applied).toBe(1);
  expect((await getRecord(store.db, store.cipher, ID))?.fields['summary.strengths']).toBe(
    'Typed then reloaded',
  );
  expect(await pendingMutations(store.db, store.cipher)).toHaveLength(1);
  expect(await store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count()).toBe(0);
  // A second opening finds nothing to do.
  expect((await applyRescues(store.db, store.cipher)).applied).toBe(0);
  expect(await pendingMutations(store.db, store.cipher)).toHaveLength(1);
});

test('a rescue whose save landed before the page went changes nothing', async () => {
  await saveFields(store.db, store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-0000000001',
    changes: { 'summary.strengths': 'Saved in time' },
  });
  rescueNow(store.db, store.cipher, 'form-1', rescue({ 'summary.strengths': 'Saved in time' }));
  expect(await rescueRows()).toBe(1);
  expect((await applyRescues(store.db, store.cipher)).applied).toBe(0);
  expect(await pendingMutations(store.db, store.cipher)).toHaveLength(1);
  expect(await store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count()).toBe(0);
});

test('a rescued edit started before a pull landed is merged against what the person saw', async () => {
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({
      records: [serverRecord({ id: ID, version: 3, fields: { 'summary.strengths': 'Theirs' } })],
    }),
  );
  rescueNow(
    store.db,
    store.cipher,
    'form-1',
    rescue({ 'summary.strengths': 'Mine' }, 't1', {
      startedFrom: { version: 2, values: { 'summary.strengths': 'Before' } },
    }),
  );
  expect(await rescueRows()).toBe(1);
  expect((await applyRescues(store.db, store.cipher)).applied).toBe(1);
  const [sent] = await pendingMutations(store.db, store.cipher);
  expect(sent).toMatchObject({
    baseVersion: 2,
    base: { 'summary.strengths': 'Before' },
    set: { 'summary.strengths': 'Mine' },
  });
});

test('a form clears only its own latest rescue: a later keystroke’s row stays', async () => {
  rescueNow(store.db, store.cipher, 'form-1', rescue({ 'summary.strengths': 'A' }, 't1'));
  rescueNow(store.db, store.cipher, 'form-1', rescue({ 'summary.strengths': 'AB' }, 't2'));
  rescueNow(store.db, store.cipher, 'form-2', rescue({ 'context.setting': 'Home' }, 't9'));
  expect(await rescueRows()).toBeGreaterThan(0);
  await new Promise((r) => setTimeout(r, 20));
  await clearRescue(store.db, store.cipher, 'form-1', ID, 't1');
  expect(await store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count()).toBe(2);
  await clearRescue(store.db, store.cipher, 'form-1', ID, 't2');
  expect(await store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count()).toBe(1);
});

test('signing out and keeping local work keeps the record a rescue belongs to', async () => {
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({ records: [serverRecord({ id: ID, fields: { status: 'draft' } })] }),
  );
  rescueNow(store.db, store.cipher, 'form-1', rescue({ 'summary.strengths': 'Half a thought' }));
  expect(await rescueRows()).toBe(1);
  await keepOnlyLocalWork(store.db, store.cipher);
  expect(await getRecord(store.db, store.cipher, ID)).toBeDefined();
});

test('the rows of a window still open are left to it; those of a window gone, or of none named, are applied', async () => {
  const other = (id: string) => ({ ...rescue({}), recordId: id });
  rescueNow(store.db, store.cipher, 'form-a', {
    ...other('rescued-obs-000a'),
    changes: { 'summary.strengths': 'Still being typed in window A' },
    writer: 'window-a',
  });
  rescueNow(store.db, store.cipher, 'form-b', {
    ...other('rescued-obs-000b'),
    changes: { 'summary.strengths': 'Typed in window B before it crashed' },
    writer: 'window-b',
  });
  rescueNow(store.db, store.cipher, 'form-c', {
    ...other('rescued-obs-000c'),
    changes: { 'summary.strengths': 'Rescued by an app from before windows were told apart' },
  });
  await new Promise((r) => setTimeout(r, 20));
  expect(await rescueRows()).toBe(3);

  const replay = await applyRescues(store.db, store.cipher, (w) => w === 'window-a');
  expect(replay).toEqual({ applied: 2, leftFor: ['window-a'] });
  const strengths = async (id: string) =>
    (await getRecord(store.db, store.cipher, id))?.fields['summary.strengths'];
  expect(await strengths('rescued-obs-000a')).toBeUndefined();
  expect(await strengths('rescued-obs-000b')).toBe('Typed in window B before it crashed');
  expect(await strengths('rescued-obs-000c')).toBe(
    'Rescued by an app from before windows were told apart',
  );
  // Window A's row is still there, counted as work typed here; once A has gone it is applied.
  expect(await store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count()).toBe(1);
  expect(await applyRescues(store.db, store.cipher, () => false)).toEqual({
    applied: 1,
    leftFor: [],
  });
  expect(await strengths('rescued-obs-000a')).toBe('Still being typed in window A');
});

test('a rescue written while the window’s own save was on its way, which landed as the page went: its typing replaces that save, nothing is kept aside', async () => {
  // A family feedback call's summary, as the window opened it (synced, so saves merge windows).
  const SUMMARY = 'family.auditorSummary';
  const before = 'They felt listened to.';
  const saving = `${before} Mid-se`;
  const typed = `${before} Mid-sentence with no sig`;
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({ records: [serverRecord({ id: ID, version: 4, fields: { [SUMMARY]: before } })] }),
  );
  const startedFrom = { version: 4, values: { [SUMMARY]: before }, text: [SUMMARY] };
  // The autosave hands "…Mid-se" to a save; typing goes on while it is written, and the last
  // keystroke (or the page going) is rescued with the base the screen has until the save is
  // heard to land: the text from before it, and the text on its way.
  rescueNow(
    store.db,
    store.cipher,
    'form-1',
    rescue({ [SUMMARY]: typed }, 't1', {
      startedFrom,
      landing: { [SUMMARY]: saving },
      writer: 'window-reloaded',
    }),
  );
  expect(await rescueRows()).toBe(1);
  // The save commits in IndexedDB, but the page has gone (reloaded) before hearing so.
  await saveFields(store.db, store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { [SUMMARY]: saving },
    startedFrom,
  });

  // Unlocked again: the rescue is replayed against the store that holds the window's own save.
  expect((await applyRescues(store.db, store.cipher)).applied).toBe(1);
  const shown = (await getRecord(store.db, store.cipher, ID))!;
  expect(shown.fields[SUMMARY]).toBe(typed);
  // One window typed alone: there is nothing to settle.
  expect(shown.conflicts).toEqual([]);
  expect(await readKeptTexts(store.db, store.cipher, ID)).toEqual([]);
});

test('a rescue whose window’s save on its way never landed, where another window saved meanwhile: still merged, or kept aside', async () => {
  const SUMMARY = 'family.auditorSummary';
  const before = 'They felt listened to.';
  await applyPullPage(
    store.db,
    store.cipher,
    pullPage({ records: [serverRecord({ id: ID, version: 4, fields: { [SUMMARY]: before } })] }),
  );
  const startedFrom = { version: 4, values: { [SUMMARY]: before }, text: [SUMMARY] };
  rescueNow(
    store.db,
    store.cipher,
    'form-1',
    rescue({ [SUMMARY]: `${before} Mid-sentence` }, 't1', {
      startedFrom,
      landing: { [SUMMARY]: `${before} Mid-se` },
      writer: 'window-reloaded',
    }),
  );
  expect(await rescueRows()).toBe(1);
  // Another window's words over the same place: a real clash, kept for the person.
  await saveFields(store.db, store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { [SUMMARY]: `${before} Said by the other window.` },
    startedFrom,
  });
  expect((await applyRescues(store.db, store.cipher)).applied).toBe(1);
  const shown = (await getRecord(store.db, store.cipher, ID))!;
  expect(shown.fields[SUMMARY]).toBe(`${before} Mid-sentence`);
  expect(await readKeptTexts(store.db, store.cipher, ID)).toMatchObject([
    { path: SUMMARY, text: `${before} Said by the other window.` },
  ]);
});
