import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { deliveriesEn, type DeliveriesStrings } from './deliveries-strings.js';
import type { OutboxJob, OutboxStatus } from '../../admin-types.js';
import { pageStyles } from '../../kit/page.styles.js';
import { longTime } from '../../format.js';
import { DeliveriesApi } from './deliveries-api.js';
import { AdminPage } from '../../kit/admin-page.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & DeliveriesStrings;

/** The filters, in their order: what needs attention first. */
const FILTERS: readonly OutboxStatus[] = ['dead', 'pending', 'delivered', 'skipped'];

/**
 * The deliveries page of `<chat-admin>` (admins): the emails and webhook deliveries the relay owes, by state —
 * failed (given up on after their last attempt, each with a Replay button), waiting (queued or between retries),
 * sent, not needed — newest first, with the last error and the attempts made. Payloads are never shown (they stay
 * in the relay).
 *
 * @summary What the relay owes, and replaying what it gave up on.
 * @tag chat-admin-deliveries
 */
export class ChatAdminDeliveries extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .jobs {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 10px;
      }
      .job {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 4px 12px;
        padding-block-end: 10px;
        border-block-end: 1px solid var(--_border);
      }
      .job-head {
        display: flex;
        gap: 8px;
        align-items: baseline;
        flex-wrap: wrap;
      }
      .job-error {
        grid-column: 1 / -1;
        color: var(--_danger);
        overflow-wrap: anywhere;
        margin: 0;
      }
      .job-meta {
        grid-column: 1;
        margin: 0;
      }
      .job button {
        grid-row: 1;
        grid-column: 2;
        align-self: start;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _replaying: { state: true },
    _status: { state: true },
    _jobs: { state: true },
    _next: { state: true },
  };

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...deliveriesEn, ...this.strings.deliveriesPage };
  }
  declare private _status: OutboxStatus;
  declare private _jobs: OutboxJob[] | undefined;
  declare private _next: string | undefined;
  declare private _replaying: string | undefined;

  constructor() {
    super();
    this._status = 'dead';
  }

  /** Reads the first page of the chosen state again. */
  protected override async load(api: AdminApi): Promise<void> {
    const status = this._status;
    const page = await new DeliveriesApi(api).list({ status });
    if (status !== this._status) return;
    this._jobs = page.items;
    this._next = page.nextCursor;
  }

  async #more(): Promise<void> {
    if (!this.api || !this._next) return;
    try {
      const page = await new DeliveriesApi(this.api).list({ status: this._status, cursor: this._next });
      this._jobs = [...(this._jobs ?? []), ...page.items];
      this._next = page.nextCursor;
    } catch (error) {
      this.say(this.errorText(error), true);
    }
  }

  #choose(status: OutboxStatus): void {
    if (status === this._status) return;
    this._status = status;
    this._jobs = undefined;
    this.status = undefined;
    void this.refresh();
  }

  async #replay(job: OutboxJob): Promise<void> {
    if (!this.api) return;
    this._replaying = job.id;
    try {
      await new DeliveriesApi(this.api).replay(job.id);
      this._jobs = (this._jobs ?? []).filter((j) => j.id !== job.id);
      this.say(this.#strings.replayed);
    } catch (error) {
      this.say(this.errorText(error), true);
    } finally {
      this._replaying = undefined;
    }
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    const jobs = this._jobs;
    return html`<section class="card" aria-labelledby="deliveries-title">
      <div class="card-head">
        <h2 id="deliveries-title">${s.deliveriesTitle}</h2>
        <button type="button" class="secondary" @click=${() => void this.refresh()}>${s.refresh}</button>
      </div>
      <p class="intro">${s.deliveriesIntro}</p>
      <fieldset class="choices">
        <legend>${s.deliveryFilter}</legend>
        ${FILTERS.map(
          (status) =>
            html`<label
              ><input
                type="radio"
                name="delivery-status"
                value=${status}
                .checked=${status === this._status}
                @change=${() => this.#choose(status)}
              />${s.deliveryStatus[status]}</label
            >`,
        )}
      </fieldset>
      ${this.saveState()}
      ${
        jobs === undefined
          ? html`<p class="muted">${s.loading}</p>`
          : jobs.length === 0
            ? html`<p class="muted">${s.noDeliveries}</p>`
            : html`<ul class="jobs" aria-label=${s.deliveryStatus[this._status]}>
                ${jobs.map((job) => this.#job(job))}
              </ul>`
      }
      ${this._next ? html`<button type="button" class="secondary" @click=${() => void this.#more()}>${s.loadMore}</button>` : nothing}
    </section>`;
  }

  #job(job: OutboxJob): TemplateResult {
    const s = this.#strings;
    const when = longTime(job.doneAt ?? job.createdAt);
    return html`<li class="job" data-id=${job.id}>
      <div class="job-head">
        <strong>${s.deliveryKind(job.kind)}</strong>
        <span class="state ${job.status === 'dead' ? 'failed' : ''}">${s.deliveryStatus[job.status]}</span>
        <span class="muted">${when}</span>
      </div>
      <p class="job-meta muted">
        ${s.deliveryAttempts(job.attempts)}${job.status === 'pending' && job.attempts > 0 ? html` · ${s.deliveryNext(longTime(job.dueAt))}` : nothing}${job.status === 'pending' && job.held ? html` · ${s.deliveryHeld}` : nothing}${job.detail ? html` · ${job.detail}` : nothing}
      </p>
      ${job.lastError && job.status !== 'delivered' ? html`<p class="job-error">${job.lastError}</p>` : nothing}
      ${
        job.status === 'dead'
          ? html`<button
              type="button"
              class="primary"
              ?disabled=${this._replaying === job.id}
              aria-label=${`${s.replay}: ${s.deliveryKind(job.kind)}, ${when}`}
              @click=${() => void this.#replay(job)}
            >
              ${s.replay}
            </button>`
          : nothing
      }
    </li>`;
  }
}
