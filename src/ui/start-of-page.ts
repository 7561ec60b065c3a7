/**
 * Puts the keyboard at the start of the main content, at the top, as a new page would. For a new
 * address (src/app/arrival-focus.ts), and for a screen that replaces the one whose button was
 * pressed at the same address, where focus would otherwise fall to the body (WCAG 2.4.3).
 */
export function focusStartOfPage(): void {
  document.getElementById('main-content')?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}
