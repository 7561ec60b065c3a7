// The page a person was on when their session ended, so that signing in again takes them back to
// it (the part of an observation they were typing in) rather than to the home screen.
//
// Kept from the addresses the app itself showed, never read from the address or a query string:
// nothing anyone sends in a link can choose where a sign-in leads. Kept in this tab's
// sessionStorage (kept-page.ts), so reloading "Sign in again", or signing in again through the
// organisation's provider (which comes back with a full page load), still returns there.
import { useLocation } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';
import { z } from 'zod';
import { forgetKeptPage, readKeptPage, writeKeptPage } from './kept-page';

/** Pages that are part of leaving, never returned to. */
const NOT_RETURNED_TO = new Set(['/sign-in-again', '/sign-out']);

/**
 * What is kept: whose page it is, the page, and whether the person has gone to sign in through
 * the provider from "Sign in again" (the app's next start for them goes back there).
 */
const keptSchema = z.object({
  userId: z.string().min(1).max(200),
  url: z.string().startsWith('/').max(4000),
  afterSso: z.boolean(),
});
type Kept = z.infer<typeof keptSchema>;

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

/** The kept page, if it is well formed and inside the app; anything else is forgotten. */
function readKept(): Kept | null {
  const text = readKeptPage();
  if (text === null) return null;
  let found: unknown;
  try {
    found = JSON.parse(text);
  } catch {
    found = null;
  }
  const parsed = keptSchema.safeParse(found);
  const url = parsed.success ? inApp(parsed.data.url) : null;
  if (!parsed.success || !url) {
    forgetKeptPage();
    return null;
  }
  return { ...parsed.data, url };
}

function keep(kept: Kept): void {
  writeKeptPage(JSON.stringify(kept));
}

/** Used once: the person's page, or null (and forgotten) for anyone else. */
function takeKept(userId: string): string | null {
  const kept = readKept();
  forgetKeptPage();
  return kept?.userId === userId ? kept.url : null;
}

/**
 * Called by the shell: remembers each page the person opens (theirs alone, by their id). Opened
 * after signing in through the provider from "Sign in again", it first goes back to their page.
 */
export function useRememberPage(userId: string): void {
  const { url, route } = useLocation();
  const starting = useRef(true);
  useEffect(() => {
    if (starting.current) {
      starting.current = false;
      const kept = readKept();
      if (kept?.afterSso) {
        const back = takeKept(userId);
        if (back && back !== url) {
          route(back, true);
          return;
        }
      }
    }
    const page = inApp(url);
    if (page) keep({ userId, url: page, afterSso: false });
  }, [userId, url]);
}

/** Where to go after signing in again: the person's last page, or home for anyone else. */
export function pageToReturnTo(userId: string): string {
  return takeKept(userId) ?? '/';
}

/**
 * The person is leaving for the provider from "Sign in again": their page waits for the app's
 * next start (the same person's alone; the full page load forgets this window's memory).
 */
export function returnAfterSso(userId: string): void {
  const kept = readKept();
  if (kept?.userId === userId) keep({ ...kept, afterSso: true });
  else forgetKeptPage();
}
