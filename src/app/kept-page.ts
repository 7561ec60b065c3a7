// Where the page to return to after signing in again is kept: this tab's sessionStorage, so it
// lasts through a reload and the full page load that single sign-on comes back with, goes with
// the tab, and is never seen by another tab (nor outlives it, as localStorage or IndexedDB
// would); and this window's memory, where sessionStorage is refused (a browser's private mode).
// Free of imports, so the sign-out in the first screen's code can forget it (return-page.ts reads
// and checks it).

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
