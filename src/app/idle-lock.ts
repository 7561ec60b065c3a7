import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

// Screen-reader and switch users move focus and scroll rather than tap, so those count too.
const ACTIVITY = [
  'pointerdown',
  'keydown',
  'touchstart',
  'wheel',
  'input',
  'focusin',
  'scroll',
] as const;
const CHECK_EVERY_MS = 10_000;
/**
 * A scroll this soon after the page changed is the browser keeping the reader's place (scroll
 * anchoring: a status line appeared above), not the person.
 */
const SELF_SCROLL_MS = 100;

/**
 * How long before the lock the warning shows: a minute, or half the limit when that is shorter,
 * but never under 20 seconds (WCAG 2.2.1 asks for at least 20 seconds to ask for more time).
 */
export function warningLeadMs(limitMs: number): number {
  return Math.max(20_000, Math.min(60_000, limitMs / 2));
}

export type IdleLock = {
  /** When the app will lock, while the warning is showing; otherwise null. */
  locksAt: number | null;
  /** The person answered the warning: the clock starts again from now. */
  keepWorking(): void;
};

/**
 * Locks after `minutes` without a touch or key press, and when the app comes back after being
 * hidden longer than that; warns first, so a person still there can ask for more time. The time
 * since the last activity is checked on a short interval and on coming back, rather than trusted
 * to one long timer, which a hidden or sleeping tablet delays; a one-off timer is set only for the
 * last few seconds before the warning or the lock, so neither comes late by a whole interval.
 */
export function useIdleLock(minutes: number, lock: () => void): IdleLock {
  // The latest lock function, without restarting the clock each time the screen re-renders.
  const lockRef = useRef(lock);
  lockRef.current = lock;
  const [locksAt, setLocksAt] = useState<number | null>(null);
  const last = useRef(Date.now());
  const warned = useRef(false);
  const recheck = useRef<() => void>(() => undefined);
  useEffect(() => {
    const lock = () => lockRef.current();
    const limit = minutes * 60_000;
    const lead = warningLeadMs(limit);
    last.current = Date.now();
    warned.current = false;
    setLocksAt(null);
    let hiddenAt: number | null = null;
    let soon: ReturnType<typeof setTimeout> | undefined;
    const checkAt = (at: number) => {
      soon = setTimeout(check, Math.max(0, at - Date.now()));
    };
    const check = () => {
      clearTimeout(soon);
      const idle = Date.now() - last.current;
      if (idle >= limit) {
        lock();
      } else if (idle >= limit - lead) {
        if (!warned.current) {
          warned.current = true;
          setLocksAt(last.current + limit);
        }
        checkAt(last.current + limit);
      } else if (limit - lead - idle < CHECK_EVERY_MS) {
        checkAt(last.current + limit - lead);
      }
    };
    recheck.current = check;
    // Counted, such a scroll put the lock off whenever the sync status changed above a page
    // scrolled down: on a tablet left open, for as long as the connection came and went.
    let changedAt = -Infinity;
    const changes = new MutationObserver(() => {
      changedAt = Date.now();
    });
    changes.observe(document.body, { childList: true, subtree: true, characterData: true });
    const activity = (e: Event) => {
      if (e.type === 'scroll' && Date.now() - changedAt < SELF_SCROLL_MS) return;
      // Once the warning shows, only an answer to it counts: focus moving into it, or a touch
      // behind it, must not quietly put the lock off while the warning still says it is coming.
      if (!warned.current) last.current = Date.now();
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = Date.now();
      } else if (hiddenAt !== null) {
        const away = Date.now() - hiddenAt;
        hiddenAt = null;
        if (away >= limit) lock();
        else check();
      }
    };
    for (const e of ACTIVITY)
      window.addEventListener(e, activity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', visibility);
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(soon);
      changes.disconnect();
      recheck.current = () => undefined;
      for (const e of ACTIVITY) window.removeEventListener(e, activity, { capture: true });
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [minutes]);
  const keepWorking = useCallback(() => {
    last.current = Date.now();
    warned.current = false;
    setLocksAt(null);
    // Drops the one-off timer set for the lock, or sets the next one.
    recheck.current();
  }, []);
  return { locksAt, keepWorking };
}
