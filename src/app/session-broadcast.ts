// The app's other windows on this tablet (a second tab, the installed app beside a browser tab)
// hear when a person locks, signs out or is erased in one of them, so none keeps that person's
// records on screen and their data key in memory. A message names the person only by the tag
// their database is already named by (a SHA-256 of the user id) and carries nothing else; a
// window open for someone else on a shared tablet ignores it.
// Plain TypeScript, no store: it loads with the first screen.

/** What one window tells the others. */
export type SessionNews =
  { kind: 'locked'; user: string } | { kind: 'signed-out'; user: string; reason: SignedOutNews };

export type SignedOutNews = 'signed-out' | 'kept-unsent' | 'device-removed';

export const SESSION_CHANNEL = 'obs-session';

const SIGNED_OUT_REASONS: readonly string[] = ['signed-out', 'kept-unsent', 'device-removed'];

/** The person's tag: the hex SHA-256 of their user id, as in their database's name. */
export async function userTag(userId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(userId));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A message as another window sent it, or null for anything else on the channel. */
export function readNews(data: unknown): SessionNews | null {
  if (typeof data !== 'object' || data === null) return null;
  const { kind, user, reason } = data as { kind?: unknown; user?: unknown; reason?: unknown };
  if (typeof user !== 'string' || !/^[0-9a-f]{64}$/.test(user)) return null;
  if (kind === 'locked') return { kind, user };
  if (kind === 'signed-out' && typeof reason === 'string' && SIGNED_OUT_REASONS.includes(reason))
    return { kind, user, reason: reason as SignedOutNews };
  return null;
}

export type SessionBroadcast = {
  /** Tells every other window of the app (never this one). */
  announce(news: SessionNews): void;
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
  channel.onmessage = (event: MessageEvent) => {
    const news = readNews(event.data);
    if (news) onNews(news);
  };
  return {
    announce: (news) => {
      try {
        channel.postMessage(news);
      } catch {
        // A closed channel (the page is going away): nothing left to tell.
      }
    },
    close: () => channel.close(),
  };
}
