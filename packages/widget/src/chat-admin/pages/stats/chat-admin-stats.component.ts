import { html, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { statsEn, type StatsStrings } from './stats-strings.js';
import type { Stats } from '../../admin-types.js';
import { pageStyles } from '../../kit/page.styles.js';
import { duration } from '../../format.js';
import { StatsApi } from './stats-api.js';
import { AdminPage } from '../../kit/admin-page.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & StatsStrings;

const REFRESH_MS = 15_000;

/**
 * The stats panel of `<chat-admin>`: visitors and staff online, open conversations, messages today and the
 * median time to a first reply, refreshed every 15 s while shown.
 *
 * @summary Site figures, refreshed while shown.
 * @tag chat-admin-stats
 */
export class ChatAdminStats extends AdminPage {
  static override styles = pageStyles;

  static override properties = {
    ...AdminPage.properties,
    _stats: { state: true },
  };

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...statsEn, ...this.strings.statsPage };
  }
  declare private _stats: Stats | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  /** Fetches the figures (when connected, then every 30 s). */
  protected override async load(api: AdminApi): Promise<void> {
    this._stats = await new StatsApi(api).get();
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    const stats = this._stats;
    const figures: [string, string][] = stats
      ? [
          [s.visitorsOnline, String(stats.visitorsOnline)],
          [s.staffOnline, String(stats.staffOnline)],
          [s.openConversations, String(stats.openConversations)],
          [s.messagesToday, String(stats.messagesToday)],
          [
            s.medianFirstReply,
            stats.medianFirstReplySeconds === null ? s.unknown : duration(stats.medianFirstReplySeconds),
          ],
          ...(stats.csat
            ? [
                [
                  s.csatFigure,
                  stats.csat.average === null ? s.unknown : s.csatValue(stats.csat.average, stats.csat.count),
                ] as [string, string],
              ]
            : []),
        ]
      : [];
    return html`<section class="card" aria-labelledby="stats-title">
      <div class="card-head">
        <h2 id="stats-title">${s.statsTitle}</h2>
        <button type="button" class="secondary" @click=${() => void this.refresh()}>${s.refresh}</button>
      </div>
      ${this.saveState()}
      ${
        stats
          ? html`<dl class="stats">
            ${figures.map(([label, value]) => html`<div class="stat"><dt>${label}</dt><dd>${value}</dd></div>`)}
          </dl>`
          : html`<p class="muted">${s.loading}</p>`
      }
    </section>`;
  }
}
