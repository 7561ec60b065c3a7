import type { ComponentChildren } from 'preact';

export type SummaryRow = {
  key: ComponentChildren;
  value: ComponentChildren;
  /** "Change" link; `hidden` completes the link text for screen readers ("Change case ID"). */
  action?: { href: string; text?: string; hidden: string };
};

export function SummaryList({ rows, noBorder }: { rows: SummaryRow[]; noBorder?: boolean }) {
  const anyAction = rows.some((r) => r.action);
  return (
    <dl class={`govuk-summary-list${noBorder ? ' govuk-summary-list--no-border' : ''}`}>
      {rows.map((row, i) => (
        <div
          class={`govuk-summary-list__row${anyAction && !row.action ? ' govuk-summary-list__row--no-actions' : ''}`}
          key={i}
        >
          <dt class="govuk-summary-list__key">{row.key}</dt>
          <dd class="govuk-summary-list__value">{row.value}</dd>
          {row.action ? (
            <dd class="govuk-summary-list__actions">
              <a class="govuk-link" href={row.action.href}>
                {row.action.text ?? 'Change'}
                <span class="govuk-visually-hidden"> {row.action.hidden}</span>
              </a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

export function SummaryCard({
  title,
  children,
  actions,
  id,
}: {
  title: ComponentChildren;
  children: ComponentChildren;
  actions?: ComponentChildren;
  /** Where a link elsewhere can take the reader: the card's own id. */
  id?: string;
}) {
  return (
    <div class="govuk-summary-card" id={id}>
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title">{title}</h2>
        {actions ? <div class="govuk-summary-card__actions">{actions}</div> : null}
      </div>
      <div class="govuk-summary-card__content">{children}</div>
    </div>
  );
}
