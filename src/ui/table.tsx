import type { ComponentChildren } from 'preact';
import { ScrollRegion } from './scroll-region';

export type Column<T> = { header: string; cell: (row: T) => ComponentChildren; numeric?: boolean };

/**
 * A GOV.UK table that scrolls on its own when wider than the screen. The caption names it for
 * screen readers; `captionSize="hidden"` keeps it for them alone, where a heading above already
 * says the same to everyone. The first column heads its row unless `rowHeaders` is false (a list
 * whose first cell is a link reads better as plain cells).
 */
export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  captionSize = 'm',
  rowHeaders = true,
  testId,
}: {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  captionSize?: 's' | 'm' | 'l' | 'hidden';
  rowHeaders?: boolean;
  testId?: string;
}) {
  const captionClass =
    captionSize === 'hidden' ? 'govuk-visually-hidden' : `govuk-table__caption--${captionSize}`;
  const table = (
    <table class="govuk-table" data-testid={testId}>
      <caption class={`govuk-table__caption ${captionClass}`}>{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {columns.map((c) => (
            <th
              scope="col"
              class={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
              key={c.header}
            >
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map((row) => (
          <tr class="govuk-table__row" key={rowKey(row)}>
            {columns.map((c, i) =>
              i === 0 && rowHeaders ? (
                <th scope="row" class="govuk-table__header" key={c.header}>
                  {c.cell(row)}
                </th>
              ) : (
                <td
                  class={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}
                  key={c.header}
                >
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  // A table too wide for the screen (long ids, many figures, large text) scrolls on its own.
  return <ScrollRegion label={caption}>{table}</ScrollRegion>;
}
