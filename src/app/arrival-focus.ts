import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { focusTarget } from '../ui/error-summary';
import { focusStartOfPage as startOfPage } from '../ui/start-of-page';

/** How long the part an address names may take to be drawn (a page reads its records first). */
export const FRAGMENT_WAIT_MS = 5_000;

/**
 * Takes focus to the part of the page the address names (`#…`), scrolled into view, once the page
 * has drawn it; or, if it never appears, to the start of the page. Stops if the person presses a
 * key, taps or scrolls first (they have started on their own) or the address changes again.
 */
function focusFragment(hash: string): () => void {
  const named = () => {
    try {
      return focusTarget(hash);
    } catch {
      return false; // a malformed address (`%` not followed by hex) names nothing
    }
  };
  if (named()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (named()) stop();
  });
  const timer = setTimeout(() => {
    stop();
    startOfPage();
  }, FRAGMENT_WAIT_MS);
  const inputs = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
    for (const type of inputs) document.removeEventListener(type, stop, true);
  }
  for (const type of inputs) document.addEventListener(type, stop, true);
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}

/**
 * Where focus goes when the address changes. A new screen starts at the top, reading from the main
 * content, as a new page would. An address that names a part of a page (the judgement a QA lead
 * has just commented on, the list a page link goes to) takes focus there instead, and the page is
 * not scrolled to the top: without this, focus fell to the body and the person was put back at the
 * top, thousands of pixels from where they were working (WCAG 2.4.3).
 */
export function useArrivalFocus() {
  const { path, url } = useLocation();
  useEffect(() => {
    if (location.hash.length <= 1) startOfPage();
  }, [path]);
  // By the whole address: a page link that keeps the path (`/?page=2#submitted`) names its part too.
  useEffect(() => {
    if (location.hash.length > 1) return focusFragment(location.hash);
  }, [url]);
}
