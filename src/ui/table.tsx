import type { ComponentChildren } from 'preact';
import { ScrollRegion } from './scroll-region';

export type Column<T> = { header: string; cell: (row: T) => ComponentChildren; numeric?: boolean };

export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  captionSize = 'm',
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  captionSize?: 's' | 'm' | 'l';
}) {
  const table = (
    <table class="govuk-table">
      <caption class={`govuk-table__caption govuk-table__caption--${captionSize}`}>
        {caption}
      </caption>
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
              i === 0 ? (
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
