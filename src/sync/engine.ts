// The client sync engine: sends the outbox, takes the server's changes, and says where it stands.
//
// One sync at a time per tab, and one tab at a time per user across the device (Web Locks, taken
// only if free: a tab that finds it taken follows and looks again shortly). A sync pushes pending
// mutations in batches, records every answer with src/db's recordPushResults (so a refused change
// is kept for the person before its outbox entry goes), then pulls every page with applyPullPage
// (each page, its cursor and acknowledgements in one transaction). A failure is either retried
// with backoff (no signal, server unavailable), or waits for the person (sign in again, update
// the app), or, for a revoked device, hands over to the app to erase what the device holds.
import {
  adoptDeviceRegistration,
  applyPullPage,
  pendingMutations,
  readSyncState,
  recordPushResults,
  unsentSummary,
  RegistrationSupersededError,
  restartNumberingAt,
} from '../db';
import type { LocalStore } from '../db';
import type { PullRequest } from '../../schemas/sync/pull';
import { MAX_MUTATIONS_PER_PUSH } from '../../schemas/sync/push';
import { PUSH_LIMITS, takePushBatch } from './batch';
import type { BatchLimits } from './batch';
import { VERSIONS } from './transport';
import type { SyncTransport, TransportFailure, Unversioned } from './transport';
import { DEFAULT_BACKOFF, backoffDelay, systemClock } from './timing';
import type { BackoffPolicy, Clock, Random, TimerHandle } from './timing';

export type SyncReason =
  | 'start'
  | 'online'
  | 'visible'
  | 'edit'
  | 'periodic'
  | 'background-sync'
  | 'retry'
  | 'sign-in'
  | 'manual';

/** Triggers that fire by themselves; after a refused request they wait for a person or an edit. */
const AUTOMATIC: ReadonlySet<SyncReason> = new Set([
  'online',
  'visible',
  'periodic',
  'background-sync',
  'retry',
]);

/** The signed-in session: its bearer token and the device registration it belongs to. */
export type AuthSession = { token: string; deviceId: string };

/** The subset of the Web Locks API the engine uses, so tests can supply their own. */
export type LockManagerLike = {
  request<T>(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
};

export type SyncPhase =
  /** Not syncing; the last sync finished (or none has run yet). */
  | 'idle'
  | 'syncing'
  /** A sync failed for a reason that passes (no signal, server down); a retry is scheduled. */
  | 'waiting'
  /** The server wants the person to sign in again; unsent changes stay on the device. */
  | 'needs-sign-in'
  /** The server no longer accepts this version of the app. */
  | 'needs-update'
  /** An administrator removed this device; the app is erasing its data. */
  | 'device-removed'
  /** The server refused a request as wrong; not retried until a person or an edit asks. */
  | 'problem'
  | 'stopped';

export type SyncFailure =
  | 'offline'
  | 'server-unavailable'
  | 'session-expired'
  | 'signed-out'
  | 'account-disabled'
  | 'too-old'
  | 'device-revoked'
  | 'rejected-request'
  | 'gap'
  /** The device's own storage failed (full, blocked, closed). */
  | 'storage';

export type SyncEngineState = {
  phase: SyncPhase;
  /** Why the last sync did not finish, or null after a clean one. */
  failure: SyncFailure | null;
  /** Failed attempts in a row (resets on success). */
  attempt: number;
  /** When the scheduled retry runs (ISO), or null. */
  nextRetryAt: string | null;
  /** When the server last answered a push from this device (ISO), persisted in the store. */
  lastSentAt: string | null;
  /** When this device last took the server's changes (ISO), persisted in the store. */
  lastReceivedAt: string | null;
  /** Another open window of the app is syncing for this user; this one follows. */
  following: boolean;
};

export type SyncRunResult = {
  outcome: 'synced' | 'following' | 'failed' | 'skipped' | 'stopped';
  failure?: SyncFailure;
  /** Mutations this run had answered by the server. */
  pushed: number;
  pulledPages: number;
};

export type SyncEngineOptions = {
  store: LocalStore;
  transport: SyncTransport;
  /** The user whose store this is: names the cross-tab lock. */
  userId: string;
  /** The current session, or null when nobody is signed in. */
  session: () => AuthSession | null;
  onState?: (state: SyncEngineState) => void;
  /** The server said this device was revoked: erase what it holds (the app's job). */
  onDeviceRevoked?: () => void | Promise<void>;
  clock?: Clock;
  random?: Random;
  /** The Web Locks API; defaults to navigator.locks; null runs without cross-tab coordination. */
  locks?: LockManagerLike | null;
  backoff?: BackoffPolicy;
  /** How soon a following tab looks again for the lock (it has edits the leader may not see). */
  followerRetryMs?: number;
  /** Records per pull page (the server's maximum when absent). */
  pullPageSize?: number;
  batchLimits?: BatchLimits;
};

export type SyncEngine = {
  /** Runs a sync now, or joins the one running (which then goes round once more). */
  syncNow(reason: SyncReason): Promise<SyncRunResult>;
  /** Allows syncing and scheduled retries, and loads the persisted "last sent" time. */
  start(): Promise<void>;
  /** Cancels requests in flight and every timer; resolves once the running sync has ended. */
  stop(): Promise<void>;
  getState(): SyncEngineState;
};

export const lockName = (userId: string) => `obs-sync-${userId}`;

// Bounds that only matter if something is badly wrong (a server that never ends a pull): a sync
// gives up and tries again later rather than spin.
const MAX_ROUNDS = 5;
const MAX_PUSHES_PER_SYNC = 1_000;
const MAX_PAGES_PER_SYNC = 10_000;
const MAX_RESETS_PER_SYNC = 2;

type Step = { failure?: TransportFailure; count: number };

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store, transport } = options;
  const { db, cipher } = store;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const followerRetryMs = options.followerRetryMs ?? 5_000;
  const limits = options.batchLimits ?? PUSH_LIMITS;

  let state: SyncEngineState = {
    phase: 'stopped',
    failure: null,
    attempt: 0,
    nextRetryAt: null,
    lastSentAt: null,
    lastReceivedAt: null,
    following: false,
  };
  let running = false;
  let current: Promise<SyncRunResult> | null = null;
  let again = false;
  let retryTimer: TimerHandle | null = null;
  let abort: AbortController | null = null;
  /** The token the server last refused: syncing again with it would only be refused again. */
  let refusedToken: string | null = null;

  const setState = (patch: Partial<SyncEngineState>) => {
    state = { ...state, ...patch };
    try {
      options.onState?.(state);
    } catch {
      // A screen that fails to render the state must not stop the sending of work.
    }
  };

  const clearRetry = () => {
    if (retryTimer !== null) clock.clearTimeout(retryTimer);
    retryTimer = null;
  };

  const scheduleRetry = (delayMs: number) => {
    clearRetry();
    if (!running) return;
    retryTimer = clock.setTimeout(() => {
      retryTimer = null;
      void syncNow('retry');
    }, delayMs);
    return new Date(clock.now().getTime() + delayMs).toISOString();
  };

  async function refreshTimes(): Promise<void> {
    const s = await readSyncState(db);
    if (s.lastPushAt !== state.lastSentAt || s.lastPullAt !== state.lastReceivedAt) {
      setState({ lastSentAt: s.lastPushAt, lastReceivedAt: s.lastPullAt });
    }
  }

  async function pushAll(session: AuthSession, signal: AbortSignal): Promise<Step> {
    let count = 0;
    let renumbered = false;
    for (let i = 0; i < MAX_PUSHES_PER_SYNC; i++) {
      const pending = await pendingMutations(db, cipher, MAX_MUTATIONS_PER_PUSH);
      if (pending.length === 0) return { count };
      const unsent = await unsentSummary(db);
      const envelope = {
        ...VERSIONS,
        deviceId: session.deviceId,
        sentAt: clock.now().toISOString(),
        // This push's own changes included: the server keeps the count less what it answers.
        pending: unsent.count,
      };
      const { mutations } = takePushBatch(pending, envelope, limits);
      const { protocolVersion: _p, schemaVersion: _s, ...request } = envelope;
      const result = await transport.push(
        { ...request, mutations },
        { token: session.token, signal },
      );
      if (!result.ok) {
        // A server restored from a backup lacks changes this tablet sent: what is still unsent
        // goes again from the number it expects (once a sync), rather than wait for ever.
        const f = result.failure;
        if (f.kind === 'gap' && !renumbered) {
          renumbered = true;
          if ((await restartNumberingAt(db, cipher, f.expected)) > 0) continue;
        }
        return { failure: f, count };
      }
      const lastSent = mutations[mutations.length - 1]!.id;
      await recordPushResults(db, cipher, result.value, clock.now());
      count += mutations.length;
      await refreshTimes();
      // The server applies a push whole or not at all, so its answer covers the batch; if it
      // ever did not, sending the batch again would loop.
      if (result.value.lastMutationId < lastSent) {
        return {
          count,
          failure: {
            kind: 'rejected-request',
            status: 200,
            code: 'PUSH_NOT_ANSWERED',
            message: 'The server did not answer every change sent.',
          },
        };
      }
    }
    return { count };
  }

  async function pullAll(session: AuthSession, signal: AbortSignal): Promise<Step> {
    let { cursor } = await readSyncState(db);
    let pages = 0;
    let resets = 0;
    while (pages < MAX_PAGES_PER_SYNC) {
      const request: Unversioned<PullRequest> =
        options.pullPageSize === undefined
          ? { deviceId: session.deviceId, cursor }
          : { deviceId: session.deviceId, cursor, limit: options.pullPageSize };
      // The first page says how much is still unsent, every push before it answered: the figure
      // an administrator sees for this tablet (a push's own count includes itself, so only a
      // pull can say that nothing is left, or what left the outbox another way).
      if (pages === 0) request.pending = (await unsentSummary(db)).count;
      const result = await transport.pull(request, { token: session.token, signal });
      if (!result.ok) return { failure: result.failure, count: pages };
      const page = result.value;
      await applyPullPage(db, cipher, page, { at: clock.now() });
      pages++;
      if (page.reset) {
        // The server no longer has what our cursor points at: start again from the beginning
        // (src/db kept every pending edit and dropped only the synced copies).
        resets++;
        if (resets > MAX_RESETS_PER_SYNC)
          return { failure: { kind: 'server-unavailable' }, count: pages };
        cursor = null;
        continue;
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    await refreshTimes();
    return { count: pages };
  }

  /** Applies a failure to the state; returns the run's result. */
  function fail(
    failure: TransportFailure | { kind: 'storage' },
    session: AuthSession | null,
    counts: { pushed: number; pulledPages: number },
  ): SyncRunResult {
    const failed = (f: SyncFailure): SyncRunResult => ({
      outcome: 'failed',
      failure: f,
      ...counts,
    });
    switch (failure.kind) {
      case 'cancelled':
        return { outcome: 'stopped', ...counts };
      case 'offline':
      case 'server-unavailable':
      case 'storage': {
        const attempt = state.attempt + 1;
        const wait = Math.max(
          backoffDelay(attempt, random, backoff),
          failure.kind === 'server-unavailable' ? (failure.retryAfterMs ?? 0) : 0,
        );
        const nextRetryAt = scheduleRetry(wait) ?? null;
        setState({ phase: 'waiting', failure: failure.kind, attempt, nextRetryAt });
        return failed(failure.kind);
      }
      case 'session-expired':
      case 'signed-out': {
        clearRetry();
        refusedToken = session?.token ?? null;
        const reason: SyncFailure =
          failure.kind === 'session-expired'
            ? 'session-expired'
            : failure.reason === 'account-disabled'
              ? 'account-disabled'
              : 'signed-out';
        setState({ phase: 'needs-sign-in', failure: reason, nextRetryAt: null });
        return failed(reason);
      }
      case 'too-old':
        clearRetry();
        setState({ phase: 'needs-update', failure: 'too-old', nextRetryAt: null });
        return failed('too-old');
      case 'device-revoked':
        clearRetry();
        setState({ phase: 'device-removed', failure: 'device-revoked', nextRetryAt: null });
        running = false;
        void Promise.resolve()
          .then(() => options.onDeviceRevoked?.())
          .catch(() => undefined);
        return failed('device-revoked');
      case 'gap':
      case 'rejected-request': {
        clearRetry();
        const kind: SyncFailure = failure.kind === 'gap' ? 'gap' : 'rejected-request';
        setState({
          phase: 'problem',
          failure: kind,
          attempt: state.attempt + 1,
          nextRetryAt: null,
        });
        return failed(kind);
      }
    }
  }

  /** User Timing, for tests/bench: how long each sync run took, and what it did. */
  function timed(started: number, result: SyncRunResult): SyncRunResult {
    try {
      performance.measure(`obs:sync:${result.outcome}`, {
        start: started,
        end: performance.now(),
        detail: { pushed: result.pushed, pulledPages: result.pulledPages },
      });
    } catch {
      // No User Timing here (an old runtime): nothing to record.
    }
    return result;
  }

  async function run(session: AuthSession): Promise<SyncRunResult> {
    const started = performance.now();
    return timed(started, await runSync(session));
  }

  /** One sync, holding the lock: push, pull, and again while edits arrived meanwhile. */
  async function runSync(session: AuthSession): Promise<SyncRunResult> {
    const controller = new AbortController();
    abort = controller;
    const counts = { pushed: 0, pulledPages: 0 };
    setState({ phase: 'syncing', following: false, nextRetryAt: null });
    try {
      // A new registration from the server (a fresh sign-in) renumbers unsent edits from 1.
      await adoptDeviceRegistration(db, cipher, session.deviceId);
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const pushed = await pushAll(session, controller.signal);
        counts.pushed += pushed.count;
        const sendFailure = pushed.failure;
        // A refused push (or a gap) does not stop this device taking others' changes.
        if (sendFailure && sendFailure.kind !== 'rejected-request' && sendFailure.kind !== 'gap') {
          return fail(sendFailure, session, counts);
        }
        const pulled = await pullAll(session, controller.signal);
        counts.pulledPages += pulled.count;
        if (pulled.failure) return fail(pulled.failure, session, counts);
        if (sendFailure) return fail(sendFailure, session, counts);
        if (!running) return { outcome: 'stopped', ...counts };
        // Edits made while this round was on the wire go in the next round.
        if ((await unsentSummary(db)).count === 0) break;
      }
      refusedToken = null;
      setState({ phase: 'idle', failure: null, attempt: 0, nextRetryAt: null });
      return { outcome: 'synced', ...counts };
    } catch (err) {
      // This window's sign-in is older than the store's registration: it must sign in again.
      if (err instanceof RegistrationSupersededError)
        return fail({ kind: 'signed-out', reason: 'device-mismatch' }, session, counts);
      // A store error (disk full, database closed): the outbox is untouched, so try again later.
      if (!running) return { outcome: 'stopped', ...counts };
      return fail({ kind: 'storage' }, session, counts);
    } finally {
      if (abort === controller) abort = null;
    }
  }

  async function attempt(reason: SyncReason): Promise<SyncRunResult> {
    const none = { pushed: 0, pulledPages: 0 };
    if (state.phase === 'needs-update' || state.phase === 'device-removed') {
      return { outcome: 'skipped', ...none };
    }
    // After a refused request only a person, an edit or a new start tries again.
    if (state.phase === 'problem' && AUTOMATIC.has(reason)) return { outcome: 'skipped', ...none };
    // A retry is already scheduled; a periodic pull would only add load.
    if (state.phase === 'waiting' && reason === 'periodic') return { outcome: 'skipped', ...none };
    const session = options.session();
    if (!session) {
      clearRetry();
      setState({ phase: 'needs-sign-in', failure: 'signed-out', nextRetryAt: null });
      return { outcome: 'failed', failure: 'signed-out', ...none };
    }
    if (state.phase === 'needs-sign-in' && session.token === refusedToken) {
      return { outcome: 'skipped', ...none };
    }
    // The signal is back: failures counted with none (every offline save adds one) say nothing
    // of the server, so its retries start from the shortest wait again, not from minutes.
    if (reason === 'online' && state.attempt > 0) setState({ attempt: 0 });
    clearRetry();
    if (!locks) return run(session);
    const led = await locks.request(lockName(options.userId), { ifAvailable: true }, (lock) =>
      lock ? run(session).then((r) => ({ r })) : Promise.resolve(null),
    );
    if (led) return led.r;
    // Another window holds the lock: it is sending. Look again soon, in case this window's
    // edits landed after the leader read the outbox.
    const nextRetryAt = scheduleRetry(followerRetryMs + Math.floor(random() * followerRetryMs));
    setState({ following: true, nextRetryAt: nextRetryAt ?? null });
    return { outcome: 'following', ...none };
  }

  function syncNow(reason: SyncReason): Promise<SyncRunResult> {
    if (!running) return Promise.resolve({ outcome: 'stopped', pushed: 0, pulledPages: 0 });
    if (current) {
      again = true;
      return current;
    }
    const work = (async () => {
      let result: SyncRunResult;
      let why = reason;
      do {
        again = false;
        result = await attempt(why);
        why = 'manual';
      } while (again && running && result.outcome === 'synced');
      return result;
    })();
    current = work.finally(() => {
      current = null;
    });
    return current;
  }

  return {
    syncNow,
    async start() {
      if (running) return;
      running = true;
      if (state.phase === 'stopped') setState({ phase: 'idle' });
      try {
        await refreshTimes();
      } catch {
        // Shown as soon as a sync reads the store successfully.
      }
    },
    async stop() {
      running = false;
      clearRetry();
      abort?.abort();
      const inFlight = current;
      if (inFlight) await inFlight.catch(() => undefined);
      if (state.phase !== 'device-removed') setState({ phase: 'stopped', nextRetryAt: null });
    },
    getState: () => state,
  };
}
