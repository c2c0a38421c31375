import { css, html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

/**
 * The Reports page's charts: SVG drawn by lit from the figures, every size and place an SVG attribute and every
 * colour a class of the page's styles, so a strict `style-src 'self'` has nothing to refuse. Each chart is a
 * `<figure>` with its title, a one-line summary the SVG is labelled by, and the same figures as a table.
 */

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 40;
const BOTTOM = 22;
const TOP = 8;

/** A series of a bar chart: its class (its colour) and its values, one per bucket. */
export interface Series {
  readonly name: string;
  readonly className: string;
  readonly values: readonly number[];
}

/**
 * Stacked bars, one per bucket, with the largest total on the value axis and three bucket labels (first, middle,
 * last) under it.
 */
export function barChart(labels: readonly string[], series: readonly Series[], labelledBy: string): TemplateResult {
  const n = labels.length;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotWidth = WIDTH - LEFT;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const step = plotWidth / Math.max(1, n);
  const barWidth = Math.max(1, step * 0.8);
  const y = (value: number): number => TOP + plotHeight - (value / max) * plotHeight;
  const bars: SVGTemplateResult[] = [];
  labels.forEach((_, i) => {
    let base = 0;
    for (const s of series) {
      const value = s.values[i] ?? 0;
      if (value > 0) {
        bars.push(
          svg`<rect class=${s.className} x=${LEFT + i * step + (step - barWidth) / 2} y=${y(base + value)}
            width=${barWidth} height=${y(base) - y(base + value)}></rect>`,
        );
      }
      base += value;
    }
  });
  const ticks = n === 0 ? [] : [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby=${labelledBy}>
    <line class="axis" x1=${LEFT} y1=${TOP + plotHeight} x2=${WIDTH} y2=${TOP + plotHeight}></line>
    <line class="grid" x1=${LEFT} y1=${TOP} x2=${WIDTH} y2=${TOP}></line>
    <text class="tick" x=${LEFT - 6} y=${TOP + 4} text-anchor="end">${max}</text>
    <text class="tick" x=${LEFT - 6} y=${TOP + plotHeight} text-anchor="end">0</text>
    ${bars}
    ${ticks.map(
      (i) =>
        svg`<text class="tick" x=${LEFT + i * step + step / 2} y=${HEIGHT - 6}
          text-anchor=${i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}>${labels[i]}</text>`,
    )}
  </svg>`;
}

/** The class of a heatmap cell: five levels of the accent colour, `l0` for none. */
function level(value: number, max: number): string {
  if (value === 0 || max === 0) return 'l0';
  return `l${Math.min(4, 1 + Math.floor((value / max) * 3.999))}`;
}

/** Weekday × hour cells, Monday on top, with the weekdays' first letters and every sixth hour as labels. */
export function heatmap(grid: readonly (readonly number[])[], weekdays: readonly string[], labelledBy: string) {
  const cell = 22;
  const left = 40;
  const top = 18;
  const max = Math.max(0, ...grid.flat());
  return html`<svg
    class="chart heatmap"
    viewBox="0 0 ${left + 24 * cell} ${top + 7 * cell}"
    role="img"
    aria-labelledby=${labelledBy}
  >
    ${[0, 6, 12, 18].map((h) => svg`<text class="tick" x=${left + h * cell + 2} y=${12}>${h}</text>`)}
    ${grid.map(
      (
        row,
        d,
      ) => svg`<text class="tick" x=${left - 6} y=${top + d * cell + 15} text-anchor="end">${weekdays[d]!.slice(0, 3)}</text>
        ${row.map(
          (value, h) =>
            svg`<rect class="cell ${level(value, max)}" x=${left + h * cell + 1} y=${top + d * cell + 1} width=${cell - 2}
              height=${cell - 2} rx="3"></rect>`,
        )}`,
    )}
  </svg>`;
}

/** Horizontal bars for the five scores of a rating. */
export function scoreBars(distribution: readonly number[], labelledBy: string): TemplateResult {
  const max = Math.max(1, ...distribution);
  const row = 24;
  const left = 28;
  const width = 360;
  return html`<svg class="chart scores" viewBox="0 0 ${left + width + 48} ${row * 5}" role="img" aria-labelledby=${labelledBy}>
    ${distribution.map(
      (n, i) => svg`<text class="tick" x=${left - 8} y=${i * row + 16} text-anchor="end">${5 - i}</text>
        <rect class="series-a" x=${left} y=${i * row + 4} width=${Math.max(n > 0 ? 2 : 0, (n / max) * width)} height=${row - 8} rx="3"></rect>
        <text class="tick" x=${left + (n / max) * width + 6} y=${i * row + 16}>${n}</text>`,
    )}
  </svg>`;
}

/** The charts' styles: colours from the inbox's theme variables, so light and dark both follow it. */
export const chartStyles = css`
  .chart {
    width: 100%;
    height: auto;
    display: block;
    overflow: visible;
  }
  .chart .tick {
    font-size: 11px;
    fill: var(--_muted);
  }
  .chart .axis {
    stroke: var(--_border);
  }
  .chart .grid {
    stroke: var(--_border);
    stroke-dasharray: 3 3;
  }
  .series-a {
    fill: var(--_accent);
  }
  .series-b {
    fill: var(--_online);
  }
  .series-c {
    fill: var(--_muted);
  }
  .swatch.series-a {
    background: var(--_accent);
  }
  .swatch.series-b {
    background: var(--_online);
  }
  .swatch.series-c {
    background: var(--_muted);
  }
  .cell.l0 {
    fill: var(--_surface);
  }
  .cell.l1 {
    fill: color-mix(in srgb, var(--_accent) 25%, var(--_surface));
  }
  .cell.l2 {
    fill: color-mix(in srgb, var(--_accent) 50%, var(--_surface));
  }
  .cell.l3 {
    fill: color-mix(in srgb, var(--_accent) 75%, var(--_surface));
  }
  .cell.l4 {
    fill: var(--_accent);
  }
`;
