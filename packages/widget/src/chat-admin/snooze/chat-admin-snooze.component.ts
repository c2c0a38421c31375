import { html, nothing, type TemplateResult } from 'lit';
import type { SnoozeBody } from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import { longTime } from '../format.js';
import { errorText } from '../kit/error-text.js';
import { SnoozeApi } from './snooze-api.js';
import { snoozeEn, type SnoozeStrings } from './snooze-strings.js';
import { snoozeWhen } from './snooze-when.js';
import { snoozeStyles } from './snooze.styles.js';

/**
 * Snooze, in the open conversation's header (a thread action, `thread-actions.ts`): a menu of *Later today*,
 * *Tomorrow*, *Next week* and a date, read by the relay in the site's time zone; while snoozed, until when and
 * *Unsnooze*. The conversation's new status arrives like any change, by the staff socket's `conversation` frame.
 *
 * @summary Snooze the open conversation until a time.
 * @tag chat-admin-snooze
 */
export class ChatAdminSnooze extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _until: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  /** Until when the shown conversation is snoozed, once read: `[conversation id, until]`. */
  declare private _until: readonly [string, number | null] | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = snoozeStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  get #texts(): SnoozeStrings {
    return { ...snoozeEn, ...this.inbox.strings.snooze };
  }

  get #api(): SnoozeApi | undefined {
    const api = this.inbox.api;
    return api ? new SnoozeApi(api) : undefined;
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    const current = this.inbox?.state.current;
    // Read until when once per snoozed conversation shown (again after it changes).
    if (current?.status === 'snoozed' && this._until?.[0] !== `${current.id}:${current.updatedAt}`) {
      this._until = [`${current.id}:${current.updatedAt}`, null];
      void this.#api
        ?.get(current.id)
        .then((state) => {
          if (this._until?.[0] === `${current.id}:${current.updatedAt}`) this._until = [this._until[0], state.until];
        })
        .catch(() => undefined);
    }
  }

  async #run(work: (api: SnoozeApi, id: string) => Promise<unknown>): Promise<void> {
    const api = this.#api;
    const id = this.inbox.state.current?.id;
    if (!api || !id || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      await work(api, id);
      this.querySelector('details.snooze')?.removeAttribute('open');
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  #snooze(body: SnoozeBody): Promise<void> {
    return this.#run((api, id) => api.snooze(id, body));
  }

  protected override render(): TemplateResult | typeof nothing {
    const current = this.inbox.state.current;
    if (!current || current.status === 'resolved') return nothing;
    const t = this.#texts;
    const error = this._error ? html`<span class="error" role="alert">${this._error}</span>` : nothing;
    if (current.status === 'snoozed') {
      const until = this._until?.[1];
      return html`<span class="snoozed">${until ? t.snoozedUntil(longTime(until)) : t.menu}</span>
        <button type="button" class="ghost unsnooze" ?disabled=${this._busy} @click=${() => this.#run((api, id) => api.open(id))}>
          ${t.unsnooze}
        </button>
        ${error}`;
    }
    const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    return html`<details class="snooze">
        <summary class="button ghost">${t.snooze}</summary>
        <div class="snooze-menu" role="group" aria-label=${t.menu}>
          ${(
            [
              ['later-today', 'later', t.laterToday],
              ['tomorrow', 'tomorrow', t.tomorrow],
              ['next-week', 'monday', t.nextWeek],
            ] as const
          ).map(
            ([preset, kind, label]) =>
              html`<button type="button" title=${t.siteTime} ?disabled=${this._busy} @click=${() => this.#snooze({ preset })}>
                ${label} <span class="when">${snoozeWhen(kind)}</span>
              </button>`,
          )}
          <form
            @submit=${(event: Event) => {
              event.preventDefault();
              const date = (event.currentTarget as HTMLFormElement).querySelector('input')!.value;
              if (date) void this.#snooze({ date });
            }}
          >
            <label>${t.date} <input type="date" min=${today} required /></label>
            <button type="submit" ?disabled=${this._busy}>${t.snoozeToDate}</button>
          </form>
        </div>
      </details>
      ${error}`;
  }
}
