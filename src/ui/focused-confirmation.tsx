import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A short confirmation that takes the keyboard when it appears, for a button that removes itself
 * (a conflict settled, a refusal read): without it focus falls to the page body, a keyboard user
 * starts again from the top and a screen reader hears nothing (WCAG 2.4.3, 4.1.3). Give it a new
 * `key` to confirm a second time. Taken in the same frame, so no key press lands on the body.
 */
export function FocusedConfirmation({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => ref.current?.focus(), []);
  return (
    <p class="govuk-body app-confirmation" tabIndex={-1} ref={ref} data-testid="confirmation">
      {children}
    </p>
  );
}
