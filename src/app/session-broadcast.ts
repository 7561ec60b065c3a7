// The app's other windows on this tablet (a second tab, the installed app beside a browser tab)
// hear when a person locks, signs out or is erased in one of them, so none keeps that person's
// records on screen and their data key in memory. A message names the person only by the tag
// their database is already named by (a SHA-256 of the user id) and carries nothing else; a
// window open for someone else on a shared tablet ignores it.
//
// Before a sign-out counts what is unsent and erases anything, the window signing out asks the
// person's other open windows to save what is typed in them and lock (`askToSave`), and waits for
// each one's answer, for a moment at most: a window that does not answer is hidden or frozen, and
// handed what it had typed to the disk as it was hidden. Which windows are open for the person is
// known from the Web Locks each holds while open (`holdOpenWindowLock`), so a window alone waits
// for nobody; where the browser has no Web Locks, the whole moment is waited.
// Plain TypeScript, no store: it loads with the first screen.

/** What one window tells the others. */
export type SessionNews =
  | { kind: 'locked'; user: string }
  | { kind: 'signed-out'; user: string; reason: SignedOutNews }
  /** A sign-out under way elsewhere: save what is typed here, lock, and answer. */
  | { kind: 'save-and-lock'; user: string; ask: string }
  /** The answer: whether everything typed in `window` is on the disk (false: a save failed). */
  | { kind: 'saved'; user: string; ask: string; window: string; ok: boolean };

export type SignedOutNews = 'signed-out' | 'kept-unsent' | 'device-removed';

export const SESSION_CHANNEL = 'obs-session';

const SIGNED_OUT_REASONS: readonly string[] = ['signed-out', 'kept-unsent', 'device-removed'];

/** An ask's or a window's id (crypto.randomUUID). */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The person's tag: the hex SHA-256 of their user id, as in their database's name. */
export async function userTag(userId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(userId));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A message as another window sent it, or null for anything else on the channel. */
export function readNews(data: unknown): SessionNews | null {
  if (typeof data !== 'object' || data === null) return null;
  const { kind, user, reason, ask, window, ok } = data as Record<string, unknown>;
  if (typeof user !== 'string' || !/^[0-9a-f]{64}$/.test(user)) return null;
  if (kind === 'locked') return { kind, user };
  if (kind === 'signed-out' && typeof reason === 'string' && SIGNED_OUT_REASONS.includes(reason))
    return { kind, user, reason: reason as SignedOutNews };
  if (typeof ask !== 'string' || !ID.test(ask)) return null;
  if (kind === 'save-and-lock') return { kind, user, ask };
  if (kind === 'saved' && typeof window === 'string' && ID.test(window) && typeof ok === 'boolean')
    return { kind, user, ask, window, ok };
  return null;
}

/** The Web Locks API, as much of it as this file uses (navigator.locks). */
export type WindowLocks = {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
  query(): Promise<{ held?: ReadonlyArray<{ name?: string }> }>;
};

const openLockPrefix = (user: string) => `obs-open:${user}:`;

/**
 * Holds, while this window has the person's store open, a lock naming the window: how a window
 * signing out knows whose answers to wait for. The browser lets it go if the page goes.
 */
export function holdOpenWindowLock(locks: WindowLocks, user: string, window: string): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  void locks.request(`${openLockPrefix(user)}${window}`, () => held).catch(() => undefined);
  return release;
}

/** The other windows open for the person, or null if the browser cannot say. */
export async function otherOpenWindows(
  locks: WindowLocks,
  user: string,
  self: string,
): Promise<Set<string> | null> {
  try {
    const prefix = openLockPrefix(user);
    const { held = [] } = await locks.query();
    const names = held.map((lock) => lock.name ?? '').filter((name) => name.startsWith(prefix));
    return new Set(names.map((name) => name.slice(prefix.length)).filter((w) => w !== self));
  } catch {
    return null;
  }
}

export type SessionBroadcast = {
  /** Tells every other window of the app (never this one). */
  announce(news: SessionNews): void;
  /**
   * Asks the person's other open windows to save what is typed and lock, and waits for the
   * answers of `windows` (every answer for `waitMs` when null), for `waitMs` at most. Resolves
   * false if a window answered that a save of its failed.
   */
  askToSave(user: string, windows: ReadonlySet<string> | null, waitMs: number): Promise<boolean>;
  close(): void;
};

/**
 * Listens on the channel; null where the browser has no BroadcastChannel (the store's own
 * versionchange handling then still locks a window whose database another window deletes).
 */
export function openSessionBroadcast(
  onNews: (news: SessionNews) => void,
  name: string = SESSION_CHANNEL,
): SessionBroadcast | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  /** The asks this window is waiting on, by id. */
  const asks = new Map<string, (answer: { window: string; ok: boolean }) => void>();
  channel.onmessage = (event: MessageEvent) => {
    const news = readNews(event.data);
    if (news?.kind === 'saved') asks.get(news.ask)?.(news);
    else if (news) onNews(news);
  };
  const announce = (news: SessionNews) => {
    try {
      channel.postMessage(news);
    } catch {
      // A closed channel (the page is going away): nothing left to tell.
    }
  };
  return {
    announce,
    askToSave: (user, windows, waitMs) =>
      new Promise<boolean>((resolve) => {
        if (windows?.size === 0) {
          resolve(true);
          return;
        }
        const ask = crypto.randomUUID();
        const waiting = windows ? new Set(windows) : null;
        let ok = true;
        const done = () => {
          clearTimeout(timer);
          asks.delete(ask);
          resolve(ok);
        };
        const timer = setTimeout(done, waitMs);
        asks.set(ask, (answer) => {
          ok &&= answer.ok;
          waiting?.delete(answer.window);
          if (waiting?.size === 0) done();
        });
        announce({ kind: 'save-and-lock', user, ask });
      }),
    close: () => channel.close(),
  };
}
