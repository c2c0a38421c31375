import { css, html, nothing, type TemplateResult } from 'lit';
import { saveBlob } from '../../../attachments/attachment-format.js';
import type { Report, ReportDurations, ReportQuery } from '../../admin-types.js';
import { pageStyles } from '../../kit/page.styles.js';
import { duration } from '../../format.js';
import { barChart, chartStyles, heatmap, scoreBars, type Series } from './report-charts.js';
import { reportsEn, type ReportsStrings } from './reports-strings.js';
import { ReportsApi } from './reports-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { defineAttributeBreakdown } from '../attributes/chat-admin-attribute-breakdown.component.js';
import { defineHelpFeedback } from '../help/chat-admin-help-feedback.component.js';

const DAY = 86_400_000;
const PRESETS = [7, 30, 90] as const;
/** Custom ranges up to this long are shown by hour. */
const HOURS_UP_TO = 2 * DAY;
/** The relay's longest range by day. */
const MAX_DAYS = 400;

/** The browser's time zone: the report's buckets and busiest hours are local to it. */
function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Local midnight of `date` (`YYYY-MM-DD`) plus `days`, in the browser's zone; `undefined` when not a date. */
function localDay(date: string, days = 0): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).getTime();
}

/** `YYYY-MM-DD` of a local day. */
function isoDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The Reports page of `<chat-admin>` (any staff member): for the last 7, 30 or 90 days or dates of one's choice,
 * conversations and messages over time, first-response and resolution times (median and 90th percentile), each
 * agent's load, the busiest hours and the ratings (CSAT), in the browser's time zone; and the same as a CSV file.
 * Charts are SVG drawn here (report-charts.ts), each with a table of the same figures.
 *
 * @summary Reports over a date range, with charts and a CSV export.
 * @tag chat-admin-reports
 */
export class ChatAdminReports extends AdminPage {
  static override styles = [
    pageStyles,
    chartStyles,
    css`
      :host {
        max-width: 960px;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: end;
      }
      .controls label {
        display: grid;
        gap: 2px;
        font-weight: normal;
      }
      .presets {
        display: flex;
        gap: 4px;
      }
      .presets [aria-pressed='true'] {
        background: var(--_accent-soft);
        border-color: var(--_accent);
      }
      .export {
        margin-inline-start: auto;
      }
      figure {
        margin: 0;
        display: grid;
        gap: 6px;
      }
      figcaption {
        font-weight: 600;
      }
      .legend {
        display: flex;
        gap: 12px;
        font-size: 12px;
        color: var(--_muted);
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .swatch {
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-inline-end: 4px;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: start;
        padding: 4px 8px;
        border-block-end: 1px solid var(--_border);
      }
      td.n,
      th.n {
        text-align: end;
      }
      details > summary {
        cursor: pointer;
        color: var(--_muted);
        font-size: 12px;
      }
      .wide {
        overflow-x: auto;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _preset: { state: true },
    _from: { state: true },
    _to: { state: true },
    _report: { state: true },
    _exporting: { state: true },
  };

  /** The preset shown (days), or `custom`. */
  declare private _preset: number | 'custom';
  /** The custom range's first and last days (`YYYY-MM-DD`). */
  declare private _from: string;
  declare private _to: string;
  declare private _report: Report | undefined;
  declare private _exporting: boolean;
  /** Answers to older requests are dropped. */
  #request = 0;

  constructor() {
    super();
    // The breakdown by a custom attribute (docs/attributes.md), under the figures.
    defineAttributeBreakdown();
    defineHelpFeedback();
    this._preset = 30;
    const today = localDay(isoDay(Date.now()))!;
    this._from = isoDay(today - 29 * DAY);
    this._to = isoDay(today);
    this._exporting = false;
  }

  /** The page's strings: the shell's `reportsPage`, else English. */
  get #t(): ReportsStrings {
    return this.strings.reportsPage ?? reportsEn;
  }

  /** What the controls ask for, or `undefined` for a custom range that is not one. */
  query(): ReportQuery | undefined {
    const tz = browserZone();
    if (this._preset !== 'custom') {
      const today = localDay(isoDay(Date.now()))!;
      return { from: localDay(isoDay(today), 1 - this._preset)!, to: localDay(isoDay(today), 1)!, bucket: 'day', tz };
    }
    const from = localDay(this._from);
    const to = localDay(this._to, 1);
    if (from === undefined || to === undefined || from >= to || to - from > MAX_DAYS * DAY) return undefined;
    return { from, to, bucket: to - from <= HOURS_UP_TO ? 'hour' : 'day', tz };
  }

  /** Fetches the report for the controls' range. */
  override async refresh(): Promise<void> {
    const query = this.query();
    if (!query) {
      this.say(this.#t.badRange, true);
      return;
    }
    if (!this.api) return;
    const request = ++this.#request;
    this._report = undefined;
    this.error = undefined;
    try {
      const report = await new ReportsApi(this.api).get(query);
      if (request === this.#request) this._report = report;
    } catch (error) {
      if (request === this.#request) this.say(this.errorText(error), true);
    }
  }

  async #export(): Promise<void> {
    const query = this.query();
    if (!query || !this.api || this._exporting) return;
    this._exporting = true;
    try {
      const blob = await new ReportsApi(this.api).csv(query);
      saveBlob(blob, `parley-report-${isoDay(query.from)}-${isoDay(query.to - 1)}.csv`);
    } catch (error) {
      this.say(this.errorText(error), true);
    } finally {
      this._exporting = false;
    }
  }

  #pick(preset: number | 'custom'): void {
    this._preset = preset;
    if (preset !== 'custom') void this.refresh();
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const report = this._report;
    return html`<section class="card" aria-labelledby="reports-title">
        <div class="card-head"><h2 id="reports-title">${t.title}</h2></div>
        <div class="controls" role="group" aria-label=${t.range}>
          <div class="presets">
            ${PRESETS.map(
              (days) =>
                html`<button
                  type="button"
                  class="secondary"
                  aria-pressed=${this._preset === days ? 'true' : 'false'}
                  @click=${() => this.#pick(days)}
                >
                  ${t.presets.days(days)}
                </button>`,
            )}
            <button
              type="button"
              class="secondary"
              aria-pressed=${this._preset === 'custom' ? 'true' : 'false'}
              @click=${() => this.#pick('custom')}
            >
              ${t.presets.custom}
            </button>
          </div>
          ${
            this._preset === 'custom'
              ? html`<form
                class="controls"
                @submit=${(event: Event) => {
                  event.preventDefault();
                  void this.refresh();
                }}
              >
                <label
                  >${t.from}
                  <input
                    type="date"
                    name="from"
                    .value=${this._from}
                    @change=${(e: Event) => (this._from = (e.target as HTMLInputElement).value)}
                /></label>
                <label
                  >${t.to}
                  <input
                    type="date"
                    name="to"
                    .value=${this._to}
                    @change=${(e: Event) => (this._to = (e.target as HTMLInputElement).value)}
                /></label>
                <button type="submit" class="primary">${t.apply}</button>
              </form>`
              : nothing
          }
          <button
            type="button"
            class="secondary export"
            ?disabled=${this._exporting || !report}
            @click=${() => void this.#export()}
          >
            ${this._exporting ? t.exporting : t.exportCsv}
          </button>
        </div>
        ${report ? html`<p class="muted">${this.#rangeText(report)}</p>` : nothing}
        ${this.saveState()}
        ${!report && !this.error ? html`<p class="muted" role="status">${t.loading}</p>` : nothing}
      </section>
      ${report ? this.#figures(report) : nothing}
      <chat-admin-attribute-breakdown
        theme=${this.theme ?? 'auto'}
        .api=${this.api}
        .strings=${this.strings}
        .range=${report ? { from: report.range.from, to: report.range.to } : undefined}
      ></chat-admin-attribute-breakdown>
      <chat-admin-help-feedback
        theme=${this.theme ?? 'auto'}
        .api=${this.api}
        .range=${report ? { from: report.range.from, to: report.range.to } : undefined}
      ></chat-admin-help-feedback>`;
  }

  #rangeText(report: Report): string {
    const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: report.range.tz });
    return this.#t.showing(format.format(report.range.from), format.format(report.range.to - 1), report.range.tz);
  }

  /** A bucket's label: its day, or its day and hour. */
  #label(report: Report): (t: number) => string {
    const format = new Intl.DateTimeFormat(
      undefined,
      report.range.bucket === 'hour'
        ? { month: 'short', day: 'numeric', hour: 'numeric', timeZone: report.range.tz }
        : { month: 'short', day: 'numeric', timeZone: report.range.tz },
    );
    return (t) => format.format(t);
  }

  #figures(report: Report): TemplateResult {
    const t = this.#t;
    const label = this.#label(report);
    const labels = report.conversations.map((b) => label(b.t));
    const messageLabels = report.messages.map((b) => label(b.t));
    const series: Series[] = [
      { name: t.visitor, className: 'series-a', values: report.messages.map((b) => b.visitor) },
      { name: t.staff, className: 'series-b', values: report.messages.map((b) => b.staff) },
      { name: t.bot, className: 'series-c', values: report.messages.map((b) => b.bot) },
    ];
    const conversations: Series[] = [
      { name: t.count, className: 'series-a', values: report.conversations.map((b) => b.count) },
    ];
    return html`<section class="card" aria-labelledby="times-title">
        <h2 id="times-title">${t.timesTitle}</h2>
        <dl class="stats">
          ${this.#durations(t.firstResponse, report.firstResponse)} ${this.#durations(t.resolution, report.resolution)}
        </dl>
      </section>
      <section class="card">
        ${this.#chart('conversations', t.conversationsTitle, labels, conversations)}
      </section>
      <section class="card">${this.#chart('messages', t.messagesTitle, messageLabels, series)}</section>
      <section class="card" aria-labelledby="agents-title">
        <h2 id="agents-title">${t.agentsTitle}</h2>
        ${
          report.agents.length === 0
            ? html`<p class="muted">${t.noAgents}</p>`
            : html`<div class="wide">
              <table class="agents">
                <thead>
                  <tr>
                    <th scope="col">${t.agent}</th>
                    <th scope="col" class="n">${t.conversations}</th>
                    <th scope="col" class="n">${t.assigned}</th>
                    <th scope="col" class="n">${t.messages}</th>
                    <th scope="col" class="n">${t.firstResponseMedian}</th>
                  </tr>
                </thead>
                <tbody>
                  ${report.agents.map(
                    (a) =>
                      html`<tr>
                        <th scope="row">${a.name}</th>
                        <td class="n">${a.conversations}</td>
                        <td class="n">${a.assigned}</td>
                        <td class="n">${a.messages}</td>
                        <td class="n">${this.#ms(a.firstResponseMedianMs)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        }
      </section>
      <section class="card">${this.#hours(report)}</section>
      ${report.csat ? html`<section class="card">${this.#csat(report.csat)}</section>` : nothing}`;
  }

  #ms(ms: number | null): string {
    return ms === null ? this.#t.none : duration(ms / 1000);
  }

  #durations(title: string, figures: ReportDurations): TemplateResult {
    const t = this.#t;
    return html`<div class="stat">
        <dt>${title}: ${t.median}</dt>
        <dd>${this.#ms(figures.medianMs)}</dd>
      </div>
      <div class="stat">
        <dt>${title}: ${t.p90}</dt>
        <dd>${this.#ms(figures.p90Ms)}</dd>
        <dt class="muted">${t.over(figures.count)}</dt>
      </div>`;
  }

  #chart(id: string, title: string, labels: string[], series: Series[]): TemplateResult {
    const t = this.#t;
    const totals = labels.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
    const total = totals.reduce((a, b) => a + b, 0);
    const peak = Math.max(0, ...totals);
    const summary = t.chartSummary(total, peak, labels[totals.indexOf(peak)] ?? '');
    return html`<figure>
      <figcaption id="${id}-title">${title}</figcaption>
      ${
        series.length > 1
          ? html`<ul class="legend">
            ${series.map((s) => html`<li><span class="swatch ${s.className}"></span>${s.name}</li>`)}
          </ul>`
          : nothing
      }
      ${barChart(labels, series, `${id}-title ${id}-summary`)}
      <p class="muted" id="${id}-summary">${summary}</p>
      <details>
        <summary>${t.showTable}</summary>
        <div class="wide">
          <table class="${id}-table">
            <thead>
              <tr>
                <th scope="col">${t.start}</th>
                ${series.map((s) => html`<th scope="col" class="n">${s.name}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${labels.map(
                (label, i) =>
                  html`<tr>
                    <th scope="row">${label}</th>
                    ${series.map((s) => html`<td class="n">${s.values[i] ?? 0}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </figure>`;
  }

  #hours(report: Report): TemplateResult {
    const t = this.#t;
    let best = { d: 0, h: 0, n: 0 };
    report.busiestHours.forEach((row, d) =>
      row.forEach((n, h) => {
        if (n > best.n) best = { d, h, n };
      }),
    );
    const hourName = (h: number): string => `${String(h).padStart(2, '0')}:00`;
    return html`<figure>
      <figcaption id="hours-title">${t.hoursTitle}</figcaption>
      ${heatmap(report.busiestHours, t.weekdays, 'hours-title hours-summary')}
      <p class="muted" id="hours-summary">
        ${best.n > 0 ? t.hoursSummary(t.weekdays[best.d]!, hourName(best.h), best.n) : t.chartSummary(0, 0, '')}
      </p>
      <details>
        <summary>${t.showTable}</summary>
        <div class="wide">
          <table class="hours-table">
            <thead>
              <tr>
                <th scope="col">${t.hour}</th>
                ${t.weekdays.map((day) => html`<th scope="col" class="n">${day}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${Array.from(
                { length: 24 },
                (_, h) =>
                  html`<tr>
                    <th scope="row">${hourName(h)}</th>
                    ${report.busiestHours.map((row) => html`<td class="n">${row[h] ?? 0}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </figure>`;
  }

  #csat(csat: NonNullable<Report['csat']>): TemplateResult {
    const t = this.#t;
    const fromFive = [...csat.distribution].reverse();
    return html`<figure>
      <figcaption id="csat-title">${t.csatTitle}</figcaption>
      <p class="csat-average" id="csat-summary">${t.csatAverage(csat.average, csat.count)}</p>
      ${scoreBars(fromFive, 'csat-title csat-summary')}
      <details>
        <summary>${t.showTable}</summary>
        <table class="csat-table">
          <thead>
            <tr>
              <th scope="col">${t.score}</th>
              <th scope="col" class="n">${t.ratings}</th>
            </tr>
          </thead>
          <tbody>
            ${fromFive.map(
              (n, i) =>
                html`<tr>
                  <th scope="row">${5 - i}</th>
                  <td class="n">${n}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }
}
