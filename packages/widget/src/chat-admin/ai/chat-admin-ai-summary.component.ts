import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AiRegion } from './ai-base.js';

/**
 * *Summarise*, in the open conversation's header (a thread action, shown only while the site's AI tools are on): a
 * modal dialog with the summary the relay made of the conversation, and *Post as private note*, which posts that
 * summary, as shown, to the conversation as a note (`note: true` with its `text`; it arrives in the thread like any
 * note). Escape or Close closes
 * it, focus back on the button; a refusal is said in it in plain words.
 *
 * @summary Summarise the conversation, and post it as a private note.
 * @tag chat-admin-ai-summary
 */
export class ChatAdminAiSummary extends AiRegion {
  static override properties = {
    ...AiRegion.properties,
    _open: { state: true },
    _text: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _posted: { state: true },
  };

  declare private _open: boolean;
  declare private _text: string | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  declare private _posted: boolean;
  #conversation: string | undefined;

  constructor() {
    super();
    this._open = false;
    this._busy = false;
    this._posted = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const id = this.inbox?.state.current?.id;
    if (id !== this.#conversation) {
      this.#conversation = id;
      this._open = false;
      this._text = undefined;
      this._error = undefined;
      this._posted = false;
    }
  }

  protected override updated(): void {
    super.updated();
    const dialog = this.querySelector<HTMLDialogElement>('dialog.ai-summary');
    if (dialog && !dialog.open && this.isConnected) dialog.showModal();
  }

  async #ask(note: boolean): Promise<void> {
    const api = this.api;
    const id = this.inbox.state.current?.id;
    if (!api || !id || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      // Posting sends the summary shown, so the note is what the agent read (the provider is not asked again).
      const summary = await api.summary(id, note, note ? this._text : undefined);
      if (this.#conversation !== id) return;
      this._text = summary.text;
      this._posted = note && summary.noteId !== null;
    } catch (error) {
      if (this.#conversation === id) this._error = this.refusal(error, 'summary');
    } finally {
      this._busy = false;
    }
  }

  #show(): void {
    this._open = true;
    this._posted = false;
    void this.#ask(false);
  }

  #close = (): void => {
    if (!this._open) return;
    this._open = false;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('.ai-summarise')?.focus());
  };

  protected override render(): TemplateResult | typeof nothing {
    const status = this.status;
    if (!status?.enabled || status.budgetExhausted || !this.inbox.state.current) return nothing;
    const t = this.texts;
    const spent = this.spent('summary');
    return html`<button
        type="button"
        class="ghost ai-summarise"
        aria-haspopup="dialog"
        ?disabled=${spent}
        title=${spent ? t.featureSpent : nothing}
        @click=${() => this.#show()}
      >
        ${t.summarise}
      </button>
      ${
        this._open
          ? html`<dialog class="ai-summary" aria-labelledby="ai-summary-title" aria-live="off" @close=${this.#close}>
              <h2 id="ai-summary-title">${t.summaryTitle}</h2>
              ${
                this._busy && !this._text
                  ? html`<p class="muted" role="status">${t.summarising}</p>`
                  : this._text
                    ? html`<div class="ai-summary-text" dir="auto" tabindex="0">${this._text}</div>`
                    : nothing
              }
              <p class="ai-error" role="alert">${this._error ?? ''}</p>
              <p class="muted" role="status">${this._posted ? t.posted : this._busy && this._text ? t.summarising : ''}</p>
              <form method="dialog" class="ai-summary-actions">
                <button
                  type="button"
                  class="ai-post-note"
                  ?disabled=${this._busy || this._posted || !this._text}
                  @click=${() => void this.#ask(true)}
                >
                  ${t.postNote}
                </button>
                <button class="primary" autofocus>${t.close}</button>
              </form>
            </dialog>`
          : nothing
      }`;
  }
}
