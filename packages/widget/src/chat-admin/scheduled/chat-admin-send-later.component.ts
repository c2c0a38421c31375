import { html, nothing, type TemplateResult } from 'lit';
import { errorText } from '../kit/error-text.js';
import { ScheduledRegion } from './scheduled-base.js';
import { fromLocalInput, inAnHour, localInput, mondayMorning, tomorrowMorning } from './scheduled-times.js';

/**
 * *Send later*, next to the composer's Send (a reply, not a note): a menu of *In 1 hour*, *Tomorrow 9:00*,
 * *Monday 9:00* (on the staff member's own clock) and a date and time; the reply written in the composer is
 * scheduled for then, and the composer is cleared. The relay sends it at its time as the staff member.
 *
 * @summary Schedule the reply being written.
 * @tag chat-admin-send-later
 */
export class ChatAdminSendLater extends ScheduledRegion {
  static override properties = {
    ...ScheduledRegion.properties,
    _error: { state: true },
    _busy: { state: true },
  };

  declare private _error: string | undefined;
  declare private _busy: boolean;

  #textarea(): HTMLTextAreaElement | null {
    return this.closest('form')?.querySelector<HTMLTextAreaElement>('textarea[name="text"]') ?? null;
  }

  async #schedule(sendAt: number | undefined): Promise<void> {
    const api = this.api;
    const id = this.inbox.state.current?.id;
    const input = this.#textarea();
    if (!api || !id || !input || this._busy || sendAt === undefined) return;
    const text = input.value.trim();
    if (!text) {
      this._error = this.texts.writeFirst;
      input.focus();
      return;
    }
    this._busy = true;
    this._error = undefined;
    try {
      await api.schedule(id, { text, sendAt });
      input.value = '';
      this.inbox.conversation.composing('');
      this.querySelector('details')?.removeAttribute('open');
      await this.reload(id);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.inbox.state.current || this.inbox.state.mode === 'note') return nothing;
    const t = this.texts;
    const now = Date.now();
    return html`<details class="send-later">
        <summary class="button ghost" aria-label=${t.sendLater} title=${t.sendLater}>
          <span aria-hidden="true">⏱</span><span class="send-later-label">${t.sendLater}</span>
        </summary>
        <div class="send-later-menu" role="group" aria-label=${t.menu}>
          <button type="button" data-pick="hour" ?disabled=${this._busy} @click=${() => this.#schedule(inAnHour(Date.now()))}>
            ${t.inAnHour}
          </button>
          <button type="button" data-pick="tomorrow" ?disabled=${this._busy} @click=${() => this.#schedule(tomorrowMorning(Date.now()))}>
            ${t.tomorrowMorning}
          </button>
          <button type="button" data-pick="monday" ?disabled=${this._busy} @click=${() => this.#schedule(mondayMorning(Date.now()))}>
            ${t.mondayMorning}
          </button>
          <div class="send-later-pick">
            <label>${t.pickTime} <input type="datetime-local" name="send-at" min=${localInput(now)} /></label>
            <button
              type="button"
              ?disabled=${this._busy}
              @click=${() => {
                const value = this.querySelector<HTMLInputElement>('input[name="send-at"]')?.value ?? '';
                void this.#schedule(fromLocalInput(value));
              }}
            >
              ${t.schedule}
            </button>
          </div>
          ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        </div>
      </details>`;
  }
}
