import { useEffect, useRef } from 'preact/hooks';

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;
const CHECK_EVERY_MS = 10_000;

/**
 * Locks after `minutes` without a touch or key press, and when the app comes back after being
 * hidden longer than that. The time since the last activity is checked on a short interval and on
 * coming back, rather than trusted to one long timer, which a hidden or sleeping tablet delays.
 */
export function useIdleLock(minutes: number, lock: () => void): void {
  // The latest lock function, without restarting the clock each time the screen re-renders.
  const lockRef = useRef(lock);
  lockRef.current = lock;
  useEffect(() => {
    const lock = () => lockRef.current();
    const limit = minutes * 60_000;
    let last = Date.now();
    let hiddenAt: number | null = null;
    const check = () => {
      if (Date.now() - last >= limit) lock();
    };
    const activity = () => {
      last = Date.now();
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
      for (const e of ACTIVITY) window.removeEventListener(e, activity, { capture: true });
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [minutes]);
}
