import { useEffect } from 'preact/hooks';

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

/**
 * Locks after `minutes` without a touch or key press, and when the app comes back after being
 * hidden longer than that (a timer does not run reliably in a hidden tab, so the time is checked).
 */
export function useIdleLock(minutes: number, lock: () => void): void {
  useEffect(() => {
    const limit = minutes * 60_000;
    let last = Date.now();
    let hiddenAt: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const arm = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(
        () => {
          if (Date.now() - last >= limit) lock();
          else arm();
        },
        Math.max(1_000, limit - (Date.now() - last)),
      );
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
      }
    };
    for (const e of ACTIVITY)
      window.addEventListener(e, activity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', visibility);
    arm();
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, activity, { capture: true });
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [minutes, lock]);
}
