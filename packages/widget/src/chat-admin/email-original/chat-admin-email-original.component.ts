import { html, nothing, type TemplateResult } from 'lit';
import type { EmailOriginal } from '@parley/protocol/admin';
import type { LocalMessage } from '@parley/sdk';
import { AdminRegion } from '../admin-region.js';
import { AdminApiError } from '../admin-api.js';
import { errorText } from '../kit/error-text.js';
import { EmailOriginalApi } from './email-original-api.js';
import { emailOriginalEn, type EmailOriginalStrings } from './email-original-strings.js';
import { emailOriginalStyles } from './email-original.styles.js';

/**
 * "Show original" on a message that came in by email (docs/email.md, "The original of a reply"): for when the
 * relay's quote stripping took too much or too little, a modal dialog with the email's headers and the whole text of
 * its body, as the relay kept them, read when first asked. Both are shown as text, monospace, wrapping, in a body
 * that scrolls; never as HTML. Escape or Close closes it, and focus goes back to the link.
 *
 * @summary A message's "Show original": the email's headers and whole text.
 * @tag chat-admin-email-original
 */
export class ChatAdminEmailOriginal extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    message: { attribute: false },
    _open: { state: true },
    _original: { state: true },
    _error: { state: true },
  };

  /** The message (by email) whose original it shows. */
  declare message: LocalMessage;
  declare private _open: boolean;
  /** Read once, when first opened. */
  declare private _original: EmailOriginal | undefined;
  declare private _error: string | undefined;

  constructor() {
    super();
    this._open = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = emailOriginalStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  get #texts(): EmailOriginalStrings {
    return { ...emailOriginalEn, ...this.inbox.strings.emailOriginal };
  }

  protected override updated(): void {
    super.updated();
    const dialog = this.querySelector<HTMLDialogElement>('dialog.email-original');
    if (dialog && !dialog.open && this.isConnected) dialog.showModal();
  }

  #show(): void {
    this._open = true;
    const conversationId = this.message.conversationId ?? this.inbox.state.current?.id;
    if (this._original || !this.inbox.api || this.message.seq === undefined || !conversationId) return;
    this._error = undefined;
    new EmailOriginalApi(this.inbox.api)
      .get(conversationId, this.message.seq)
      .then((original) => (this._original = original))
      .catch((error: unknown) => {
        this._error = error instanceof AdminApiError && error.status === 404 ? this.#texts.none : errorText(error);
      });
  }

  #close = (): void => {
    if (!this._open) return;
    this._open = false;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('.email-original-open')?.focus());
  };

  protected override render(): TemplateResult {
    const t = this.#texts;
    const id = `email-original-${this.message.id ?? this.message.clientId}`;
    return html`<button type="button" class="email-original-open" aria-haspopup="dialog" @click=${() => this.#show()}>
        ${t.show}
      </button>
      ${
        this._open
          ? // Not announced as the thread's log is: the email is read in the dialog, not spoken on arrival.
            html`<dialog class="email-original" aria-labelledby=${id} aria-live="off" @close=${this.#close}>
              <h2 id=${id}>${t.title}</h2>
              <div class="email-original-body" tabindex="0">${this.#renderBody(t)}</div>
              <form method="dialog"><button class="primary" autofocus>${t.close}</button></form>
            </dialog>`
          : nothing
      }`;
  }

  #renderBody(t: EmailOriginalStrings): TemplateResult {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const original = this._original;
    if (!original) return html`<p class="muted" role="status">${t.loading}</p>`;
    return html`${original.source === 'fields' ? html`<p class="note">${t.fromFields}</p>` : nothing}
      <h3>${t.headers}</h3>
      <pre class="email-original-headers" dir="ltr">${original.headers.map(
        (header) => html`${header.name ? html`<b>${header.name}:</b> ` : nothing}${header.value}${'\n'}`,
      )}</pre>
      ${original.truncated.headers ? html`<p class="note">${t.truncated}</p>` : nothing}
      <h3>${t.text}</h3>
      <pre class="email-original-text" dir="auto">${original.text}</pre>
      ${original.truncated.text ? html`<p class="note">${t.truncated}</p>` : nothing}`;
  }
}
