/**
 * Space on a link styled as a button presses it, as a real button does. GOV.UK Frontend's Button
 * script does this for `role="button"` links, but this app does not load GOV.UK Frontend's
 * scripts, so the links do it themselves; without it Space only scrolls the page.
 */
export function spaceActivates(event: KeyboardEvent) {
  if (event.key !== ' ') return;
  event.preventDefault();
  (event.currentTarget as HTMLElement).click();
}
