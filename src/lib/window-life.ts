// Which windows of the app are alive on this tablet. Each window (a tab, the installed app) holds
// a Web Lock named for it from its start until it goes; the browser lets go of a lock when the
// page holding it is closed, reloaded, discarded or crashes, so a lock held means its window is
// alive, and asking for another window's lock is waiting for that window to go. Once it holds its
// lock, a window says it has opened (a BroadcastChannel), so the windows opened before it can
// wait for it too. What a window leaves on the disk for itself (a rescue row of its typing,
// src/db/rescue.ts) is taken up by another only once the writer has gone, never while it types.
//
// A browser with no Web Locks cannot tell: every other window then counts as gone, as before
// windows were told apart (a live window's rescue may be replayed; its words are merged, not lost).

/** The part of the Web Locks API this needs, so tests can supply their own. */
export type WindowLocks = {
  request(name: string, options: object, callback: () => Promise<unknown>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
};

/** The part of BroadcastChannel this needs. */
export type WindowChannel = {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};

export type WindowLife = {
  /** This window's id, stamped on what it leaves for itself on the disk. */
  readonly id: string;
  /** The app's other windows open now. */
  others(): Promise<ReadonlySet<string>>;
  /** Calls `listener` with each other window that opens from now on. */
  onOpened(listener: (id: string) => void): void;
  /**
   * Runs `work` once that window has gone, holding its name meanwhile, so a window opened while
   * the work runs counts it as open still and leaves the work to this one.
   */
  afterGone(id: string, work: () => Promise<unknown>): void;
};

const PREFIX = 'obs-window-';
const CHANNEL = 'obs-windows';

type Opened = { windowOpened: string };
const isOpened = (data: unknown): data is Opened =>
  typeof data === 'object' && data !== null && typeof (data as Opened).windowOpened === 'string';

/** Holds this window's lock for its lifetime, from now, and says so once it holds it. */
export function createWindowLife(
  locks: WindowLocks | null,
  channel: WindowChannel | null,
  id: string = crypto.randomUUID(),
): WindowLife {
  const listeners = new Set<(id: string) => void>();
  channel?.addEventListener('message', ({ data }) => {
    if (isOpened(data) && data.windowOpened !== id) for (const l of listeners) l(data.windowOpened);
  });
  // Never let go: the browser releases it when the page goes.
  void locks?.request(`${PREFIX}${id}`, {}, () => {
    channel?.postMessage({ windowOpened: id } satisfies Opened);
    return new Promise<never>(() => undefined);
  });
  return {
    id,
    async others() {
      if (!locks) return new Set();
      const { held = [] } = await locks.query();
      return new Set(
        held
          .flatMap((l) => (l.name?.startsWith(PREFIX) ? [l.name.slice(PREFIX.length)] : []))
          .filter((other) => other !== id),
      );
    },
    onOpened(listener) {
      listeners.add(listener);
    },
    afterGone(other, work) {
      if (!locks || other === id) return;
      void locks.request(`${PREFIX}${other}`, {}, work).catch(() => undefined);
    },
  };
}

let current: WindowLife | null = null;

/** This window's life, begun the first time it is asked for (at the app's start). */
export function thisWindow(): WindowLife {
  if (current) return current;
  const locks = (globalThis as { navigator?: { locks?: WindowLocks } }).navigator?.locks ?? null;
  // Without locks no window can wait for another, so none needs to hear that one opened.
  const channel =
    locks && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null;
  current = createWindowLife(locks, channel);
  return current;
}
