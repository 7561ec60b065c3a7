// Something that appears above the spot a person is pressing moves that spot away between the
// press and the release, and the browser then sends the click nowhere: the tap is lost. A field
// that shows a message on being left (the boxes were left *by* that press) waits with it until
// the press is over and its click delivered.

let pressed = false;
const waiting: Array<() => void> = [];

function released(): void {
  pressed = false;
  if (waiting.length === 0) return;
  const due = waiting.splice(0);
  // The click follows the release within the same input event; a task later it has been sent.
  setTimeout(() => due.forEach((fn) => fn()), 0);
}

if (typeof window !== 'undefined') {
  window.addEventListener('pointerdown', () => (pressed = true), { capture: true, passive: true });
  window.addEventListener('pointerup', released, { capture: true, passive: true });
  window.addEventListener('pointercancel', released, { capture: true, passive: true });
  // A release outside the window is never reported; leaving the page ends the wait as well.
  window.addEventListener('blur', released);
}

/** Runs `fn` now, or, while a pointer is pressed, once the press is over and its click sent. */
export function afterPress(fn: () => void): void {
  if (pressed) waiting.push(fn);
  else fn();
}
