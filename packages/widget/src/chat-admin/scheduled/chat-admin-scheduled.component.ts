import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ScheduledMessage } from '@parley/protocol/admin';
import { longTime } from '../format.js';
import { errorText } from '../kit/error-text.js';
import { ScheduledRegion } from './scheduled-base.js';
import { scheduledStore } from './scheduled-store.js';
import { fromLocalInput, localInput } from './scheduled-times.js';

export { ChatAdminSendLater } from './chat-admin-send-later.component.js';

/**
 * The open conversation's messages still to send (Send later), above the composer: when each goes and as whom,
 * with *Edit* (its text and time) and *Cancel*. Read when a conversation opens and whenever it changes (a message
 * sent at its time changes it), and again just after the soonest one's time.
 *
 * @summary The conversation's scheduled messages, editable and cancellable.
 * @tag chat-admin-scheduled
 */
export class ChatAdminScheduled extends ScheduledRegion {
  static override properties = {
    ...ScheduledRegion.properties,
    _editing: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  declare private _editing: string | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  #read: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const current = this.inbox?.state.current;
    if (!current) return;
    const key = `${current.id}:${current.updatedAt}`;
    if (this.#read !== key) {
      this.#read = key;
      if (scheduledStore.conversationId !== current.id) {
        this._editing = undefined;
        this._error = undefined;
        scheduledStore.set(current.id, []);
      }
      void this.reload(current.id).catch(() => undefined);
    }
  }

  protected override updated(): void {
    super.updated();
    // Read again just after the soonest one's time: it is sent then.
    clearTimeout(this.#timer);
    const soonest = this.#items().find((item) => item.status !== 'failed');
    const id = this.inbox.state.current?.id;
    if (soonest && id)
      this.#timer = setTimeout(
        () => void this.reload(id).catch(() => undefined),
        Math.min(Math.max(soonest.sendAt - Date.now() + 2000, 2000), 2 ** 31 - 1),
      );
  }

  #items(): readonly ScheduledMessage[] {
    const id = this.inbox.state.current?.id;
    return id && scheduledStore.conversationId === id ? scheduledStore.items : [];
  }

  async #run(work: () => Promise<unknown>): Promise<void> {
    const id = this.inbox.state.current?.id;
    if (!id || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      await work();
      this._editing = undefined;
      await this.reload(id);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  #save(event: SubmitEvent, item: ScheduledMessage): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const text = (form.elements.namedItem('scheduled-text') as HTMLTextAreaElement).value.trim();
    const sendAt = fromLocalInput((form.elements.namedItem('scheduled-at') as HTMLInputElement).value);
    const patch = {
      ...(text && text !== item.text ? { text } : {}),
      ...(sendAt !== undefined && sendAt !== item.sendAt ? { sendAt } : {}),
    };
    if (Object.keys(patch).length === 0) {
      this._editing = undefined;
      return;
    }
    void this.#run(() => this.api!.edit(item.id, patch));
  }

  #renderItem(item: ScheduledMessage): TemplateResult {
    const t = this.texts;
    if (this._editing === item.id)
      return html`<li class="scheduled-item editing">
        <form @submit=${(event: SubmitEvent) => this.#save(event, item)}>
          <label>${t.text}<textarea name="scheduled-text" rows="2" maxlength="4000" required .value=${item.text}></textarea></label>
          <label>${t.time}<input type="datetime-local" name="scheduled-at" required .value=${localInput(item.sendAt)} /></label>
          <span class="scheduled-actions">
            <button type="submit" class="primary" ?disabled=${this._busy}>${t.save}</button>
            <button type="button" @click=${() => (this._editing = undefined)}>${t.keep}</button>
          </span>
        </form>
      </li>`;
    const cancel = (label: string): TemplateResult =>
      html`<button type="button" class="ghost danger" ?disabled=${this._busy} @click=${() => this.#run(() => this.api!.cancel(item.id))}>
        ${label}
      </button>`;
    const when =
      item.status === 'failed'
        ? t.notSent(item.error ?? '')
        : item.status === 'sending'
          ? t.sending
          : t.sendsAt(longTime(item.sendAt), item.staffName);
    return html`<li class="scheduled-item status-${item.status}">
      <p class="scheduled-when">
        <time datetime=${new Date(item.sendAt).toISOString()}>${when}</time>
      </p>
      <p class="scheduled-text" dir="auto">${item.text}</p>
      ${
        item.status === 'scheduled'
          ? html`<span class="scheduled-actions">
              <button type="button" class="ghost" ?disabled=${this._busy} @click=${() => (this._editing = item.id)}>${t.edit}</button>
              ${cancel(t.cancel)}
            </span>`
          : item.status === 'failed'
            ? html`<span class="scheduled-actions">${cancel(t.dismiss)}</span>`
            : nothing
      }
    </li>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    const items = this.#items();
    if (items.length === 0) return nothing;
    const t = this.texts;
    return html`<section class="scheduled" aria-label=${t.scheduledTitle(items.length)}>
      <h3>${t.scheduledTitle(items.length)}</h3>
      <ul>${items.map((item) => this.#renderItem(item))}</ul>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
    </section>`;
  }
}
