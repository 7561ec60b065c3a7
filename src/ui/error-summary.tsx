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
 * "There is a problem", with a link to each field. It takes focus when it appears, so a screen
 * reader announces it and a keyboard user starts from it (GOV.UK error summary pattern).
 */
export function ErrorSummary({
  errors,
  title = 'There is a problem',
}: {
  errors: ErrorLink[];
  title?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors.map((e) => e.href + e.text).join('|');
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [signature]);
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
