import { css, html, nothing, type TemplateResult } from 'lit';
import { saveBlob } from '../../../attachments/attachment-format.js';
import type { ReportFilterChoices, ReportSplit } from '@parley/protocol/admin';
import type { Report, ReportDurations, ReportQuery } from '../../admin-types.js';
import { pageStyles } from '../../kit/page.styles.js';
import { duration } from '../../format.js';
import { barChart, chartStyles, heatmap, scoreBars, type Series } from './report-charts.js';
import { reportsEn, type ReportsStrings } from './reports-strings.js';
import { ReportsApi } from './reports-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { inboxLocale } from '../../intl-locale.js';
import { outlet } from '../../outlets.js';
import { holds } from '../../page-entry.js';
import { REPORT_SECTIONS } from './report-sections.js';
import { REPORT_FILTERS } from './report-filters.js';
import type { ReportFilterChange, ReportParams } from './report-filter-event.js';
import { keepFilters, keptFilters, MAX_PARAM, SPLITS, type KeptFilters } from './report-kept-filters.js';

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
 * agent's load, the busiest hours and the ratings (CSAT), in the browser's time zone, of every channel or of one
 * (the relay's list: Chat, Email, API, then its messaging providers, WhatsApp…), team, assignee and label (issue
 * #86), and by what the features' filters set (report-filters.ts: the conversation list's parameters they add),
 * optionally split by one of the page's into a table; the same as a CSV file, and one row per conversation as CSV or
 * JSON. Under its figures, the features' sections (report-sections.ts), given the same range and filters. Charts are
 * SVG drawn here (report-charts.ts), each with a table of the same figures.
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
      .exports {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
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
    _channel: { state: true },
    _channels: { state: true },
    _team: { state: true },
    _agent: { state: true },
    _label: { state: true },
    _split: { state: true },
    _choices: { state: true },
    _params: { state: true },
    _summaries: { state: true },
    _query: { state: true },
  };

  /** The preset shown (days), or `custom`. */
  declare private _preset: number | 'custom';
  /** The custom range's first and last days (`YYYY-MM-DD`). */
  declare private _from: string;
  declare private _to: string;
  declare private _report: Report | undefined;
  declare private _exporting: boolean;
  /** The channel the figures keep to (`''`: every channel), kept in the history entry. */
  declare private _channel: string;
  /** The relay's channels to choose from, once loaded. */
  declare private _channels: ReadonlyArray<{ id: string; label: string }>;
  /** The team, assignee and label the figures keep to (`''`: every one; `none`: no team, unassigned). */
  declare private _team: string;
  declare private _agent: string;
  declare private _label: string;
  /** The member the figures are split by, or `''`. */
  declare private _split: ReportSplit | '';
  /** The site's teams, staff members and labels to choose from, once loaded. */
  declare private _choices: ReportFilterChoices | undefined;
  /** The values of the contributed filters' parameters (report-filters.ts), kept in the history entry. */
  declare private _params: ReportParams;
  /** Each contributed filter's choice in words (by its tag), for the values it said it for. */
  declare private _summaries: ReadonlyMap<string, { params: string; summary: string }>;
  /** The range and filters of the report asked last: what the sections are given (a new object when they change). */
  declare private _query: ReportQuery | undefined;
  /** Answers to older requests are dropped. */
  #request = 0;
  /** The report sections outlet (report-sections.ts): each feature's section, made once and kept. */
  #sections = outlet(REPORT_SECTIONS);
  /** The report filters outlet (report-filters.ts): each feature's control, made once and kept. */
  #filters = outlet(REPORT_FILTERS);

  constructor() {
    super();
    this._preset = 30;
    const today = localDay(isoDay(Date.now()))!;
    this._from = isoDay(today - 29 * DAY);
    this._to = isoDay(today);
    this._exporting = false;
    const kept = keptFilters();
    this._channel = kept.channel;
    this._team = kept.team;
    this._agent = kept.agent;
    this._label = kept.label;
    this._split = kept.split;
    this._params = kept.params;
    this._summaries = new Map();
    this._channels = [];
  }

  /** The page's strings: the shell's `reportsPage`, else English. */
  get #t(): ReportsStrings {
    return this.strings.reportsPage ?? reportsEn;
  }

  /** What the controls ask for, or `undefined` for a custom range that is not one. */
  query(): ReportQuery | undefined {
    const tz = browserZone();
    const channel = {
      ...(this._channel !== '' && { channel: [this._channel] }),
      ...(this._team !== '' && { team: [this._team] }),
      ...(this._agent !== '' && { agent: [this._agent] }),
      ...(this._label !== '' && { label: [this._label] }),
      ...(this._split !== '' && { split: this._split }),
      ...this.#listFilters(),
    };
    if (this._preset !== 'custom') {
      const today = localDay(isoDay(Date.now()))!;
      return {
        from: localDay(isoDay(today), 1 - this._preset)!,
        to: localDay(isoDay(today), 1)!,
        bucket: 'day',
        tz,
        ...channel,
      };
    }
    const from = localDay(this._from);
    const to = localDay(this._to, 1);
    if (from === undefined || to === undefined || from >= to || to - from > MAX_DAYS * DAY) return undefined;
    return { from, to, bucket: to - from <= HOURS_UP_TO ? 'hour' : 'day', tz, ...channel };
  }

  /**
   * The contributed filters' parameters the report takes: those of the filters shown to the member (an entry's
   * permission), as `listFilters` when any is set.
   */
  #listFilters(): { listFilters?: ReportParams } {
    const me = this.inbox?.state.me;
    const names = new Set(
      REPORT_FILTERS.flatMap((entry) => (!entry.permission || holds(me, entry.permission) ? entry.params : [])),
    );
    const listFilters = Object.fromEntries(Object.entries(this._params).filter(([name]) => names.has(name)));
    return Object.keys(listFilters).length > 0 ? { listFilters } : {};
  }

  /** Loads the channels to choose from (once; the filter stays usable by its kept value meanwhile). */
  async #loadChannels(): Promise<void> {
    if (!this.api || this._channels.length > 0) return;
    try {
      this._channels = (await new ReportsApi(this.api).channels()).items;
    } catch (error) {
      this.say(this.errorText(error), true);
    }
  }

  /** Loads the site's teams, staff members and labels (once). */
  async #loadChoices(): Promise<void> {
    if (!this.api || this._choices) return;
    try {
      this._choices = await new ReportsApi(this.api).filters();
    } catch (error) {
      this.say(this.errorText(error), true);
    }
  }

  #pick<K extends keyof KeptFilters>(name: K, value: KeptFilters[K]): void {
    const kept: KeptFilters = {
      channel: this._channel,
      team: this._team,
      agent: this._agent,
      label: this._label,
      split: this._split,
      params: this._params,
      [name]: value,
    };
    this._channel = kept.channel;
    this._team = kept.team;
    this._agent = kept.agent;
    this._label = kept.label;
    this._split = kept.split;
    this._params = kept.params;
    keepFilters(kept);
    void this.refresh();
  }

  /**
   * A contributed filter's choice (`chat-report-filter-change` from its element): its words are kept for the line of
   * filters, and when the values of its parameters changed (none but its own are taken) the report is read again.
   */
  #filterChanged(event: CustomEvent<ReportFilterChange>): void {
    const entry = REPORT_FILTERS.find(({ tag }) => tag === (event.target as Element | null)?.localName);
    if (!entry) return;
    const own = new Set(entry.params);
    const mine = Object.fromEntries(
      entry.params.flatMap((name) => {
        const value: unknown = event.detail.params[name];
        return typeof value === 'string' && value !== '' && value.length <= MAX_PARAM ? [[name, value]] : [];
      }),
    );
    const summaries = new Map(this._summaries);
    if (event.detail.summary) summaries.set(entry.tag, { params: JSON.stringify(mine), summary: event.detail.summary });
    else summaries.delete(entry.tag);
    this._summaries = summaries;
    const params = {
      ...Object.fromEntries(Object.entries(this._params).filter(([name]) => !own.has(name))),
      ...mine,
    };
    // The filter is given the values kept at once, not at the next render: an update of its own before that one
    // would read the values from before its choice.
    Object.assign(event.target as Element, { params: mine });
    const same = (a: ReportParams, b: ReportParams) =>
      Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([name, value]) => b[name] === value);
    if (!same(params, this._params)) this.#pick('params', params);
  }

  /** Fetches the report for the controls' range. */
  override async refresh(): Promise<void> {
    const query = this.query();
    if (!query) {
      this.say(this.#t.badRange, true);
      return;
    }
    if (!this.api) return;
    void this.#loadChannels();
    void this.#loadChoices();
    const request = ++this.#request;
    if (JSON.stringify(query) !== JSON.stringify(this._query)) this._query = query;
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

  /** Saves one row per conversation of the report (same range and filters) as CSV or JSON. */
  async #exportRows(format: 'csv' | 'json'): Promise<void> {
    const query = this.query();
    if (!query || !this.api || this._exporting) return;
    this._exporting = true;
    try {
      const blob = await new ReportsApi(this.api).conversations(query, format);
      saveBlob(blob, `parley-conversations-${isoDay(query.from)}-${isoDay(query.to - 1)}.${format}`);
    } catch (error) {
      this.say(this.errorText(error), true);
    } finally {
      this._exporting = false;
    }
  }

  #pickPreset(preset: number | 'custom'): void {
    this._preset = preset;
    if (preset !== 'custom') void this.refresh();
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const report = this._report;
    return html`<section class="card" aria-labelledby="reports-title">
        <div class="card-head"><h2 id="reports-title">${t.title}</h2></div>
        <div
          class="controls"
          role="group"
          aria-label=${t.range}
          @chat-report-filter-change=${(event: CustomEvent<ReportFilterChange>) => this.#filterChanged(event)}
        >
          <div class="presets">
            ${PRESETS.map(
              (days) =>
                html`<button
                  type="button"
                  class="secondary"
                  aria-pressed=${this._preset === days ? 'true' : 'false'}
                  @click=${() => this.#pickPreset(days)}
                >
                  ${t.presets.days(days)}
                </button>`,
            )}
            <button
              type="button"
              class="secondary"
              aria-pressed=${this._preset === 'custom' ? 'true' : 'false'}
              @click=${() => this.#pickPreset('custom')}
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
          <label class="channel"
            >${t.channel}
            <select
              name="channel"
              @change=${(e: Event) => this.#pick('channel', (e.target as HTMLSelectElement).value)}
            >
              <option value="" ?selected=${this._channel === ''}>${t.allChannels}</option>
              ${this.#channelChoices().map(
                (c) => html`<option value=${c.id} ?selected=${this._channel === c.id}>${c.label}</option>`,
              )}
            </select></label
          >
          ${this.#select('team', t.team, this._team, [
            { id: '', label: t.allTeams },
            ...this.#choicesOf('team', this._team),
            { id: 'none', label: t.noTeam },
          ])}
          ${this.#select('agent', t.agentFilter, this._agent, [
            { id: '', label: t.allAgents },
            ...this.#choicesOf('agent', this._agent),
            { id: 'none', label: t.unassigned },
          ])}
          ${this.#select('label', t.label, this._label, [
            { id: '', label: t.allLabels },
            ...this.#choicesOf('label', this._label),
          ])}
          ${this.#reportFilters()}
          ${this.#select('split', t.split, this._split, [
            { id: '', label: t.noSplit },
            ...SPLITS.map((by) => ({ id: by, label: t.splitBy[by] })),
          ])}
          <div class="exports">
            <button
              type="button"
              class="secondary export"
              ?disabled=${this._exporting || !report}
              @click=${() => void this.#export()}
            >
              ${this._exporting ? t.exporting : t.exportCsv}
            </button>
            <button
              type="button"
              class="secondary export-rows"
              ?disabled=${this._exporting || !report}
              @click=${() => void this.#exportRows('csv')}
            >
              ${t.exportRowsCsv}
            </button>
            <button
              type="button"
              class="secondary export-rows-json"
              ?disabled=${this._exporting || !report}
              @click=${() => void this.#exportRows('json')}
            >
              ${t.exportRowsJson}
            </button>
          </div>
        </div>
        ${report ? html`<p class="muted">${this.#rangeText(report)}</p>` : nothing}
        ${this.saveState()}
        ${!report && !this.error ? html`<p class="muted" role="status">${t.loading}</p>` : nothing}
      </section>
      ${report ? this.#figures(report) : nothing} ${this.#reportSections()}`;
  }

  /**
   * The features' sections, for the member signed in (an entry's permission), each given what a page is and the
   * report's range and filters at every render.
   */
  #reportSections(): HTMLElement[] {
    const sections = this.#sections(this.inbox, this.inbox?.state.me);
    for (const section of sections)
      Object.assign(section, { api: this.api, strings: this.strings, theme: this.theme ?? 'auto', query: this._query });
    return sections;
  }

  /**
   * The features' filters, for the member signed in (an entry's permission), each given what a page is and the values
   * of its own parameters at every render.
   */
  #reportFilters(): HTMLElement[] {
    const filters = this.#filters(this.inbox, this.inbox?.state.me);
    for (const filter of filters) {
      const own = new Set(REPORT_FILTERS.find(({ tag }) => tag === filter.localName)?.params);
      const params = Object.fromEntries(Object.entries(this._params).filter(([name]) => own.has(name)));
      Object.assign(filter, { api: this.api, strings: this.strings, theme: this.theme ?? 'auto', params });
    }
    return filters;
  }

  /** A filter's select: its choices, the one kept selected. */
  #select<K extends Exclude<keyof KeptFilters, 'channel' | 'params'>>(
    name: K,
    title: string,
    value: string,
    choices: ReadonlyArray<{ id: string; label: string }>,
  ): TemplateResult {
    return html`<label class=${name}
      >${title}
      <select name=${name} @change=${(e: Event) => this.#pick(name, (e.target as HTMLSelectElement).value as KeptFilters[K])}>
        ${choices.map((c) => html`<option value=${c.id} ?selected=${value === c.id}>${c.label}</option>`)}
      </select></label
    >`;
  }

  /** The site's teams, staff members or labels, and the kept one while they load (shown by its id). */
  #choicesOf(member: 'team' | 'agent' | 'label', kept: string): ReadonlyArray<{ id: string; label: string }> {
    const choices = this._choices?.[member] ?? [];
    return kept === '' || kept === 'none' || choices.some((c) => c.id === kept)
      ? choices
      : [...choices, { id: kept, label: kept }];
  }

  /** The relay's channels, and the kept one while they load (or if the relay no longer has it, shown by its id). */
  #channelChoices(): ReadonlyArray<{ id: string; label: string }> {
    const known = this._channels.some((c) => c.id === this._channel);
    return this._channel === '' || known
      ? this._channels
      : [...this._channels, { id: this._channel, label: this._channel }];
  }

  #rangeText(report: Report): string {
    const format = new Intl.DateTimeFormat(inboxLocale(), { dateStyle: 'medium', timeZone: report.range.tz });
    const range = this.#t.showing(
      format.format(report.range.from),
      format.format(report.range.to - 1),
      report.range.tz,
    );
    // The figures' own filters (what the relay answered), each value by its name.
    const t = this.#t;
    const named = (list: ReadonlyArray<{ id: string; label: string }>, none: string) => (id: string) =>
      id === 'none' ? none : (list.find((c) => c.id === id)?.label ?? id);
    const parts = [
      ...(report.filters.channel ?? []).map(named(this._channels, 'none')),
      ...(report.filters.team ?? []).map(named(this._choices?.team ?? [], t.noTeam)),
      ...(report.filters.agent ?? []).map(named(this._choices?.agent ?? [], t.unassigned)),
      ...(report.filters.label ?? []),
      ...this.#listFilterWords(report.filters.listFilters ?? {}),
    ];
    return parts.length === 0 ? range : t.showingChannel(range, parts.join(', '));
  }

  /**
   * The contributed filters the figures keep to (the parameters the relay answered), each in its filter's words when
   * it said them for those values, else by its values.
   */
  #listFilterWords(answered: Readonly<Record<string, string>>): string[] {
    return REPORT_FILTERS.flatMap(({ tag, params }) => {
      const mine = Object.fromEntries(params.flatMap((name) => (answered[name] ? [[name, answered[name]]] : [])));
      if (Object.keys(mine).length === 0) return [];
      const said = this._summaries.get(tag);
      return [said && said.params === JSON.stringify(mine) ? said.summary : Object.values(mine).join(' ')];
    });
  }

  /** A bucket's label: its day, or its day and hour. */
  #label(report: Report): (t: number) => string {
    const format = new Intl.DateTimeFormat(
      inboxLocale(),
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
      ${report.split ? html`<section class="card">${this.#split(report.split)}</section>` : nothing}
      <section class="card">${this.#hours(report)}</section>
      ${report.csat ? html`<section class="card">${this.#csat(report.csat)}</section>` : nothing}`;
  }

  /** The split's table: a row of totals per channel, team, assignee or label. */
  #split(split: NonNullable<Report['split']>): TemplateResult {
    const t = this.#t;
    return html`<h2 id="split-title">${t.splitTitle(t.splitBy[split.by])}</h2>
      <div class="wide">
        <table class="split-table" aria-labelledby="split-title">
          <thead>
            <tr>
              <th scope="col">${t.splitBy[split.by]}</th>
              <th scope="col" class="n">${t.conversations}</th>
              <th scope="col" class="n">${t.visitorMessages}</th>
              <th scope="col" class="n">${t.staffMessages}</th>
              <th scope="col" class="n">${t.firstResponseMedian}</th>
              <th scope="col" class="n">${t.firstResponseP90}</th>
              <th scope="col" class="n">${t.resolutionMedian}</th>
              <th scope="col" class="n">${t.resolutionP90}</th>
              <th scope="col" class="n">${t.csatAverageShort}</th>
            </tr>
          </thead>
          <tbody>
            ${split.rows.map(
              (row) =>
                html`<tr>
                  <th scope="row">${row.label}</th>
                  <td class="n">${row.conversations}</td>
                  <td class="n">${row.messages.visitor}</td>
                  <td class="n">${row.messages.staff}</td>
                  <td class="n">${this.#ms(row.firstResponse.medianMs)}</td>
                  <td class="n">${this.#ms(row.firstResponse.p90Ms)}</td>
                  <td class="n">${this.#ms(row.resolution.medianMs)}</td>
                  <td class="n">${this.#ms(row.resolution.p90Ms)}</td>
                  <td class="n">${row.csat ? row.csat.average.toFixed(2) : t.none}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${split.truncated ? html`<p class="muted">${t.splitTruncated}</p>` : nothing}`;
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
