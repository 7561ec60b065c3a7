import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** The ids of one thing's "Move up" and "Move down" buttons. */
export type MoveButtons = { up: string; down: string };

/**
 * Moving one of a list of things (a checklist's sections, a section's questions) with "Move up"
 * and "Move down", without losing the keyboard (WCAG 2.4.3) or leaving a screen reader user
 * guessing where it went (4.1.3).
 *
 * `order` is the things' keys in the order drawn; `buttons` names the ids of a thing's two
 * buttons; `describe`, if given, says where a moved thing now is, for `status`, which the page puts
 * in a polite live region it draws before any move (empty until then).
 *
 * Once a move is drawn, and before the frame is painted so that no key press lands on the body:
 * if focus was lost (the button pressed went, at the top or bottom; or was drawn again) it goes to
 * the pressed button, or else to the other one; and the focused button is scrolled into view,
 * since the thing it moves may have moved it off the screen.
 */
export function useMoveFocus(
  order: readonly string[],
  buttons: (key: string) => MoveButtons,
  describe?: (key: string, position: number, count: number) => string,
) {
  const moved = useRef<{ key: string; by: -1 | 1; from: number } | null>(null);
  const [status, setStatus] = useState('');
  useLayoutEffect(() => {
    const m = moved.current;
    if (!m) return;
    const now = order.indexOf(m.key);
    if (now === m.from) return;
    moved.current = null;
    if (now < 0) return;
    const ids = buttons(m.key);
    const pressed = document.getElementById(m.by < 0 ? ids.up : ids.down);
    const other = document.getElementById(m.by < 0 ? ids.down : ids.up);
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    const button = lost ? (pressed ?? other) : [pressed, other].find((b) => b && b === active);
    if (button) {
      if (lost) button.focus({ preventScroll: true });
      button.scrollIntoView({ block: 'nearest' });
    }
    if (describe) setStatus(describe(m.key, now, order.length));
  });
  /** Moves `key` by one place with `save`; focus and `status` follow once the new order is drawn. */
  const move = async (key: string, by: -1 | 1, save: () => Promise<void>) => {
    moved.current = { key, by, from: order.indexOf(key) };
    try {
      await save();
    } catch (error) {
      moved.current = null;
      throw error;
    }
  };
  return { move, status };
}
