import { useEffect, useRef } from 'preact/hooks';

export type ErrorLink = { href: string; text: string };

/** Moves focus to the field an error link names, as GOV.UK Frontend does, without a page jump. */
export function focusTarget(href: string): boolean {
  const id = decodeURIComponent(href.replace(/^#/, ''));
  const target = document.getElementById(id);
  if (!target) return false;
  const legend = target.closest('fieldset')?.querySelector('legend');
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  (legend ?? label ?? target).scrollIntoView();
  target.focus({ preventScroll: true });
  return true;
}

/**
 * "There is a problem", with a link to each field (GOV.UK error summary pattern). It takes focus,
 * so a screen reader announces it and a keyboard user starts from it, when the page first shows
 * it and on each failed attempt to submit; never because the list changed while someone typed
 * (WCAG 3.2.2), which on pages checked from live data happens as each fix is saved.
 *
 * `focusKey` marks an attempt: whenever it differs from what it was when the summary last took
 * focus (or was first drawn) and there are errors, focus moves again, even to the same errors. A
 * form passes the errors array it sets on each attempt, or a count of attempts; a page whose
 * errors come from live data passes a constant, so only errors there on arrival take focus.
 * Without one, focus moves whenever errors appear where there were none.
 */
export function ErrorSummary({
  errors,
  title = 'There is a problem',
  focusKey,
}: {
  errors: ErrorLink[];
  title?: string;
  focusKey?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const seen = useRef<{ key: unknown; showing: boolean } | null>(null);
  const showing = errors.length > 0;
  useEffect(() => {
    const before = seen.current;
    const keyed = focusKey !== undefined;
    const fresh = before === null || (keyed ? !Object.is(before.key, focusKey) : !before.showing);
    if (showing && fresh) ref.current?.focus();
    // A keyed attempt with no errors yet (still being checked) stays unspent until they arrive.
    const spent = before === null || (showing && fresh) || !keyed;
    seen.current = { key: spent ? focusKey : before.key, showing };
  });
  if (errors.length === 0) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li key={e.href + e.text}>
                <a
                  href={e.href}
                  onClick={(event) => {
                    if (e.href.startsWith('#') && focusTarget(e.href)) event.preventDefault();
                  }}
                >
                  {e.text}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, children }: { id: string; children: string }) {
  return (
    <p id={id} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}
