// Where the page to return to after signing in again is kept: this tab's sessionStorage, so it
// lasts through a reload and the full page load that single sign-on comes back with, goes with
// the tab, and is never seen by another tab (nor outlives it, as localStorage or IndexedDB
// would); and this window's memory, where sessionStorage is refused (a browser's private mode).
// Free of imports, so the first screen's code can forget it at sign-out, and end the wait for
// single sign-on (return-page.ts reads and checks it).

const KEY = 'obs-return-page';

let inMemory: string | null = null;

export function writeKeptPage(text: string): void {
  inMemory = text;
  try {
    sessionStorage.setItem(KEY, text);
  } catch {
    // Refused storage: memory alone, as before a reload.
  }
}

/** What was kept, unchecked (anything in this tab may have written it). */
export function readKeptPage(): string | null {
  if (inMemory !== null) return inMemory;
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Used, or the person signed out: nothing of where they were stays behind. */
export function forgetKeptPage(): void {
  inMemory = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Refused storage holds nothing to remove.
  }
}

/**
 * The app started without signing in through the provider (cancelled there, refused, or come back
 * without an answer): a page kept for going back after single sign-on is no longer waited for, so
 * a later unlock stays where it opens. The page itself stays for a password "Sign in again". Read
 * here without return-page.ts's checks, which would load zod with the first screen; anything but
 * the mark is left to those checks.
 */
export function endReturnAfterSso(): void {
  const text = readKeptPage();
  if (text === null) return;
  let kept: unknown;
  try {
    kept = JSON.parse(text);
  } catch {
    return;
  }
  if (typeof kept === 'object' && kept !== null && 'afterSso' in kept && kept.afterSso === true)
    writeKeptPage(JSON.stringify({ ...kept, afterSso: false }));
}
