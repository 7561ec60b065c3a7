import type { ComponentChildren } from 'preact';

/**
 * A wide table scrolls sideways inside this region, so the page itself never does (reflow, WCAG
 * 1.4.10). It is a named region people can tab to, so the keyboard scrolls it too.
 */
export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="app-scroll-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
