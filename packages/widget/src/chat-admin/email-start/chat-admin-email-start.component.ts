import { html, nothing, type TemplateResult } from 'lit';
import type { EmailSender } from '@parley/protocol/admin';
import { createId } from '@parley/sdk';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { EmailStartApi } from './email-start-api.js';
import { emailStartEn, type EmailStartStrings } from './email-start-strings.js';
import { emailStartStyles } from './email-start.styles.js';

/**
 * Starting a conversation by email, above the conversation list (a list action, `list-actions.ts`): *New email*
 * opens a form — from one of the site's sending addresses (its connected mailboxes, its confirmed support
 * addresses), to an address, with an optional name, a subject and the first message. The relay finds or makes the
 * contact, opens the conversation on the email channel and emails the message; the new conversation is opened here.
 * The relay's refusal (a bad address, nothing to send from) is said beside the button, and the form keeps what was
 * typed. A retry of the same form (a lost answer) carries the same id, so nothing is sent twice.
 *
 * @summary New email: write to a customer first.
 * @tag chat-admin-email-start
 */
export class ChatAdminEmailStart extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _open: { state: true },
    _senders: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  declare private _open: boolean;
  /** The addresses to send from, once read. */
  declare private _senders: readonly EmailSender[] | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  /** The id of the form's start: the same for a retry, a new one once a conversation was started. */
  #id = createId();

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = emailStartStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  get #texts(): EmailStartStrings {
    return { ...emailStartEn, ...this.inbox.strings.emailStart };
  }

  get #api(): EmailStartApi | undefined {
    const api = this.inbox.api;
    return api ? new EmailStartApi(api) : undefined;
  }

  #toggle(event: Event): void {
    this._open = (event.currentTarget as HTMLDetailsElement).open;
    this._error = undefined;
    if (!this._open) return;
    void this.#api
      ?.senders()
      .then((senders) => (this._senders = senders))
      .catch((error: unknown) => (this._error = errorText(error)));
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('[name="to"]')?.focus());
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.#api;
    if (!api || this._busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
    const name = field('name');
    this._busy = true;
    this._error = undefined;
    try {
      const started = await api.start({
        id: this.#id,
        from: field('from'),
        to: field('to'),
        ...(name ? { name } : {}),
        subject: field('subject'),
        text: field('text'),
      });
      this.#id = createId();
      form.reset();
      this.querySelector('details')?.removeAttribute('open');
      this._open = false;
      await this.inbox.conversation.open(started.conversationId);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  protected override render(): TemplateResult {
    const t = this.#texts;
    const senders = this._senders;
    const error = this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing;
    return html`<details class="email-start" @toggle=${(event: Event) => this.#toggle(event)}>
      <summary>${t.newEmail}</summary>
      ${
        !this._open
          ? nothing
          : senders?.length === 0
            ? html`<p class="muted">${t.noSenders}</p>`
            : html`<form aria-label=${t.title} @submit=${(event: SubmitEvent) => void this.#submit(event)}>
              <h2>${t.title}</h2>
              <label
                >${t.from}
                <select name="from" required>
                  ${(senders ?? []).map(
                    (sender) =>
                      html`<option value=${sender.address}>
                        ${sender.address} (${sender.kind === 'mailbox' ? t.mailbox : t.support})
                      </option>`,
                  )}
                </select>
              </label>
              <label>${t.to} <input name="to" type="email" required autocomplete="off" maxlength="320" /></label>
              <label>${t.name} <input name="name" autocomplete="off" maxlength="100" /></label>
              <label>${t.subject} <input name="subject" required maxlength="200" /></label>
              <label>${t.message} <textarea name="text" required></textarea></label>
              ${error}
              <div class="buttons">
                <button
                  type="button"
                  class="ghost"
                  @click=${() => {
                    this.querySelector('details')?.removeAttribute('open');
                    this._open = false;
                  }}
                >
                  ${t.cancel}
                </button>
                <button type="submit" class="primary" ?disabled=${this._busy || !senders}>${t.send}</button>
              </div>
            </form>`
      }
      ${this._open && senders?.length === 0 ? error : nothing}
    </details>`;
  }
}
