// Two windows of the app on one tablet (two tabs, or the installed app beside a tab): what one
// does to a person's session, the other does too. Each controller is one window; they share the
// (fake) IndexedDB and a BroadcastChannel, as two windows of one origin do.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SessionResponse } from '../../schemas/api/account';
import { createWindowLocks } from '../../tests/helpers/simple-locks';
import {
  LocalDatabase,
  StoreClosedError,
  localDatabaseName,
  localOnlyWork,
  saveFields,
  writeScratch,
} from '../db';
import { deleteKeyringEntry, setLastUserId } from '../db/keyring';
import { createAutosave } from '../lib/autosave';
import { createWindowLife } from '../lib/window-life';
import { readKeptPage, writeKeptPage } from './kept-page';
import type { PageElement } from './page-input';
import { createSessionController } from './session';
import type { Phase, SessionController } from './session';
import { readNews, userTag } from './session-broadcast';
import type { WindowLocks } from './session-broadcast';

const SECRET = 'correct horse battery staple';
const ALICE = 'user-alice-0001';
const BOB = 'user-bob-0002';

let channel = '';
/** The Web Locks of the test's browser: each window open for a person holds one. */
let locks: WindowLocks & { held: Set<string> };
const windows: SessionController[] = [];
const users = [ALICE, BOB];

beforeEach(() => {
  channel = `obs-session-test-${randomUUID()}`;
  locks = createWindowLocks();
  // No server here: sign-out's request fails as offline would, which sign-out allows.
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
});

afterEach(async () => {
  for (const w of windows.splice(0)) {
    await w.closeOpenStore();
    w.dispose();
  }
  for (const u of users) {
    await LocalDatabase.delete(await localDatabaseName(u));
    await deleteKeyringEntry(u).catch(() => undefined);
  }
  await setLastUserId(null);
  vi.unstubAllGlobals();
});

function newWindow(broadcast = true, withLocks = true, page?: PageElement): SessionController {
  const w = createSessionController({
    iterations: 1_000,
    channel: broadcast ? channel : null,
    locks: withLocks ? locks : null,
    // Each window its own id (one page in a test holds them all).
    windows: createWindowLife(null, null),
    ...(page ? { page } : {}),
  });
  windows.push(w);
  return w;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function response(userId: string): SessionResponse {
  return {
    token: `token-${userId}`,
    expiresAt: '2099-01-01T00:00:00.000Z',
    deviceId: `device-${userId}`,
    user: {
      id: userId,
      email: `${userId}@example.org`,
      displayName: userId,
      role: 'observer',
      scopes: [],
    },
  };
}

type Open = Extract<Phase, { name: 'open' }>;

/** The first window signs in (first time on this tablet) and chooses the unlock secret. */
async function signInFirst(userId: string, w = newWindow()): Promise<Open> {
  await w.boot();
  await w.completeSignIn(`${userId}@example.org`, response(userId));
  await w.chooseSecret(SECRET);
  expect(w.phase.name).toBe('open');
  return w.phase as Open;
}

/** Another window opens on the same tablet: it finds the person locked and unlocks. */
async function unlockAnother(w = newWindow()): Promise<Open> {
  await w.boot();
  expect(w.phase.name).toBe('locked');
  expect(await w.unlock(SECRET)).toEqual({ ok: true });
  return w.phase as Open;
}

const draft = (id: string) => ({
  recordId: id,
  type: 'observation' as const,
  scopeId: 'scope-a-000001',
  changes: { status: 'draft', 'context.caseId': 'CASE-123' },
});

describe('two windows of the same person', () => {
  test('Lock in one locks the other: its store is closed and its data key gone', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    const inB = await unlockAnother(b);
    await saveFields(inB.store.db, inB.store.cipher, draft('observation-aaaa-0001'));

    await a.lock();
    expect(a.phase.name).toBe('locked');
    await vi.waitFor(() => expect(b.phase.name).toBe('locked'));
    expect(b.phase).toMatchObject({ userId: ALICE, lockedOut: false });
    expect(inB.store.db.isOpen()).toBe(false);
    // What B had saved is still there for the unlock.
    await unlockAnother(b);
    expect(b.phase.name).toBe('open');
  });

  test('the idle lock locks only the window left idle', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    const inB = await unlockAnother(b);
    await a.lock('idle');
    await new Promise((r) => setTimeout(r, 50));
    expect(b.phase.name).toBe('open');
    await saveFields(inB.store.db, inB.store.cipher, draft('observation-aaaa-0001'));
  });

  test('work saved while the server is told of a sign-out is kept, not erased', async () => {
    const a = newWindow();
    const inA = await signInFirst(ALICE, a);
    const b = newWindow();
    const inB = await unlockAnother(b);
    const name = inB.store.db.name;
    let answer: ((r: Response) => void) | null = null;
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answer = resolve)));

    // "Nothing unsent" when the person chose to sign out; on a poor signal the request waits.
    // The other window has locked by then; a save landing meanwhile (a window that answered late,
    // a draft of this one on its way) is counted before anything is erased.
    const signingOut = a.signOut('erase', 0);
    await vi.waitFor(() => expect(answer).not.toBeNull());
    expect(b.phase.name).toBe('locked');
    await saveFields(inA.store.db, inA.store.cipher, draft('observation-aaaa-0003'));
    answer!(new Response(null, { status: 204 }));
    expect(await signingOut).toBe('signed-out');

    expect(a.phase).toEqual({ name: 'signed-out', reason: 'kept-unsent' });
    await vi.waitFor(() => expect(b.phase).toEqual({ name: 'signed-out', reason: 'kept-unsent' }));
    expect(await LocalDatabase.exists(name)).toBe(true);
  });

  test('signing out (nothing unsent) in one signs the other out, and its database stays deleted', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    const inB = await unlockAnother(b);
    const name = inB.store.db.name;

    await a.signOut('erase');
    expect(a.phase).toEqual({ name: 'signed-out', reason: 'signed-out' });
    await vi.waitFor(() => expect(b.phase).toEqual({ name: 'signed-out', reason: 'signed-out' }));

    // A late autosave or sync in B fails plainly, and the database is not made again.
    await expect(
      saveFields(inB.store.db, inB.store.cipher, draft('observation-aaaa-0002')),
    ).rejects.toBeInstanceOf(StoreClosedError);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
  });

  test('signing out and keeping unsent work signs the other out and keeps what it had saved', async () => {
    const a = newWindow();
    const inA = await signInFirst(ALICE, a);
    await saveFields(inA.store.db, inA.store.cipher, draft('observation-aaaa-0001'));
    const b = newWindow();
    const inB = await unlockAnother(b);

    await a.signOut('keep');
    expect(a.phase).toEqual({ name: 'signed-out', reason: 'kept-unsent' });
    await vi.waitFor(() => expect(b.phase).toEqual({ name: 'signed-out', reason: 'kept-unsent' }));
    expect(inB.store.db.isOpen()).toBe(false);
    expect(await LocalDatabase.exists(inB.store.db.name)).toBe(true);
  });

  test('a revoked tablet erased in one window is signed out in the other', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    const inB = await unlockAnother(b);
    await a.eraseRevoked();
    await vi.waitFor(() =>
      expect(b.phase).toEqual({ name: 'signed-out', reason: 'device-removed' }),
    );
    expect(await LocalDatabase.exists(inB.store.db.name)).toBe(false);
  });

  test('a window already locked for that person goes to sign-in when the other signs out', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    await b.boot();
    expect(b.phase.name).toBe('locked');
    await a.signOut('erase');
    await vi.waitFor(() => expect(b.phase).toEqual({ name: 'signed-out', reason: 'signed-out' }));
  });

  test('without the channel, a database deleted by the other window still locks this one', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow(false);
    const inB = await unlockAnother(b);
    await a.signOut('erase');
    await vi.waitFor(() => expect(b.phase.name).not.toBe('open'));
    await expect(
      saveFields(inB.store.db, inB.store.cipher, draft('observation-aaaa-0002')),
    ).rejects.toBeInstanceOf(StoreClosedError);
    expect(await LocalDatabase.exists(inB.store.db.name)).toBe(false);
  });
});

describe('the page kept for signing in again', () => {
  const kept = JSON.stringify({ userId: ALICE, url: '/observations/obs-1', afterSso: true });

  test.each(['erase', 'keep'] as const)(
    'goes when the person signs out (%s), from this tab and from memory',
    async (choice) => {
      const a = newWindow();
      const inA = await signInFirst(ALICE, a);
      if (choice === 'keep')
        await saveFields(inA.store.db, inA.store.cipher, draft('observation-aaaa-0001'));
      writeKeptPage(kept);
      await a.signOut(choice);
      expect(a.phase.name).toBe('signed-out');
      expect(sessionStorage.getItem('obs-return-page')).toBeNull();
      expect(readKeptPage()).toBeNull();
    },
  );

  test('goes when the tablet is erased for an administrator’s removal', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    await unlockAnother(b);
    writeKeptPage(kept);
    await a.eraseRevoked();
    await vi.waitFor(() => expect(b.phase.name).toBe('signed-out'));
    expect(readKeptPage()).toBeNull();
  });

  test('stays while the person is only locked', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    writeKeptPage(kept);
    await a.lock();
    expect(a.phase.name).toBe('locked');
    expect(sessionStorage.getItem('obs-return-page')).toBe(kept);
    sessionStorage.clear();
  });
});

describe('signing out while another window of the same person is typing', () => {
  /**
   * What the other window saves as it locks (a form's last words on their way to the disk), after
   * `ms`: a value typed in a record, not valid yet.
   */
  function savesAsItLocks(w: SessionController, inW: Open, ms: number): void {
    const hook = async () => {
      w.beforeClose.delete(hook);
      await sleep(ms);
      await writeScratch(
        inW.store.db,
        inW.store.cipher,
        'obs-typed-0001',
        'context.caseId',
        'AB-1',
      );
    };
    w.beforeClose.add(hook);
  }

  test('the other window saves and locks before anything is counted; more than was shown is asked about again', async () => {
    const a = newWindow();
    const inA = await signInFirst(ALICE, a);
    const b = newWindow();
    const inB = await unlockAnother(b);
    savesAsItLocks(b, inB, 100);
    const server = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    vi.stubGlobal('fetch', server);

    // The page showed nothing unsent when the person pressed Sign out.
    expect(await a.signOut('erase', 0)).toBe('recounted');
    // Nothing was done: still signed in here, the server not told, the words on the tablet.
    expect(a.phase.name).toBe('open');
    expect(server).not.toHaveBeenCalled();
    expect(await localOnlyWork(inA.store.db, inA.store.cipher)).toEqual({
      unfinished: 1,
      refused: 0,
    });
    // The other window is locked: nothing more can be typed there that a sign-out would miss.
    expect(b.phase.name).toBe('locked');
    expect(inB.store.db.isOpen()).toBe(false);

    // Asked again, the person keeps them.
    expect(await a.signOut('keep', 1)).toBe('signed-out');
    expect(a.phase).toEqual({ name: 'signed-out', reason: 'kept-unsent' });
    await vi.waitFor(() => expect(b.phase).toEqual({ name: 'signed-out', reason: 'kept-unsent' }));
    expect(await LocalDatabase.exists(inA.store.db.name)).toBe(true);
  });

  test('deleting what was shown does not delete more than was shown: it asks again', async () => {
    const a = newWindow();
    const inA = await signInFirst(ALICE, a);
    await saveFields(inA.store.db, inA.store.cipher, draft('observation-aaaa-0001'));
    const b = newWindow();
    savesAsItLocks(b, await unlockAnother(b), 50);

    expect(await a.signOut('discard', 1)).toBe('recounted');
    expect(a.phase.name).toBe('open');
    // Asked again, with both shown, the person deletes them.
    expect(await a.signOut('discard', 2)).toBe('signed-out');
    expect(a.phase).toEqual({ name: 'signed-out', reason: 'signed-out' });
    expect(await LocalDatabase.exists(inA.store.db.name)).toBe(false);
  });

  test('a window that does not answer is waited for only a moment', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    const inB = await unlockAnother(b);
    // Frozen, as a hidden tab can be: it answers long after.
    savesAsItLocks(b, inB, 4_000);
    const started = performance.now();
    await a.signOut('erase');
    const waited = performance.now() - started;
    expect(a.phase.name).toBe('signed-out');
    expect(waited).toBeGreaterThan(2_900);
    expect(waited).toBeLessThan(4_500);
  }, 15_000);

  test('a window alone, or with only locked windows of the person, waits for nobody', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const b = newWindow();
    await b.boot();
    expect(b.phase.name).toBe('locked');
    const started = performance.now();
    await a.signOut('erase');
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(locks.held.size).toBe(0);
  });

  test('where the browser has no Web Locks, the moment is waited for whole and the answer counted', async () => {
    const a = newWindow(true, false);
    const inA = await signInFirst(ALICE, a);
    const b = newWindow(true, false);
    savesAsItLocks(b, await unlockAnother(b), 50);
    const started = performance.now();
    expect(await a.signOut('erase', 0)).toBe('recounted');
    expect(performance.now() - started).toBeGreaterThan(2_900);
    expect(b.phase.name).toBe('locked');
    expect((await localOnlyWork(inA.store.db, inA.store.cipher)).unfinished).toBe(1);
  }, 15_000);
});

describe('a window locking or signing out takes no input', () => {
  /** Whether the page took input at each moment named (`inert` false: it did). */
  function watchPage(w: SessionController, page: PageElement) {
    const seen: Record<string, boolean[]> = { save: [], close: [], screen: [] };
    const form = createAutosave({
      save: async () => void seen.save!.push(page.inert),
      delayMs: 60_000,
    });
    w.beforeClose.add(async () => void seen.close!.push(page.inert));
    w.subscribe((p) => {
      if (p.name !== 'open') seen.screen!.push(page.inert);
    });
    return { seen, form };
  }

  test('from the moment a lock begins until its screen: the last save reads all the page shows', async () => {
    const page = { inert: false };
    const w = newWindow(true, true, page);
    await signInFirst(ALICE, w);
    const { seen, form } = watchPage(w, page);
    form.set('summary.strengths', 'Words typed');

    const locking = w.lock('idle');
    // Synchronously, before anything is awaited: no key lands after the save is read.
    expect(page.inert).toBe(true);
    await locking;
    expect(seen).toEqual({ save: [true], close: [true], screen: [true] });
    // Let go as the locked screen's phase is set, which then takes input itself.
    expect(w.phase.name).toBe('locked');
    expect(page.inert).toBe(false);
    await form.dispose();
  });

  test('a window asked by another signing out takes no input from its lock on', async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const page = { inert: false };
    const b = newWindow(true, true, page);
    await unlockAnother(b);
    const { seen, form } = watchPage(b, page);
    form.set('summary.strengths', 'Words typed');

    expect(await a.signOut('keep')).toBe('signed-out');
    await vi.waitFor(() => expect(b.phase.name).toBe('signed-out'));
    expect(seen.save).toEqual([true]);
    expect(seen.close).toEqual([true]);
    // Locked first (set while held), then signed out by the sign-out's news (nothing to hold).
    expect(seen.screen).toEqual([true, false]);
    expect(page.inert).toBe(false);
    await form.dispose();
  });

  test('signing out takes no input from the count that decides; asked again, the page is back', async () => {
    const page = { inert: false };
    const a = newWindow(true, true, page);
    const inA = await signInFirst(ALICE, a);
    await saveFields(inA.store.db, inA.store.cipher, draft('observation-aaaa-0001'));
    const { seen } = watchPage(a, page);

    // More than the page showed: nothing done, and the page takes input to ask again.
    expect(await a.signOut('erase', 0)).toBe('recounted');
    expect(page.inert).toBe(false);
    expect(await a.signOut('discard', 1)).toBe('signed-out');
    expect(seen.close).toEqual([true]);
    expect(seen.screen).toEqual([true]);
    expect(page.inert).toBe(false);
  });
});

describe('a shared tablet: windows of different people', () => {
  test("one person's Lock and sign-out leave another person's window open", async () => {
    const a = newWindow();
    await signInFirst(ALICE, a);
    const c = newWindow();
    const inC = await signInFirst(BOB, c);

    await a.lock();
    await new Promise((r) => setTimeout(r, 50));
    expect(c.phase.name).toBe('open');
    await saveFields(inC.store.db, inC.store.cipher, draft('observation-bbbb-0001'));

    expect(await a.unlock(SECRET)).toEqual({ ok: true });
    await a.signOut('erase');
    await new Promise((r) => setTimeout(r, 50));
    expect(c.phase.name).toBe('open');
    await saveFields(inC.store.db, inC.store.cipher, draft('observation-bbbb-0002'));
  });
});

describe('the messages', () => {
  test('name the person only by the tag their database is named by', async () => {
    const tag = await userTag(ALICE);
    expect(await localDatabaseName(ALICE)).toBe(`obs-${tag}`);
    expect(readNews({ kind: 'locked', user: tag })).toEqual({ kind: 'locked', user: tag });
    expect(readNews({ kind: 'locked', user: ALICE })).toBeNull();
    expect(readNews({ kind: 'signed-out', user: tag, reason: 'whatever' })).toBeNull();
    expect(readNews('locked')).toBeNull();
  });

  test('a sign-out asks for saving by an id, and each answer names its window and says if all was saved', async () => {
    const user = await userTag(ALICE);
    const ask = randomUUID();
    const window = randomUUID();
    expect(readNews({ kind: 'save-and-lock', user, ask })).toEqual({
      kind: 'save-and-lock',
      user,
      ask,
    });
    expect(readNews({ kind: 'saved', user, ask, window, ok: false })).toEqual({
      kind: 'saved',
      user,
      ask,
      window,
      ok: false,
    });
    expect(readNews({ kind: 'save-and-lock', user, ask: 'anything' })).toBeNull();
    expect(readNews({ kind: 'saved', user, ask, window, ok: 'yes' })).toBeNull();
    expect(readNews({ kind: 'saved', user, ask, ok: true })).toBeNull();
  });
});
