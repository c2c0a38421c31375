import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { SlaAttainment } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { ReportQuery } from '../../admin-types.js';
import { inboxLocale } from '../../intl-locale.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { SlaApi } from './sla-api.js';
import { slaEn, type SlaStrings } from './sla-strings.js';

type Split = SlaAttainment['split'];
type Row = SlaAttainment['rows'][number];
const TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;

/** The attainment's rows for the page's split: per team or agent when the figures are split so, else per policy. */
function splitOf(query: ReportQuery): Split {
  return query.split === 'team' || query.split === 'agent' ? query.split : 'policy';
}

/** What the section asks the relay for `query`: the same key, the same answer. */
function keyOf(query: ReportQuery): string {
  const { from, to, channel, team, agent, label, listFilters } = query;
  return JSON.stringify([splitOf(query), from, to, channel, team, agent, label, listFilters]);
}

/** The rows of one policy, team or agent, by target. */
interface Line {
  id: string | null;
  name: string | null;
  targets: Map<Row['target'], Row>;
}

/**
 * The Reports page's SLA section (a report section of the SLA feature, `report-section.ts`): how often the clocks
 * due in the page's range were met, for the conversations its filters keep (`GET /v1/admin/sla/attainment`, with the
 * page's `from`, `to`, `channel`, `team`, `agent` and `label`, and the other features' filters, `listFilters`:
 * `attribute`, `company`), per policy, or per team or agent when the page splits its figures so: each target's share
 * over all rows, then a table of met, breached and the share per target. Read again whenever the page's range or
 * filters change; an empty state when no clock ended; a refusal said as the page says its own.
 *
 * @summary SLA attainment over the Reports page's range and filters.
 * @tag chat-admin-sla-report
 */
export class ChatAdminSlaReport extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      /* A card of the Reports page's column: as wide as the others (no auto margins in its grid). */
      :host {
        display: block;
        max-width: none;
        margin: 0;
      }
      .stat dd.of {
        font-size: 12px;
        font-weight: normal;
        color: var(--_muted);
      }
      table {
        font-variant-numeric: tabular-nums;
      }
      th.num,
      td.num {
        text-align: end;
        white-space: nowrap;
      }
      th.group {
        text-align: center;
      }
      /* The names stay in sight while a narrow screen scrolls the figures sideways. */
      tbody th,
      thead tr:first-child th:first-child {
        position: sticky;
        inset-inline-start: 0;
        background: var(--_raised);
      }
      /* Each target's three columns, set apart from the previous ones. */
      .group,
      .first {
        border-inline-start: 1px solid var(--_border);
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    query: { attribute: false },
    _report: { state: true },
  };

  /** The Reports page's range and filters (set by the page at every render; a new object when they change). */
  declare query: ReportQuery | undefined;
  declare private _report: SlaAttainment | undefined;
  /** The key of the last query asked: an answer to an older one is dropped. */
  #asked = '';

  get #t(): SlaStrings {
    return { ...slaEn, ...this.strings.slaPage };
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('query') || changed.has('api')) && this.isConnected && this.query && this.api)
      if (keyOf(this.query) !== this.#asked) void this.refresh();
  }

  protected override async load(api: AdminApi): Promise<void> {
    const query = this.query;
    if (!query) return;
    const key = keyOf(query);
    this.#asked = key;
    this._report = undefined;
    try {
      const report = await new SlaApi(api).attainment(splitOf(query), query);
      if (this.#asked === key) this._report = report;
    } catch (error) {
      if (this.#asked === key) throw error;
    }
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const split = this.query ? splitOf(this.query) : 'policy';
    const report = this._report;
    return html`<section class="card" aria-labelledby="sla-report-title">
      <h2 id="sla-report-title">${t.reportTitle[split]}</h2>
      <p class="intro">${t.reportIntro}</p>
      ${this.saveState()}
      ${
        !report
          ? this.error
            ? nothing
            : html`<p class="muted" role="status">${this.strings.loading}</p>`
          : report.rows.length === 0
            ? html`<p class="muted empty">${t.reportNone}</p>`
            : this.#figures(t, report)
      }
    </section>`;
  }

  #figures(t: SlaStrings, report: SlaAttainment): TemplateResult {
    const format = new Intl.NumberFormat(inboxLocale(), { style: 'percent', maximumFractionDigits: 1 });
    const percent = (share: number | null): string => (share === null ? '–' : format.format(share));
    const targets = TARGETS.filter((target) => report.rows.some((row) => row.target === target));
    const lines = this.#lines(report);
    const name = (line: Line): string =>
      line.name ?? (line.id === null && report.split !== 'policy' ? t.reportNobody[report.split] : (line.id ?? ''));
    return html`<dl class="stats">
        ${targets.map((target) => {
          const rows = report.rows.filter((row) => row.target === target);
          const met = rows.reduce((n, row) => n + row.met, 0);
          const ended = rows.reduce((n, row) => n + row.met + row.breached, 0);
          return html`<div class="stat">
            <dt>${t.targets[target]}</dt>
            <dd>${percent(ended === 0 ? null : met / ended)}</dd>
            <dd class="of">${t.reportMetOf(met, ended)}</dd>
          </div>`;
        })}
      </dl>
      <div class="table-wrap">
        <table class="sla-attainment" aria-labelledby="sla-report-title">
          <colgroup>
            <col />
          </colgroup>
          ${targets.map(() => html`<colgroup span="3"></colgroup>`)}
          <thead>
            <tr>
              <th scope="col" rowspan="2">${t.reportSplits[report.split]}</th>
              ${targets.map((target) => html`<th scope="colgroup" colspan="3" class="group">${t.targets[target]}</th>`)}
            </tr>
            <tr>
              ${targets.map(
                () =>
                  html`<th scope="col" class="num first">${t.met}</th>
                    <th scope="col" class="num">${t.breached}</th>
                    <th scope="col" class="num">${t.share}</th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${lines.map(
              (line) =>
                html`<tr>
                  <th scope="row">${name(line)}</th>
                  ${targets.map((target) => {
                    const row = line.targets.get(target);
                    return html`<td class="num first">${row ? row.met : '–'}</td>
                      <td class="num">${row ? row.breached : '–'}</td>
                      <td class="num">${row ? percent(row.attainment) : '–'}</td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  /** The report's rows by policy, team or agent: by name, the row of no team or nobody last. */
  #lines(report: SlaAttainment): Line[] {
    const lines = new Map<string | null, Line>();
    for (const row of report.rows) {
      let line = lines.get(row.id);
      if (!line) lines.set(row.id, (line = { id: row.id, name: row.name, targets: new Map() }));
      line.targets.set(row.target, row);
    }
    const collator = new Intl.Collator(inboxLocale());
    return [...lines.values()].sort((a, b) =>
      a.id === null || b.id === null
        ? Number(a.id === null) - Number(b.id === null)
        : collator.compare(a.name ?? a.id, b.name ?? b.id),
    );
  }
}
