/** GOV.UK pagination: previous and next, with page numbers around the current one. */
export function Pagination({
  page,
  pages,
  href,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: (number | 'gap')[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push('gap');
    items.push(n);
  });
  return (
    <nav class="govuk-pagination" aria-label="Pages">
      {page > 1 ? (
        <div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href={href(page - 1)} rel="prev">
            <span class="govuk-pagination__link-title">
              Previous<span class="govuk-visually-hidden"> page</span>
            </span>
          </a>
        </div>
      ) : null}
      <ul class="govuk-pagination__list">
        {items.map((n, i) =>
          n === 'gap' ? (
            <li class="govuk-pagination__item govuk-pagination__item--ellipses" key={`gap-${i}`}>
              &ctdot;
            </li>
          ) : (
            <li
              class={`govuk-pagination__item${n === page ? ' govuk-pagination__item--current' : ''}`}
              key={n}
            >
              <a
                class="govuk-link govuk-pagination__link"
                href={href(n)}
                aria-label={`Page ${n}`}
                aria-current={n === page ? 'page' : undefined}
              >
                {n}
              </a>
            </li>
          ),
        )}
      </ul>
      {page < pages ? (
        <div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href={href(page + 1)} rel="next">
            <span class="govuk-pagination__link-title">
              Next<span class="govuk-visually-hidden"> page</span>
            </span>
          </a>
        </div>
      ) : null}
    </nav>
  );
}
