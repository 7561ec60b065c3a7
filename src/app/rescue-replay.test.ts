// Rescue rows are replayed only once the window that wrote them has gone: at a store's opening
// for a window already gone, and, in a window already open, when the writer goes.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { freshStore } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { createTestChannel, createWindowLocks } from '../../tests/helpers/window-locks';
import type { TestWindowLocks } from '../../tests/helpers/window-locks';
import { getRecord, rescueNow } from '../db';
import { createWindowLife } from '../lib/window-life';
import { createRescueReplay } from './rescue-replay';

let store: TestStore;
let locks: TestWindowLocks;
beforeEach(async () => {
  store = await freshStore();
  locks = createWindowLocks();
});
afterEach(async () => {
  await store.close();
});

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
};
const strengths = async (id: string) =>
  (await getRecord(store.db, store.cipher, id))?.fields['summary.strengths'];

function typedIn(writer: string, recordId: string, text: string): void {
  rescueNow(store.db, store.cipher, `form-of-${writer}`, {
    recordId,
    type: 'observation',
    scopeId: 'scope-0000000001',
    changes: { 'summary.strengths': text },
    at: new Date().toISOString(),
    token: 't1',
    writer,
  });
}
const rescueRows = () => store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count();

test('a window opening leaves the rescue of a window still typing, and takes it up once that one goes', async () => {
  createWindowLife(locks, null, 'window-a');
  const b = createWindowLife(locks, null, 'window-b');
  let open: TestStore | null = store;
  const replay = createRescueReplay(b, () => open);
  typedIn('window-a', 'obs-typed-in-a', 'Still being typed in A');
  expect(await until(async () => (await rescueRows()) === 1)).toBe(true);

  await replay(store);
  expect(await strengths('obs-typed-in-a')).toBeUndefined();
  expect(await rescueRows()).toBe(1);

  // A's tab is closed or crashes: B, open all along, applies what A left.
  locks.gone('window-a');
  expect(await until(async () => (await strengths('obs-typed-in-a')) !== undefined)).toBe(true);
  expect(await strengths('obs-typed-in-a')).toBe('Still being typed in A');
  expect(await rescueRows()).toBe(0);
  open = null;
});

test('a window opening after the writer has gone applies its rescue at once', async () => {
  createWindowLife(locks, null, 'window-a');
  typedIn('window-a', 'obs-typed-in-a', 'Typed in A before it crashed');
  expect(await until(async () => (await rescueRows()) === 1)).toBe(true);
  locks.gone('window-a');
  const c = createWindowLife(locks, null, 'window-c');
  await createRescueReplay(c, () => store)(store);
  expect(await strengths('obs-typed-in-a')).toBe('Typed in A before it crashed');
});

test('a window gone while no store is open leaves its rescue for the next opening', async () => {
  createWindowLife(locks, null, 'window-a');
  const b = createWindowLife(locks, null, 'window-b');
  let open: TestStore | null = store;
  const replay = createRescueReplay(b, () => open);
  typedIn('window-a', 'obs-typed-in-a', 'Typed in A while B was locked');
  expect(await until(async () => (await rescueRows()) === 1)).toBe(true);
  await replay(store);
  // B locks (its store closes); then A goes.
  open = null;
  locks.gone('window-a');
  await new Promise((r) => setTimeout(r, 20));
  expect(await rescueRows()).toBe(1);
  // B unlocks: A is gone, so its rescue is applied now.
  open = store;
  await replay(store);
  expect(await strengths('obs-typed-in-a')).toBe('Typed in A while B was locked');
});

test('a window opened later and killed mid-typing: the window open all along applies its rescue', async () => {
  const channel = createTestChannel();
  const b = createWindowLife(locks, channel.end(), 'window-b');
  const replay = createRescueReplay(b, () => store);
  await replay(store);
  // Opened after B's store: B hears of it, and waits for it to go.
  createWindowLife(locks, channel.end(), 'window-k');
  typedIn('window-k', 'obs-typed-in-k', 'Typed in K when its tab crashed');
  expect(await until(async () => (await rescueRows()) === 1)).toBe(true);
  await new Promise((r) => setTimeout(r, 20));
  expect(await strengths('obs-typed-in-k')).toBeUndefined();
  locks.gone('window-k');
  expect(await until(async () => (await strengths('obs-typed-in-k')) !== undefined)).toBe(true);
  expect(await strengths('obs-typed-in-k')).toBe('Typed in K when its tab crashed');
});
