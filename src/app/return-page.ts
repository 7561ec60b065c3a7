// The page a person was on when their session ended, so that signing in again takes them back to
// it (the part of an observation they were typing in) rather than to the home screen.
//
// Kept in this window's memory from the addresses the app itself showed, never read from the
// address or a query string: nothing anyone sends in a link can choose where a sign-in leads.
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';

/** Pages that are part of leaving, never returned to. */
const NOT_RETURNED_TO = new Set(['/sign-in-again', '/sign-out']);

let kept: { userId: string; url: string } | null = null;

/** The same address inside this app, or null for anything that would leave it. */
function inApp(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, location.origin);
  } catch {
    return null;
  }
  if (parsed.origin !== location.origin || NOT_RETURNED_TO.has(parsed.pathname)) return null;
  return parsed.pathname + parsed.search + parsed.hash;
}

/** Called by the shell: remembers each page the person opens (theirs alone, by their id). */
export function useRememberPage(userId: string): void {
  const { url } = useLocation();
  useEffect(() => {
    const page = inApp(url);
    if (page) kept = { userId, url: page };
  }, [userId, url]);
}

/** Where to go after signing in again: the person's last page, or home for anyone else. */
export function pageToReturnTo(userId: string): string {
  return (kept?.userId === userId && inApp(kept.url)) || '/';
}
