// A horizontal bar chart as accessible SVG: a figure whose caption names it, the drawing a single
// image (role=img) with a title and a description that states every figure, and the same figures
// in a table beside it, so nothing is only in the picture.
import type { ComponentChildren } from 'preact';

export type Bar = { label: string; value: number };

const BAR_HEIGHT = 28;
const GAP = 10;
const LABEL_WIDTH = 240;
const VALUE_WIDTH = 60;
const WIDTH = 640;

/** "Overall judgements by grade" heads its table's first column "Grade". */
function columnHead(caption: string): string {
  const by = caption.split(' by ')[1];
  return by ? by.charAt(0).toLocaleUpperCase('en-GB') + by.slice(1) : 'Item';
}

export function BarChart({
  id,
  caption,
  bars,
  unit,
  table,
}: {
  id: string;
  caption: string;
  bars: Bar[];
  /** The unit of a value, for the description ("observations"). */
  unit: string;
  /** The table beside the chart; by default one row per bar. */
  table?: ComponentChildren;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(1, bars.length) * (BAR_HEIGHT + GAP) + GAP;
  const description =
    bars.length === 0
      ? 'No figures.'
      : bars.map((b) => `${b.label}: ${b.value} ${unit}`).join('; ') + '.';
  return (
    <figure class="app-chart" aria-labelledby={`${id}-caption`}>
      <figcaption class="govuk-heading-s" id={`${id}-caption`}>
        {caption}
      </figcaption>
      <div class="app-chart__pair">
        <svg
          class="app-chart__svg"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
        >
          <title id={`${id}-title`}>{caption}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {bars.map((b, i) => {
            const y = GAP + i * (BAR_HEIGHT + GAP);
            const w = Math.round((b.value / max) * plot);
            return (
              <g key={b.label}>
                <text
                  x={LABEL_WIDTH - 8}
                  y={y + BAR_HEIGHT / 2 + 6}
                  text-anchor="end"
                  class="app-chart__label"
                >
                  {b.label}
                </text>
                <rect
                  x={LABEL_WIDTH}
                  y={y}
                  width={Math.max(w, b.value > 0 ? 2 : 0)}
                  height={BAR_HEIGHT}
                  class="app-chart__bar"
                />
                <text x={LABEL_WIDTH + w + 6} y={y + BAR_HEIGHT / 2 + 6} class="app-chart__value">
                  {String(b.value)}
                </text>
              </g>
            );
          })}
        </svg>
        <div class="app-chart__table">
          {table ?? (
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    {columnHead(caption)}
                  </th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                    Number
                  </th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {bars.map((b) => (
                  <tr class="govuk-table__row" key={b.label}>
                    <th scope="row" class="govuk-table__header">
                      {b.label}
                    </th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{b.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </figure>
  );
}
