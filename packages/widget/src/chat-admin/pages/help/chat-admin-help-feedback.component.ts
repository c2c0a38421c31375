import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { HelpFeedbackReport } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { ReportQuery } from '../../admin-types.js';
import { search } from '../../area-api.js';
import { errorText } from '../../kit/error-text.js';
import { pageStyles } from '../../kit/page.styles.js';

/** The card's texts (English; a host may replace them through `texts`). */
export const helpFeedbackEn = {
  title: 'Help center feedback',
  intro: 'What visitors answered to “Did this help?” under each article, in the widget and on the portal (by UTC day).',
  none: 'No article was rated in this period.',
  article: 'Article',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  share: 'Helpful share',
  percent: (helpful: number, all: number) => `${Math.round((helpful / all) * 100)}%`,
};

/**
 * The Reports page's help center card (issue #42): "Did this help?" per article over the report's range
 * (`GET /v1/admin/reports/help-feedback`), the most rated first. Shows nothing on a relay without the help center. A
 * section of the Reports page (report-section.ts), given the page's `query`.
 *
 * @summary Helpful and not helpful per article, over a report's range.
 * @tag chat-admin-help-feedback
 */
export class ChatAdminHelpFeedback extends LitElement {
  static override styles = [
    pageStyles,
    css`
      /* A card of the Reports page's column: as wide as the others. */
      :host {
        display: block;
        max-width: none;
        margin: 0;
      }
      td.n {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    query: { attribute: false },
    theme: { type: String, reflect: true },
    _report: { state: true },
    _error: { state: true },
    _absent: { state: true },
  };

  declare api: AdminApi | undefined;
  /** The range and filters the Reports page shows (its sections' `query`); the card's figures are of the range. */
  declare query: ReportQuery | undefined;
  /** The inbox's theme (`auto`, `light`, `dark`), as the page's. */
  declare theme: string | undefined;
  declare private _report: HelpFeedbackReport | undefined;
  declare private _error: string | undefined;
  /** The relay has no help center (404): the card is not shown. */
  declare private _absent: boolean;
  texts = helpFeedbackEn;
  #asked = '';

  constructor() {
    super();
    this._absent = false;
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const { api, query } = this;
    const range = query && { from: query.from, to: query.to };
    const key = `${range?.from}:${range?.to}`;
    if (!api || !range || key === this.#asked) return;
    this.#asked = key;
    void api
      .request<HelpFeedbackReport>('GET', `/reports/help-feedback${search(range)}`)
      .then((report) => {
        if (this.#asked !== key) return;
        this._report = report;
        this._error = undefined;
      })
      .catch((error: unknown) => {
        if (this.#asked !== key) return;
        if ((error as { status?: number }).status === 404) this._absent = true;
        else this._error = errorText(error);
      });
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this._absent) return nothing;
    const t = this.texts;
    const items = this._report?.items;
    return html`<section class="card" aria-labelledby="help-feedback-title">
      <h2 id="help-feedback-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${this._error ? html`<p class="muted" role="alert">${this._error}</p>` : nothing}
      ${
        items && items.length === 0
          ? html`<p class="muted">${t.none}</p>`
          : items
            ? html`<div class="table-wrap">
                <table class="help-feedback">
                  <thead>
                    <tr>
                      <th scope="col">${t.article}</th>
                      <th scope="col">${t.helpful}</th>
                      <th scope="col">${t.notHelpful}</th>
                      <th scope="col">${t.share}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${items.map(
                      (item) =>
                        html`<tr data-id=${item.id}>
                          <th scope="row"><span dir="auto">${item.title}</span> <span class="muted">${item.locale}</span></th>
                          <td class="n">${item.helpful}</td>
                          <td class="n">${item.notHelpful}</td>
                          <td class="n">${t.percent(item.helpful, item.helpful + item.notHelpful)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
            : nothing
      }
    </section>`;
  }
}
