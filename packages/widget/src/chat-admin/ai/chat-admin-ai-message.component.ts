import type { LocalMessage } from '@parley/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { AiRegion, languageName } from './ai-base.js';

/**
 * *Translate* on a visitor's message (a message decoration, in its meta row; shown only while the site's AI tools
 * are on): the message translated into the agent's language, shown under it while the original stays as it is;
 * *Hide translation* folds it away (asked once: showing it again asks nothing).
 *
 * @summary Translate a visitor's message, keeping the original.
 * @tag chat-admin-ai-translate
 */
export class ChatAdminAiTranslate extends AiRegion {
  static override properties = {
    ...AiRegion.properties,
    message: { attribute: false },
    _shown: { state: true },
    _translation: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  /** The visitor's message. */
  declare message: LocalMessage;
  declare private _shown: boolean;
  declare private _translation: { text: string; language: string } | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;

  constructor() {
    super();
    this._shown = false;
    this._busy = false;
  }

  async #translate(): Promise<void> {
    if (this._translation) {
      this._shown = !this._shown;
      return;
    }
    const api = this.api;
    const id = this.message.id;
    const conversationId = this.message.conversationId ?? this.inbox.state.current?.id;
    if (!api || !id || !conversationId || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      const answer = await api.translate(conversationId, { messageIds: [id] });
      const found = answer.translations.find((each) => each.messageId === id);
      if (found) {
        this._translation = { text: found.text, language: answer.language };
        this._shown = true;
      }
    } catch (error) {
      this._error = this.refusal(error);
    } finally {
      this._busy = false;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.status?.enabled) return nothing;
    const t = this.texts;
    const translation = this._shown ? this._translation : undefined;
    return html`<button
        type="button"
        class="ai-translate"
        aria-expanded=${translation ? 'true' : 'false'}
        ?disabled=${this._busy || (!this._translation && this.status.budgetExhausted)}
        @click=${() => void this.#translate()}
      >
        ${this._busy ? t.translating : translation ? t.hideTranslation : t.translate}
      </button>
      ${
        translation
          ? html`<span class="ai-translation" lang=${translation.language} dir="auto"
              ><small>${t.translation(languageName(translation.language))}</small>${translation.text}</span
            >`
          : nothing
      }
      ${this._error ? html`<span class="ai-error" role="alert">${this._error}</span>` : nothing}`;
  }
}
