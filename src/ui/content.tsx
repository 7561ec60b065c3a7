// Small GOV.UK content components: buttons, links, tags, banners, details, panels.
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { spaceActivates } from './space-activates';

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: 'primary' | 'secondary' | 'warning';
    children: ComponentChildren;
  },
) {
  const { variant = 'primary', class: extra, ...rest } = props;
  const cls = `govuk-button${variant === 'primary' ? '' : ` govuk-button--${variant}`}${extra ? ` ${String(extra)}` : ''}`;
  return <button type="button" class={cls} data-module="govuk-button" {...rest} />;
}

export function ButtonLink({
  href,
  variant = 'primary',
  children,
  start,
}: {
  href: string;
  variant?: 'primary' | 'secondary' | 'warning';
  children: ComponentChildren;
  start?: boolean;
}) {
  const cls = `govuk-button${variant === 'primary' ? '' : ` govuk-button--${variant}`}${start ? ' govuk-button--start' : ''}`;
  return (
    <a
      href={href}
      role="button"
      draggable={false}
      class={cls}
      data-module="govuk-button"
      onKeyDown={spaceActivates}
    >
      {children}
    </a>
  );
}

export function ButtonGroup({ children }: { children: ComponentChildren }) {
  return <div class="govuk-button-group">{children}</div>;
}

export function BackLink({ href, children = 'Back' }: { href: string; children?: string }) {
  return (
    <a href={href} class="govuk-back-link">
      {children}
    </a>
  );
}

export type TagColour =
  | 'grey'
  | 'green'
  | 'turquoise'
  | 'blue'
  | 'light-blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

export function Tag({ colour, children }: { colour?: TagColour; children: ComponentChildren }) {
  return <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>;
}

export function NotificationBanner({
  title,
  success,
  children,
  id,
  live,
  focus,
}: {
  title?: string;
  success?: boolean;
  children: ComponentChildren;
  id?: string;
  live?: boolean;
  /**
   * Takes the keyboard when it appears: for a confirmation that replaces the button pressed, so
   * focus does not fall back to the top of the page.
   */
  focus?: boolean;
}) {
  const titleId = `${id ?? 'banner'}-title`;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <div
      class={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={success || live ? 'alert' : 'region'}
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
      id={id}
      ref={ref}
      tabIndex={focus ? -1 : undefined}
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={titleId}>
          {title ?? (success ? 'Success' : 'Important')}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function WarningText({ children }: { children: ComponentChildren }) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export function InsetText({ children }: { children: ComponentChildren }) {
  return <div class="govuk-inset-text">{children}</div>;
}

export function Details({
  summary,
  children,
  open,
}: {
  summary: string;
  children: ComponentChildren;
  open?: boolean;
}) {
  return (
    <details class="govuk-details" open={open}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{summary}</span>
      </summary>
      <div class="govuk-details__text">{children}</div>
    </details>
  );
}

export function Panel({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="govuk-panel govuk-panel--confirmation">
      <h1 class="govuk-panel__title">{title}</h1>
      {children ? <div class="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

export function Caption({ children }: { children: ComponentChildren }) {
  return <span class="govuk-caption-l">{children}</span>;
}

/** Text in paragraphs, as typed (line breaks kept), for read-only views. */
export function MultilineText({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((para, i) => (
        <p class="govuk-body app-prewrap" key={i}>
          {para}
        </p>
      ))}
    </>
  );
}
