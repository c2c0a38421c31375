import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminStrings } from '../../admin-strings.js';
import { broadcastsEn, type BroadcastsStrings } from './broadcasts-strings.js';
import type { Broadcast, BroadcastSegment } from '../../admin-types.js';
import { pageStyles } from '../../kit/page.styles.js';
import { longTime } from '../../format.js';
import { BroadcastsApi } from './broadcasts-api.js';
import { AdminPage } from '../../kit/admin-page.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & BroadcastsStrings;

type SegmentType = BroadcastSegment['type'];
const SEGMENTS: SegmentType[] = ['all', 'online', 'verified', 'subscribed', 'ids', 'emails'];
const POLL_MS = 1000;

/**
 * The broadcast composer of `<chat-admin>`: a text, a segment, and the live figures of the broadcasts sent
 * (targeted, stored, delivered, read), polled while one is running.
 *
 * @summary Broadcast composer with live delivery figures.
 * @tag chat-admin-broadcasts
 */
export class ChatAdminBroadcasts extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .broadcast-head {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .broadcast-text {
        white-space: pre-wrap;
      }
      .state.failed {
        color: var(--_danger);
      }
      progress {
        width: 100%;
        height: 6px;
        accent-color: var(--_accent);
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _items: { state: true },
    _segment: { state: true },
    _sending: { state: true },
  };

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...broadcastsEn, ...this.strings.broadcastsPage };
  }
  declare private _items: Broadcast[];
  declare private _segment: SegmentType;
  declare private _sending: boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this._items = [];
    this._segment = 'all';
    this._sending = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  async #load(): Promise<void> {
    if (!this.api) return;
    try {
      this._items = await new BroadcastsApi(this.api).list();
      this.#poll();
    } catch (error) {
      this.say(this.errorText(error), true);
    }
  }

  /** Refreshes the running broadcasts once a second until each is done or failed. */
  #poll(): void {
    clearTimeout(this.#timer);
    if (!this.isConnected || !this._items.some((b) => b.status === 'running')) return;
    this.#timer = setTimeout(async () => {
      const api = this.api;
      if (!api) return;
      const running = this._items.filter((b) => b.status === 'running');
      const fresh = await Promise.all(running.map((b) => new BroadcastsApi(api).get(b.id).catch(() => b)));
      this._items = this._items.map((b) => fresh.find((f) => f.id === b.id) ?? b);
      this.#poll();
    }, POLL_MS);
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = String(data.get('text') ?? '').trim();
    if (!text || !this.api) return;
    const list = String(data.get('list') ?? '')
      .split(/[\s,;]+/)
      .map((value) => value.trim())
      .filter(Boolean);
    const type = this._segment;
    const segment: BroadcastSegment =
      type === 'ids' ? { type, ids: list } : type === 'emails' ? { type, emails: list } : { type };
    this._sending = true;
    this.error = undefined;
    try {
      const broadcast = await new BroadcastsApi(this.api).create({ text, segment });
      this._items = [broadcast, ...this._items.filter((b) => b.id !== broadcast.id)];
      form.reset();
      this._segment = 'all';
      this.#poll();
    } catch (error) {
      this.say(this.errorText(error), true);
    } finally {
      this._sending = false;
    }
  };

  protected override render(): TemplateResult {
    const s = this.#strings;
    const listed = this._segment === 'ids' || this._segment === 'emails';
    return html`
      <form class="card" @submit=${this.#onSubmit} aria-labelledby="broadcast-title" data-save="broadcast">
        <h2 id="broadcast-title">${s.broadcastTitle}</h2>
        <label for="broadcast-text">${s.broadcastText}</label>
        <textarea id="broadcast-text" name="text" rows="4" maxlength="4000" required></textarea>
        <fieldset class="choices">
          <legend>${s.segment}</legend>
          ${SEGMENTS.map(
            (type) => html`<label class="radio"
              ><input type="radio" name="segment" value=${type} .checked=${this._segment === type} @change=${() => (this._segment = type)} />
              ${s.segments[type]}</label
            >`,
          )}
        </fieldset>
        ${
          listed
            ? html`<label for="broadcast-list">${this._segment === 'ids' ? s.segmentIds : s.segmentEmails}</label>
              <textarea id="broadcast-list" name="list" rows="3" required></textarea>`
            : nothing
        }
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this._sending}>${s.sendBroadcast}</button>${this.saveState('broadcast')}
        </div>
      </form>
      <section class="card" aria-labelledby="past-title">
        <h2 id="past-title">${s.pastBroadcasts}</h2>
        ${this.saveState()}
        ${
          this._items.length === 0
            ? html`<p class="muted">${s.noBroadcasts}</p>`
            : html`<ul class="broadcasts items" aria-live="polite">
              ${this._items.map((b) => this.#renderBroadcast(s, b))}
            </ul>`
        }
      </section>
    `;
  }

  #renderBroadcast(s: PageStrings, b: Broadcast): TemplateResult {
    const figures: [string, number][] = [
      [s.targeted, b.targeted],
      [s.stored, b.stored],
      [s.delivered, b.delivered],
      [s.readFigure, b.read],
    ];
    return html`<li class="broadcast item" data-id=${b.id}>
      <p class="broadcast-head">
        <span class="state ${b.status}">${s.broadcastStatus[b.status]}</span>
        <span class="muted">${s.segments[b.segment.type]} · ${longTime(b.createdAt)}</span>
      </p>
      <p class="broadcast-text" dir="auto">${b.text}</p>
      <progress max=${Math.max(1, b.targeted)} .value=${b.stored} aria-label=${s.stored}></progress>
      <dl class="figures">
        ${figures.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}
      </dl>
    </li>`;
  }
}
