import { useEffect, useRef } from 'preact/hooks';

/**
 * A ref for a sign-in screen's heading (drawn with `tabIndex={-1}`), which takes focus when the
 * screen first appears. These screens replace one another without a new address (signing in, the
 * unlock secret chosen or cancelled, "Forgotten your unlock secret"), so without it the keyboard
 * and a screen reader are left on the body, on a button that is gone (WCAG 2.4.3).
 */
export function useFocusOnArrival<T extends HTMLElement = HTMLHeadingElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
