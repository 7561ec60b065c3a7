// When to sync: at start, on coming back online, when the app is looked at again, a short pause
// after edits (so a burst of typing goes in one push), every minute while online to take others'
// changes, and through Background Sync where the browser has it (the service worker's `sync`
// event for the tag below runs the same sync after this page has gone). Waiting concerns are
// retried on the same occasions, ahead of the outbox.
import type { SyncReason } from './engine';
import { systemClock } from './timing';
import type { Clock, TimerHandle } from './timing';

export const BACKGROUND_SYNC_TAG = 'obs-sync';

type Listenable = {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
};

export type BackgroundSyncManager = { register(tag: string): Promise<void> };

export type TriggerEnvironment = {
  window: Listenable;
  document: Listenable & { visibilityState: string };
  navigator: { onLine: boolean };
  /** The service worker registration's `sync`, or null where Background Sync is missing. */
  backgroundSync: () => Promise<BackgroundSyncManager | null>;
};

export type SyncTriggerOptions = {
  sync: (reason: SyncReason) => unknown;
  /** Sends waiting safety concerns; called before the outbox on every trigger but an edit. */
  retryConcerns?: (reason: SyncReason) => unknown;
  environment?: Partial<TriggerEnvironment>;
  clock?: Clock;
  /** The pause after the last edit before sending it. */
  editDelayMs?: number;
  /** The longest an edit waits while more keep coming (steady typing still gets sent). */
  editMaxWaitMs?: number;
  /** How often to take others' changes while online. */
  periodicMs?: number;
};

export type SyncTriggers = {
  start(): void;
  stop(): void;
  /** Call after every saved edit: it is sent after a short pause with no further edits. */
  notifyLocalEdit(): void;
};

export const DEFAULT_EDIT_DELAY_MS = 2_000;
export const DEFAULT_EDIT_MAX_WAIT_MS = 10_000;
export const DEFAULT_PERIODIC_MS = 60_000;

async function serviceWorkerSync(): Promise<BackgroundSyncManager | null> {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  if (!nav?.serviceWorker || !('SyncManager' in globalThis)) return null;
  const registration = await nav.serviceWorker.getRegistration();
  const sync = (registration as { sync?: BackgroundSyncManager } | undefined)?.sync;
  return sync ?? null;
}

const inert: Listenable = { addEventListener() {}, removeEventListener() {} };

function defaultEnvironment(): TriggerEnvironment {
  const g = globalThis as {
    window?: Listenable;
    document?: Listenable & { visibilityState: string };
    navigator?: { onLine: boolean };
  };
  return {
    window: g.window ?? inert,
    document: g.document ?? { ...inert, visibilityState: 'visible' },
    navigator: g.navigator ?? { onLine: true },
    backgroundSync: serviceWorkerSync,
  };
}

export function createSyncTriggers(options: SyncTriggerOptions): SyncTriggers {
  const env: TriggerEnvironment = { ...defaultEnvironment(), ...options.environment };
  const clock = options.clock ?? systemClock;
  const editDelayMs = options.editDelayMs ?? DEFAULT_EDIT_DELAY_MS;
  const editMaxWaitMs = options.editMaxWaitMs ?? DEFAULT_EDIT_MAX_WAIT_MS;
  const periodicMs = options.periodicMs ?? DEFAULT_PERIODIC_MS;
  let started = false;
  let editTimer: TimerHandle | null = null;
  /** When the first edit of the current burst must be sent by (ms since the epoch). */
  let editDeadline: number | null = null;
  let periodicTimer: TimerHandle | null = null;

  const fire = (reason: SyncReason) => {
    if (!started) return;
    if (reason !== 'edit') options.retryConcerns?.(reason);
    options.sync(reason);
  };

  const registerBackgroundSync = () => {
    // Best effort: where it exists, the browser wakes the service worker to sync even after
    // the tab has closed; where it does not, the next start sends everything.
    env
      .backgroundSync()
      .then((sync) => sync?.register(BACKGROUND_SYNC_TAG))
      .catch(() => undefined);
  };

  const schedulePeriodic = () => {
    if (periodicTimer !== null) clock.clearTimeout(periodicTimer);
    periodicTimer = clock.setTimeout(() => {
      periodicTimer = null;
      if (!started) return;
      if (env.navigator.onLine) fire('periodic');
      schedulePeriodic();
    }, periodicMs);
  };

  const onOnline = () => {
    fire('online');
    schedulePeriodic();
  };
  const onVisibility = () => {
    if (env.document.visibilityState === 'visible') fire('visible');
  };

  return {
    start() {
      if (started) return;
      started = true;
      env.window.addEventListener('online', onOnline);
      env.document.addEventListener('visibilitychange', onVisibility);
      schedulePeriodic();
      registerBackgroundSync();
      fire('start');
    },
    stop() {
      started = false;
      env.window.removeEventListener('online', onOnline);
      env.document.removeEventListener('visibilitychange', onVisibility);
      if (editTimer !== null) clock.clearTimeout(editTimer);
      if (periodicTimer !== null) clock.clearTimeout(periodicTimer);
      editTimer = null;
      editDeadline = null;
      periodicTimer = null;
    },
    notifyLocalEdit() {
      if (!started) return;
      const now = clock.now().getTime();
      editDeadline ??= now + editMaxWaitMs;
      if (editTimer !== null) clock.clearTimeout(editTimer);
      editTimer = clock.setTimeout(
        () => {
          editTimer = null;
          editDeadline = null;
          fire('edit');
        },
        Math.max(0, Math.min(editDelayMs, editDeadline - now)),
      );
      registerBackgroundSync();
    },
  };
}
