// The life of the app on a tablet: signed out, choosing an unlock secret after the first sign-in,
// locked, or open for one person. Plain TypeScript (no Preact), so every transition is tested
// without a screen. The data key lives only in memory while the app is open; locking drops it
// and closes the store, and only the unlock secret (or a full online sign-in, through the
// server's device key) brings it back.
// Every window of the app on the tablet hears when a person locks (with the Lock button), signs
// out or is erased in another (session-broadcast.ts), and does the same for that person; a store
// another window deletes or upgrades under this one locks this one too (`onClosedElsewhere`).
// Only the keyring loads with the first screen; the store, Dexie, zod and the API client load on
// unlock or sign-in (from the service worker's cache when offline), so the unlock screen is quick.
import type { Account, SessionResponse } from '../../schemas/api/account';
import type { LocalSettings } from '../../schemas/entities/local-settings';
import type { LocalStore } from '../db';
import {
  clearLockout,
  deleteKeyringEntry,
  findKeyringEntryByEmail,
  lastUserId,
  maxUnlockAttempts,
  noteServerContact,
  offlineLimitPassed,
  readKeyringEntry,
  setLastUserId,
  unlockWithDeviceKey,
  unlockWithSecret,
  writeDevicePolicy,
  writeKeyringEntry,
} from '../db/keyring';
import type { KeyringEntry } from '../db/keyring';
import { flushAllAutosaves, rescueAllAutosaves } from '../lib/autosave';
import { setOpenStore } from '../lib/open-store';
import { thisWindow } from '../lib/window-life';
import type { WindowLife } from '../lib/window-life';
import type { ApiFailure } from '../lib/api';
import { fromBase64url, toBase64url } from '../sync/base64url';
import type { SignOutOutcome } from '../lib/services';
import { forgetKeptPage } from './kept-page';
import { createPageInput } from './page-input';
import type { PageElement } from './page-input';
import { createRescueReplay } from './rescue-replay';
import {
  SESSION_CHANNEL,
  holdOpenWindowLock,
  openSessionBroadcast,
  otherOpenWindows,
  userTag,
} from './session-broadcast';
import type { SessionNews, SignedOutNews, WindowLocks } from './session-broadcast';

const loadStore = () => import('../db');
const network = async () => {
  const [{ api, describeFailure }, { ignoredResponseSchema, sessionResponseSchema }] =
    await Promise.all([import('../lib/api'), import('../../schemas/api/account')]);
  return { api, describeFailure, ignoredResponseSchema, sessionResponseSchema };
};
const settingsModule = () => import('../../schemas/entities/local-settings');
const ssoModule = () => import('../../schemas/admin/sso');

/** Where the single sign-on verifier waits while the browser is at the provider (this tab only). */
const SSO_VERIFIER_KEY = 'obs-sso-verifier';
/** How long signing out waits for the server before going on without it. */
const SIGN_OUT_TIMEOUT_MS = 10_000;
/**
 * How long signing out waits for the person's other windows to save what is typed in them. One
 * that has not answered by then is hidden or frozen: it handed its typing to the disk as it was
 * hidden, and the count sees that.
 */
const OTHER_WINDOWS_WAIT_MS = 3_000;

/** What is kept (sealed) about the session in the person's own store. */
export type StoredSession = {
  token: string | null;
  expiresAt: string | null;
  deviceId: string;
  user: Account;
};

export type SignedOutReason = 'signed-out' | 'device-removed' | 'kept-unsent' | null;

export type Phase =
  | { name: 'booting' }
  | { name: 'signed-out'; reason: SignedOutReason }
  | { name: 'choose-secret'; user: Account }
  | {
      name: 'locked';
      userId: string;
      attemptsLeft: number;
      lockedOut: boolean;
      /** Locked out for going longer than this many days without reaching the server. */
      offlineDays: number | null;
      /** Signed in online but the data could not be opened without the secret. */
      afterSignIn: boolean;
      /**
       * The person's email while the app holds it in memory (locked after use, or just signed in),
       * so a password manager can tell the unlock secret from the account password; null after a
       * restart, as the keyring keeps only its hash.
       */
      email: string | null;
    }
  | { name: 'open'; store: LocalStore; session: StoredSession; settings: LocalSettings };

export type SignInOutcome =
  { ok: true } | { ok: false; message: string; field?: 'email' | 'password' };

export type UnlockOutcome =
  { ok: true } | { ok: false; message: string; lockedOut: boolean; attemptsLeft: number };

type Listener = (phase: Phase) => void;

export type SessionControllerOptions = {
  /** Fetch prefix for the API ('' on the app's own origin). */
  deviceName?: string;
  /** For tests: a cheaper key derivation. */
  iterations?: number;
  /** The BroadcastChannel the app's windows share; null for none (tests of one window). */
  channel?: string | null;
  /** The Web Locks API; defaults to navigator.locks; null where the browser has none. */
  locks?: WindowLocks | null;
  /** Which of the app's windows are open (tests supply their own). */
  windows?: WindowLife;
  /**
   * The app's page (its root element), which takes no input while the window locks or signs out
   * (page-input.ts); none in tests without a screen.
   */
  page?: PageElement | null;
};

/**
 * Why the app locks: the Lock button (every window open for that person locks too), the idle
 * lock (this window only: activity is counted per window, so a tab left idle must not lock the
 * window the person is working in, whose own idle lock covers it), or news from another window.
 */
export type LockCause = 'button' | 'idle' | 'elsewhere';

function base64urlToBytes(text: string): Uint8Array | null {
  try {
    const out = fromBase64url(text);
    return out.length === 32 ? out : null;
  } catch {
    return null;
  }
}

function signInMessage(
  failure: ApiFailure,
  describeFailure: (f: ApiFailure) => string,
): SignInOutcome {
  if (failure.kind === 'offline') {
    return {
      ok: false,
      message:
        'You need a signal to sign in. Connect the tablet to the internet or Wi-Fi, then try again.',
    };
  }
  if (failure.kind === 'refused' && failure.code === 'SIGN_IN_FAILED') {
    return { ok: false, message: failure.message, field: 'email' };
  }
  return { ok: false, message: describeFailure(failure) };
}

export function createSessionController(options: SessionControllerOptions = {}) {
  let phase: Phase = { name: 'booting' };
  const listeners = new Set<Listener>();
  /** A sign-in whose data key is waiting for the person to choose an unlock secret. */
  let pending: { response: SessionResponse; email: string; dataKey: Uint8Array } | null = null;
  /** A sign-in waiting for the unlock secret (the server offered no way to recover the key). */
  let awaitingUnlock: SessionResponse | null = null;

  const set = (next: Phase) => {
    // Signed out (here, by another window, or erased): where the person was goes with them.
    if (next.name === 'signed-out') forgetKeptPage();
    phase = next;
    for (const l of listeners) l(next);
  };
  // Let go in the same turn as the next screen's phase is set: that screen replaces the page
  // (rendered in a microtask) before any key can land, and takes input itself.
  const pageInput = createPageInput(options.page ?? null);
  // Begun with the controller, at the app's start: this window is known to be open from then.
  const life = options.windows ?? thisWindow();
  const replayRescues = createRescueReplay(life, () =>
    phase.name === 'open' ? phase.store : null,
  );

  const channelName = options.channel === undefined ? SESSION_CHANNEL : options.channel;
  const broadcast =
    channelName === null ? null : openSessionBroadcast((news) => void heard(news), channelName);
  const locks =
    options.locks === undefined
      ? ((globalThis.navigator as { locks?: WindowLocks } | undefined)?.locks ?? null)
      : options.locks;
  /**
   * This window: one id for its rescue rows and for the others while it has a person's store
   * open. Its life's lock says only that the page is there; which windows are open for a person
   * changes with every lock and unlock, so that is a lock of its own (`obs-open:`), named with
   * the same id.
   */
  const windowId = life.id;
  let releaseOpenWindowLock: (() => void) | null = null;

  /** Tells the app's other windows (the person only by their database's tag). */
  async function announce(kind: 'locked' | 'signed-out', userId: string, reason?: SignedOutNews) {
    if (!broadcast) return;
    const user = await userTag(userId);
    broadcast.announce(
      kind === 'locked' ? { kind, user } : { kind, user, reason: reason ?? 'signed-out' },
    );
  }

  /**
   * Asks the person's other open windows to save what is typed in them and lock, and waits for
   * them (a moment at most). False if one of them could not save (a full disk).
   */
  async function askOtherWindowsToSave(userId: string): Promise<boolean> {
    if (!broadcast) return true;
    const user = await userTag(userId);
    const others = locks ? await otherOpenWindows(locks, user, windowId) : null;
    return broadcast.askToSave(user, others, OTHER_WINDOWS_WAIT_MS);
  }

  /** Whose store this window has open or is locked for, if anyone's. */
  const currentUserId = (): string | null =>
    phase.name === 'open' ? phase.session.user.id : phase.name === 'locked' ? phase.userId : null;

  /**
   * Another window locked, signed out or erased a person. Only a window open (or locked) for that
   * same person obeys; one open for someone else on a shared tablet is left as it is.
   */
  async function heard(news: SessionNews): Promise<void> {
    const before = phase;
    const userId = currentUserId();
    if (!userId || (await userTag(userId)) !== news.user || phase !== before) return;
    if (news.kind === 'locked') {
      await controller.lock('elsewhere');
      return;
    }
    if (news.kind === 'save-and-lock') {
      // A window locked already has nothing typed to save, and was not counted: it waits for the
      // sign-out's own news. An open one saves, locks (nothing more can be typed here that the
      // sign-out would not count), then answers.
      if (phase.name !== 'open') return;
      const ok = await controller.lock('elsewhere');
      broadcast?.announce({ kind: 'saved', user: news.user, ask: news.ask, window: windowId, ok });
      return;
    }
    if (news.kind === 'saved') return;
    const release = phase.name === 'open' ? pageInput.hold() : () => undefined;
    try {
      if (phase.name === 'open') {
        // What this window had typed goes to the disk first while the store is still there
        // (kept for the next sign-in); a store the other window erased is closed already.
        if (!phase.store.db.closedElsewhere) await flushAllAutosaves();
        await controller.closeOpenStore();
      }
      awaitingUnlock = null;
      set({ name: 'signed-out', reason: news.reason });
    } finally {
      release();
    }
  }

  /**
   * The store was deleted or upgraded by another window (or closed by the browser): it cannot be
   * written to any more, so this window locks at once; a sign-out's news follows and signs out.
   */
  async function storeClosedElsewhere(store: LocalStore): Promise<void> {
    if (phase.name !== 'open' || phase.store !== store) return;
    const { id: userId, email } = phase.session.user;
    // Nothing typed now could reach the disk: a key taken would be kept only in memory.
    const release = pageInput.hold();
    try {
      await controller.closeOpenStore();
      const entry = await readKeyringEntry(userId).catch(() => undefined);
      if (phase.name !== 'open' || phase.store !== store) return;
      set(entry ? lockedPhase(entry, false, email) : { name: 'signed-out', reason: null });
    } finally {
      release();
    }
  }

  /** The locked phase as this person's keyring entry has it now. */
  function lockedPhase(entry: KeyringEntry, afterSignIn: boolean, email: string | null): Phase {
    const offlineDays = entry.lockedOutOffline
      ? (entry.policy?.offlineUnlockDays ?? null)
      : offlineLimitPassed(entry, new Date());
    return {
      name: 'locked',
      userId: entry.userId,
      attemptsLeft: Math.max(0, maxUnlockAttempts(entry) - entry.failedAttempts),
      lockedOut: entry.lockedOut || offlineDays !== null,
      offlineDays,
      afterSignIn,
      email,
    };
  }

  /** Copies the authority's unlocking rules beside the keys; a failure only keeps the old ones. */
  async function keepPolicy(userId: string, settings: LocalSettings): Promise<void> {
    const { unlockAttempts, offlineUnlockDays } = settings;
    await writeDevicePolicy(userId, { unlockAttempts, offlineUnlockDays }).catch(() => undefined);
  }

  async function open(userId: string, dataKey: Uint8Array, fresh: SessionResponse | null) {
    const { openLocalStore, readSealed, writeSealed } = await loadStore();
    const { DEFAULT_LOCAL_SETTINGS, localSettingsSchema } = await settingsModule();
    const local = await openLocalStore(userId, dataKey);
    dataKey.fill(0);
    local.db.onClosedElsewhere(() => void storeClosedElsewhere(local));
    local.db.beforeUpgradeElsewhere(() => flushAllAutosaves());
    let session = await readSealed<StoredSession>(local.db, local.cipher, 'session');
    if (fresh) {
      session = {
        token: fresh.token,
        expiresAt: fresh.expiresAt,
        deviceId: fresh.deviceId,
        user: fresh.user,
      };
      await writeSealed(local.db, local.cipher, 'session', session);
    }
    if (!session) {
      // The store exists but holds no session (it was never completed): sign in again.
      local.db.close();
      set({ name: 'signed-out', reason: null });
      return;
    }
    const storedSettings = await readSealed<unknown>(local.db, local.cipher, 'settings');
    const parsed = localSettingsSchema.safeParse(storedSettings);
    const settings = parsed.success ? parsed.data : DEFAULT_LOCAL_SETTINGS;
    await setLastUserId(userId);
    if (parsed.success) await keepPolicy(userId, settings);
    // Typing rescued when a page went before its save landed (a reload, a closed tab) becomes an
    // edit before any screen shows the record; a window still typing keeps its own.
    await replayRescues(local);
    if (locks && broadcast) {
      releaseOpenWindowLock?.();
      releaseOpenWindowLock = holdOpenWindowLock(locks, await userTag(userId), windowId);
    }
    set({ name: 'open', store: local, session, settings });
    setOpenStore(userId, local);
    // A save that failed before the lock (a full disk) is tried again now the store is back.
    void flushAllAutosaves();
  }

  async function requestSignIn(
    email: string,
    password: string,
  ): Promise<{ ok: true; response: SessionResponse } | { ok: false; outcome: SignInOutcome }> {
    const known = await findKeyringEntryByEmail(email);
    const { api, describeFailure, sessionResponseSchema } = await network();
    const result = await api('/api/auth/sign-in', {
      body: {
        email: email.trim(),
        password,
        ...(known?.deviceId ? { deviceId: known.deviceId } : {}),
        deviceName: options.deviceName ?? 'Tablet',
      },
      schema: sessionResponseSchema,
    });
    if (!result.ok) return { ok: false, outcome: signInMessage(result.failure, describeFailure) };
    return { ok: true, response: result.value };
  }

  const controller = {
    get phase(): Phase {
      return phase;
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async boot(): Promise<void> {
      const last = await lastUserId().catch(() => null);
      const entry = last ? await readKeyringEntry(last).catch(() => undefined) : undefined;
      if (!entry) {
        set({ name: 'signed-out', reason: null });
        return;
      }
      set(lockedPhase(entry, false, null));
    },

    /** The first (or a full) online sign-in with email and password. */
    async signIn(email: string, password: string): Promise<SignInOutcome> {
      const attempt = await requestSignIn(email, password);
      if (!attempt.ok) return attempt.outcome;
      return controller.completeSignIn(email, attempt.response);
    },

    /** Whether the server offers single sign-on (false offline or on an older server). */
    async ssoAvailable(): Promise<boolean> {
      // Offline there is nothing to ask, and the question would load the network code (and zod)
      // with the first screen.
      if (!navigator.onLine) return false;
      const { api } = await network();
      const { oidcStatusSchema } = await ssoModule();
      const r = await api('/api/auth/oidc', { schema: oidcStatusSchema });
      return r.ok && r.value.enabled;
    },

    /**
     * Sends the browser to the organisation's sign-in (through the server). The verifier stays in
     * this tab, so only this tab can exchange the code the provider's answer brings back.
     */
    async startSso(): Promise<void> {
      const verifier = toBase64url(crypto.getRandomValues(new Uint8Array(32)));
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
      sessionStorage.setItem(SSO_VERIFIER_KEY, verifier);
      const query = new URLSearchParams({
        codeChallenge: toBase64url(new Uint8Array(digest)),
        deviceName: options.deviceName ?? 'Tablet',
      });
      // As a password sign-in does, name this tablet's registration for the person last here, so
      // the server keeps it (and its key recovery and mutation ids) rather than making a new one;
      // it is used only if the person signing in is the one it belongs to.
      const userId = phase.name === 'locked' ? phase.userId : await lastUserId().catch(() => null);
      const known = userId ? await readKeyringEntry(userId).catch(() => undefined) : undefined;
      if (known?.deviceId) query.set('deviceId', known.deviceId);
      location.assign(`/api/auth/oidc/start?${query.toString()}`);
    },

    /** Back from the provider with a one-time code: exchange it, then as after a password. */
    async completeSso(code: string): Promise<SignInOutcome> {
      const verifier = sessionStorage.getItem(SSO_VERIFIER_KEY);
      sessionStorage.removeItem(SSO_VERIFIER_KEY);
      if (!verifier) {
        return {
          ok: false,
          message: 'That sign-in was started in another window or has expired. Sign in again.',
        };
      }
      const { api, describeFailure, sessionResponseSchema } = await network();
      const r = await api('/api/auth/oidc/exchange', {
        body: { code, codeVerifier: verifier },
        schema: sessionResponseSchema,
      });
      if (!r.ok) return signInMessage(r.failure, describeFailure);
      return controller.completeSignIn(r.value.user.email, r.value);
    },

    /** After the server has said who this is (password or single sign-on). */
    async completeSignIn(email: string, response: SessionResponse): Promise<SignInOutcome> {
      const userId = response.user.id;
      const entry = await readKeyringEntry(userId);
      const deviceKey = response.deviceKey ? base64urlToBytes(response.deviceKey) : null;
      if (!entry) {
        const { generateDataKey } = await loadStore();
        pending = { response, email, dataKey: generateDataKey() };
        set({ name: 'choose-secret', user: response.user });
        return { ok: true };
      }
      await clearLockout(userId, response.deviceId);
      const recovered = deviceKey ? await unlockWithDeviceKey(userId, deviceKey) : null;
      if (recovered) {
        const { writeSealed } = await loadStore();
        if (phase.name === 'open' && phase.session.user.id === userId) {
          // Signing in again while open (an expired session): only the session changes.
          const session: StoredSession = {
            token: response.token,
            expiresAt: response.expiresAt,
            deviceId: response.deviceId,
            user: response.user,
          };
          await writeSealed(phase.store.db, phase.store.cipher, 'session', session);
          recovered.fill(0);
          set({ ...phase, session });
          return { ok: true };
        }
        await controller.closeOpenStore();
        await open(userId, recovered, response);
        return { ok: true };
      }
      if (phase.name === 'open' && phase.session.user.id === userId) {
        const { writeSealed } = await loadStore();
        const session: StoredSession = {
          token: response.token,
          expiresAt: response.expiresAt,
          deviceId: response.deviceId,
          user: response.user,
        };
        await writeSealed(phase.store.db, phase.store.cipher, 'session', session);
        set({ ...phase, session });
        return { ok: true };
      }
      awaitingUnlock = response;
      await controller.closeOpenStore();
      const cleared = await readKeyringEntry(userId);
      if (cleared) set(lockedPhase(cleared, true, response.user.email));
      return { ok: true };
    },

    /** The unlock secret chosen after a first sign-in on this tablet. */
    async chooseSecret(secret: string): Promise<void> {
      if (!pending) throw new Error('No sign-in is waiting for an unlock secret');
      const { response, email, dataKey } = pending;
      const deviceKey = response.deviceKey ? base64urlToBytes(response.deviceKey) : null;
      await writeKeyringEntry({
        userId: response.user.id,
        email,
        deviceId: response.deviceId,
        secret,
        dataKey,
        deviceKey,
        ...(options.iterations ? { iterations: options.iterations } : {}),
      });
      pending = null;
      await open(response.user.id, dataKey, response);
    },

    cancelChooseSecret(): void {
      pending?.dataKey.fill(0);
      pending = null;
      set({ name: 'signed-out', reason: null });
    },

    async unlock(secret: string): Promise<UnlockOutcome> {
      if (phase.name !== 'locked')
        return { ok: false, message: '', lockedOut: false, attemptsLeft: 0 };
      const { userId } = phase;
      const result = await unlockWithSecret(userId, secret);
      if (!result.ok) {
        set({
          ...phase,
          attemptsLeft: result.attemptsLeft,
          lockedOut: result.lockedOut,
          offlineDays: result.offlineDays,
        });
        return {
          ok: false,
          lockedOut: result.lockedOut,
          attemptsLeft: result.attemptsLeft,
          message:
            result.offlineDays !== null
              ? `This tablet has not reached the server for more than ${result.offlineDays} ${result.offlineDays === 1 ? 'day' : 'days'}. Sign in with your email address and password while online to open your work again. Nothing has been deleted.`
              : result.lockedOut
                ? 'Too many wrong attempts. Sign in with your email address and password while online to open your work again. Nothing has been deleted.'
                : `The unlock secret is not right. You have ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left before you must sign in online.`,
        };
      }
      const fresh = awaitingUnlock?.user.id === userId ? awaitingUnlock : null;
      awaitingUnlock = null;
      await open(userId, result.dataKey, fresh);
      return { ok: true };
    },

    /**
     * Saves what is typed, closes the store and forgets the data key. The Lock button locks the
     * person's other windows too; the idle lock only this one. Resolves false if a save failed (a
     * full disk): what it held is tried again after the same person's unlock.
     */
    async lock(cause: LockCause = 'button'): Promise<boolean> {
      if (phase.name !== 'open') return true;
      const { store } = phase;
      const { id: userId, email } = phase.session.user;
      // From here no key reaches a form: the save below reads everything the page shows.
      const release = pageInput.hold();
      try {
        if (cause === 'button') await announce('locked', userId);
        const saved = await flushAllAutosaves();
        const entry = await readKeyringEntry(userId);
        // Read first, so nothing is awaited between the store closing and the locked screen.
        await controller.closeOpenStore();
        // Signed out meanwhile by another window's news: stay signed out.
        if (phase.name !== 'open' || phase.store !== store) return saved;
        if (entry) set(lockedPhase(entry, false, email));
        else set({ name: 'signed-out', reason: null });
        return saved;
      } finally {
        release();
      }
    },

    /** The open session has just reached the server (a clean sync). */
    async noteServerContact(): Promise<void> {
      if (phase.name !== 'open') return;
      await noteServerContact(phase.session.user.id).catch(() => undefined);
    },

    /** Hooks run before the store closes (the shell stops syncing there). */
    beforeClose: new Set<() => Promise<void>>(),

    async closeOpenStore(): Promise<void> {
      if (phase.name !== 'open') return;
      const { store } = phase;
      releaseOpenWindowLock?.();
      releaseOpenWindowLock = null;
      for (const hook of controller.beforeClose) await hook().catch(() => undefined);
      const { closeLocalStore } = await loadStore();
      // Typed since the last save began (a key pressed while the sync stopped): handed to the disk
      // now, synchronously, before the store closes and the form with it.
      rescueAllAutosaves();
      setOpenStore('', null);
      closeLocalStore(store);
    },

    /** Unsent changes of the open store, for the sign-out warning. */
    async unsent(): Promise<number> {
      if (phase.name !== 'open') return 0;
      const { unsentSummary } = await loadStore();
      return (await unsentSummary(phase.store.db)).count;
    },

    /**
     * Signs out. With nothing unsent, what this person left on the tablet is erased. With unsent
     * work (changes, safety concerns waiting for a signal, unfinished entries, refused changes),
     * `keep` leaves it on the tablet (encrypted) for their next sign-in; only an explicit
     * `discard` erases it. The person's other windows save what is typed in them and lock first;
     * `shown`, how much unsent work the page showed when the person chose, is what they chose
     * about: with more found then, nothing is done and the answer is `recounted`, for the page to
     * show it and ask again (with more found only after the server was told, it is all kept).
     */
    async signOut(choice: 'erase' | 'keep' | 'discard', shown?: number): Promise<SignOutOutcome> {
      if (phase.name !== 'open') return 'signed-out';
      const {
        keepOnlyLocalWork,
        localOnlyWork,
        queuedConcernCount,
        unsentSummary,
        wipeLocalStore,
        writeSealed,
      } = await loadStore();
      const { api, ignoredResponseSchema } = await network();
      const { store: local, session } = phase;
      const userId = session.user.id;
      // Signed out meanwhile by another window's news, or locked by it.
      const gone = () => phase.name !== 'open' || phase.store !== local;
      /** Everything typed here on the disk, then how much would be erased; one for a failed save. */
      const waitingWork = async (othersSaved: boolean) => {
        const saved = (await flushAllAutosaves()) && othersSaved;
        const kept = await localOnlyWork(local.db, local.cipher);
        const waiting =
          (await unsentSummary(local.db)).count +
          (await queuedConcernCount(local.db)) +
          kept.unfinished +
          kept.refused +
          // A save that failed (a full disk): keep what is on the disk rather than erase it.
          (saved ? 0 : 1);
        return { waiting, saved };
      };
      // What the person's other windows have typed is on the disk, and nothing more can be typed
      // there, before anything is counted.
      const othersSaved = await askOtherWindowsToSave(userId);
      if (gone()) return 'signed-out';
      if (shown !== undefined && choice !== 'keep') {
        const { waiting } = await waitingWork(othersSaved);
        if (waiting > shown) return 'recounted';
      }
      // The server is told next: on a poor signal that can take a while, and whatever is saved
      // meanwhile (a window that answered late) must be counted before anything is erased.
      if (session.token) {
        await api('/api/auth/sign-out', {
          method: 'POST',
          token: session.token,
          schema: ignoredResponseSchema,
          signal: AbortSignal.timeout(SIGN_OUT_TIMEOUT_MS),
        });
      }
      if (gone()) return 'signed-out';
      // From the count that decides on, no key reaches a form (the header's menu leads to them):
      // one taken after it would be erased uncounted, or kept unasked. Not before: the page says
      // it is signing out while the other windows and the server are waited for.
      const release = pageInput.hold();
      try {
        const { waiting, saved } = await waitingWork(othersSaved);
        const erase =
          waiting === 0 || (choice === 'discard' && (shown === undefined || waiting <= shown));
        if (!erase) {
          // Only the work itself stays; what the server holds comes back at the next sign-in.
          // After a save that failed, everything stays as it is on the disk.
          if (saved) await keepOnlyLocalWork(local.db, local.cipher);
          await writeSealed(local.db, local.cipher, 'session', {
            ...session,
            token: null,
            expiresAt: null,
          });
          await controller.closeOpenStore();
          await setLastUserId(null);
          set({ name: 'signed-out', reason: 'kept-unsent' });
          release();
          await announce('signed-out', userId, 'kept-unsent');
          return 'signed-out';
        }
        await controller.closeOpenStore();
        await wipeLocalStore(userId);
        await deleteKeyringEntry(userId);
        set({ name: 'signed-out', reason: 'signed-out' });
        release();
        await announce('signed-out', userId, 'signed-out');
        return 'signed-out';
      } finally {
        release();
      }
    },

    /** An administrator revoked this tablet: erase this person's data and keys from it. */
    async eraseRevoked(): Promise<void> {
      if (phase.name !== 'open') return;
      const userId = phase.session.user.id;
      const { wipeLocalStore } = await loadStore();
      await controller.closeOpenStore();
      await wipeLocalStore(userId);
      await deleteKeyringEntry(userId);
      set({ name: 'signed-out', reason: 'device-removed' });
      await announce('signed-out', userId, 'device-removed');
    },

    /** Checklists the authority published; kept sealed so they open offline. */
    async saveTemplates(templates: unknown[]): Promise<void> {
      if (phase.name !== 'open') return;
      const { writeSealed } = await loadStore();
      await writeSealed(phase.store.db, phase.store.cipher, 'templates', templates);
    },

    /** Settings the server sent at sync; kept sealed so they apply offline too. */
    async saveSettings(settings: LocalSettings): Promise<void> {
      if (phase.name !== 'open') return;
      if (JSON.stringify(settings) === JSON.stringify(phase.settings)) return;
      const { writeSealed } = await loadStore();
      await writeSealed(phase.store.db, phase.store.cipher, 'settings', settings);
      await keepPolicy(phase.session.user.id, settings);
      set({ ...phase, settings });
    },

    /** Stops listening to the other windows (tests; the app's page just goes away). */
    dispose(): void {
      broadcast?.close();
    },
  };
  return controller;
}

export type SessionController = ReturnType<typeof createSessionController>;
