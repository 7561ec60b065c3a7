// The client sync engine, for the app shell and the features: one call wires the transport, the
// engine, the safety-concern sender and the triggers for the signed-in user.
import { listQueuedConcerns, queueConcern, removeQueuedConcern } from '../db';
import type { LocalStore } from '../db';
import { createConcernSender } from './concerns';
import type { ConcernSender, ConcernToSend, UnsentConcern } from './concerns';
import { createSyncEngine } from './engine';
import type { AuthSession, LockManagerLike, SyncEngine, SyncEngineState } from './engine';
import { createHttpTransport } from './transport';
import type { SyncTransport } from './transport';
import { createSyncTriggers } from './triggers';
import type { SyncTriggers, TriggerEnvironment } from './triggers';
import type { Clock, Random } from './timing';

export { createSyncEngine, lockName } from './engine';
export type {
  AuthSession,
  LockManagerLike,
  SyncEngine,
  SyncEngineOptions,
  SyncEngineState,
  SyncFailure,
  SyncPhase,
  SyncReason,
  SyncRunResult,
} from './engine';
export { createConcernSender } from './concerns';
export type {
  ConcernPersistence,
  ConcernHold,
  ConcernSendResult,
  ConcernSender,
  ConcernToSend,
  UnsentConcern,
} from './concerns';
export { classifyResponse, createHttpTransport } from './transport';
export type { SyncTransport, TransportFailure, TransportResult } from './transport';
export { BACKGROUND_SYNC_TAG, createSyncTriggers } from './triggers';
export type { SyncTriggers, TriggerEnvironment } from './triggers';
export { describeSyncStatus, whenSent } from './status';
export type { SyncStatusInput, SyncStatusText } from './status';
export { backoffDelay } from './timing';
export { recoveryFileName, sealRecoveryFile } from './recovery-file';

export type SyncOptions = {
  store: LocalStore;
  userId: string;
  session: () => AuthSession | null;
  onState: (state: SyncEngineState) => void;
  onConcernsChange?: (unsent: readonly UnsentConcern[]) => void;
  onDeviceRevoked: () => void | Promise<void>;
  /** Defaults to fetch on the app's own origin. */
  transport?: SyncTransport;
  baseUrl?: string;
  clock?: Clock;
  random?: Random;
  locks?: LockManagerLike | null;
  environment?: Partial<TriggerEnvironment>;
};

export type Sync = {
  engine: SyncEngine;
  concerns: ConcernSender;
  triggers: SyncTriggers;
  /** Call after every saved edit. */
  notifyLocalEdit(): void;
  stop(): Promise<void>;
};

/** Starts syncing for the signed-in user; call `stop()` on sign-out or before erasing the store. */
export async function startSync(options: SyncOptions): Promise<Sync> {
  const transport =
    options.transport ??
    createHttpTransport({
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  const shared = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  const engine = createSyncEngine({
    store: options.store,
    transport,
    userId: options.userId,
    session: options.session,
    onState: options.onState,
    onDeviceRevoked: options.onDeviceRevoked,
    ...shared,
    ...(options.locks === undefined ? {} : { locks: options.locks }),
  });
  const { db, cipher } = options.store;
  const concerns = createConcernSender({
    transport,
    session: options.session,
    persist: {
      load: () => listQueuedConcerns<ConcernToSend>(db, cipher),
      save: (input) => queueConcern(db, cipher, input),
      remove: (id) => removeQueuedConcern(db, id),
    },
    ...(options.onConcernsChange ? { onChange: options.onConcernsChange } : {}),
    // The server now holds it as a record: a pull brings it back at once, so the observation it
    // was raised from counts it (a call that found an immediate concern needs one to be finished).
    onSent: () => void engine.syncNow('edit'),
    ...shared,
  });
  const triggers = createSyncTriggers({
    sync: (reason) => engine.syncNow(reason),
    // Coming back online, the concerns' back-off starts again from its shortest wait.
    retryConcerns: (reason) => (reason === 'online' ? concerns.signalBack() : concerns.retryNow()),
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await engine.start();
  triggers.start();
  void concerns.resume();
  return {
    engine,
    concerns,
    triggers,
    notifyLocalEdit: () => triggers.notifyLocalEdit(),
    async stop() {
      triggers.stop();
      concerns.stop();
      await engine.stop();
    },
  };
}
