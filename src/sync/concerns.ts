// Immediate safety concerns go straight to their own route the moment they are raised: never
// through the outbox, never behind queued edits, never waiting for the sync lock. One that cannot
// be sent now is kept and sent again until the server confirms it (201, or 200 for a repeat; the
// route is idempotent by the concern's id), and the person is told at once to phone the duty
// number, because a concern that is waiting for a signal has not reached anyone.
//
// The queue is kept on the device (src/db's concern queue) before the first attempt, so a concern
// waiting for a signal survives the app being closed; it is loaded again at start.
import type { ConcernView, RaiseConcernRequest } from '../../schemas/sync/concerns';
import type { AuthSession } from './engine';
import type { SyncTransport, TransportFailure } from './transport';
import { DEFAULT_BACKOFF, backoffDelay, systemClock } from './timing';
import type { BackoffPolicy, Clock, Random, TimerHandle } from './timing';

export type ConcernToSend = {
  /** The practice group the concern belongs to (the observation's, when there is one). */
  scopeId: string;
  concern: RaiseConcernRequest['concern'];
};

/** Why a concern is not sent yet, in terms the screen turns into words. */
export type ConcernHold =
  'no-signal' | 'server-unavailable' | 'needs-sign-in' | 'needs-update' | 'refused';

export type ConcernSendResult =
  /** Confirmed by the server, with its answer: when it arrived and how the Director is told. */
  | { status: 'sent'; receivedAt: string | null; view: ConcernView }
  /** Not sent yet: tell the person to phone the duty number now; it keeps trying meanwhile. */
  | { status: 'not-sent-phone-now'; reason: ConcernHold };

export type UnsentConcern = ConcernToSend & { reason: ConcernHold; attempts: number };

/** Where waiting concerns are kept on the device. */
export type ConcernPersistence = {
  load(): Promise<ConcernToSend[]>;
  save(input: ConcernToSend): Promise<void>;
  remove(concernId: string): Promise<void>;
};

export type ConcernSenderOptions = {
  transport: SyncTransport;
  persist?: ConcernPersistence;
  session: () => AuthSession | null;
  /** Called whenever the list of unsent concerns changes (for a banner on every screen). */
  onChange?: (unsent: readonly UnsentConcern[]) => void;
  /** Called when the server confirms a concern that had been waiting. */
  onSent?: (concernId: string, view: ConcernView) => void;
  clock?: Clock;
  random?: Random;
  backoff?: BackoffPolicy;
};

export type ConcernSender = {
  /** Loads the concerns a previous run left waiting and starts sending them. */
  resume(): Promise<void>;
  /** Sends now; resolves with 'sent' or with the reason the person must phone. */
  sendConcern(input: ConcernToSend): Promise<ConcernSendResult>;
  /** Sends every waiting concern now (the app looked at again, signing in again). */
  retryNow(): Promise<void>;
  /**
   * The signal is back: sends every waiting concern now, and should that try fail (the browser
   * says `online` a moment before a connection gets through), tries again within a second or so.
   * Failures counted with no signal say nothing of the server, so the back-off they built (up to
   * minutes) starts again from its shortest wait.
   */
  signalBack(): Promise<void>;
  unsent(): readonly UnsentConcern[];
  stop(): void;
};

function holdFor(failure: TransportFailure): ConcernHold {
  switch (failure.kind) {
    case 'offline':
    case 'cancelled':
      return 'no-signal';
    case 'server-unavailable':
      return 'server-unavailable';
    case 'session-expired':
    case 'signed-out':
    case 'device-revoked':
      return 'needs-sign-in';
    case 'too-old':
      return 'needs-update';
    case 'gap':
    case 'rejected-request':
      return 'refused';
  }
}

export function createConcernSender(options: ConcernSenderOptions): ConcernSender {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const queue = new Map<string, UnsentConcern>();
  let timer: TimerHandle | null = null;
  let failures = 0;
  let stopped = false;
  let flushing: Promise<void> | null = null;

  const changed = () => options.onChange?.([...queue.values()]);
  const persist = options.persist;
  // A failure to write or remove the copy on disk must never stop the concern being sent.
  const saved = async (input: ConcernToSend) => {
    try {
      await persist?.save(input);
    } catch {
      // Sent (or retried) from memory; the screen still says to phone.
    }
  };
  const forget = async (id: string) => {
    try {
      await persist?.remove(id);
    } catch {
      // Sending it again later is harmless: the route is idempotent by id.
    }
  };

  async function deliver(input: ConcernToSend): Promise<ConcernSendResult> {
    const session = options.session();
    if (!session) return { status: 'not-sent-phone-now', reason: 'needs-sign-in' };
    let result;
    try {
      result = await options.transport.raiseConcern(
        { deviceId: session.deviceId, scopeId: input.scopeId, concern: input.concern },
        { token: session.token },
      );
    } catch {
      return { status: 'not-sent-phone-now', reason: 'no-signal' };
    }
    if (result.ok) {
      options.onSent?.(input.concern.id, result.value);
      return {
        status: 'sent',
        receivedAt: result.value.concern.receivedAt ?? null,
        view: result.value,
      };
    }
    return { status: 'not-sent-phone-now', reason: holdFor(result.failure) };
  }

  function schedule(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (stopped || queue.size === 0) return;
    failures++;
    timer = clock.setTimeout(
      () => {
        timer = null;
        void retryNow();
      },
      backoffDelay(failures, random, backoff),
    );
  }

  function keep(input: ConcernToSend, reason: ConcernHold): void {
    const before = queue.get(input.concern.id);
    queue.set(input.concern.id, { ...input, reason, attempts: (before?.attempts ?? 0) + 1 });
  }

  async function flush(): Promise<void> {
    for (const waiting of [...queue.values()]) {
      if (stopped) return;
      const result = await deliver(waiting);
      if (result.status === 'sent') {
        queue.delete(waiting.concern.id);
        await forget(waiting.concern.id);
      } else {
        keep(waiting, result.reason);
      }
      changed();
    }
    if (queue.size > 0) {
      schedule();
      return;
    }
    failures = 0;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  function retryNow(): Promise<void> {
    if (stopped || queue.size === 0) return Promise.resolve();
    if (!flushing) {
      flushing = flush().finally(() => {
        flushing = null;
      });
    }
    return flushing;
  }

  return {
    async resume() {
      if (!persist) return;
      let waiting: ConcernToSend[] = [];
      try {
        waiting = await persist.load();
      } catch {
        return;
      }
      for (const input of waiting) {
        if (!queue.has(input.concern.id)) {
          queue.set(input.concern.id, { ...input, reason: 'no-signal', attempts: 0 });
        }
      }
      if (queue.size > 0) {
        changed();
        await retryNow();
      }
    },
    async sendConcern(input) {
      // On the disk first, then straight away, whatever else is queued or syncing: this is the
      // one thing that never waits.
      await saved(input);
      const result = await deliver(input);
      if (result.status === 'sent') {
        await forget(input.concern.id);
        if (queue.delete(input.concern.id)) changed();
        return result;
      }
      keep(input, result.reason);
      changed();
      if (timer === null && !flushing) schedule();
      return result;
    },
    retryNow,
    signalBack() {
      failures = 0;
      return retryNow();
    },
    unsent: () => [...queue.values()],
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
