import type { LocalMessage } from '@parley/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { sourceItems } from '../../shared/source-links.js';
import { AiRegion, languageName } from './ai-base.js';
import { agentLanguage } from './ai-language.js';

/**
 * The AI on a stored message (a message decoration, in its meta row). Under a bot's answer, the help-center articles
 * the AI agent drew on (`message.sources`), as links opening in a new tab (an address other than `https:` or `http:`
 * is its title alone), whether or not the tools are on now. On a visitor's message, *Translate* (shown only while the
 * site's AI tools are on): the message translated into the agent's language, shown under it while the original stays
 * as it is; *Hide translation* folds it away (asked once: showing it again asks nothing).
 *
 * @summary The articles a bot's answer drew on; Translate on a visitor's message, keeping the original.
 * @tag chat-admin-ai-message
 */
export class ChatAdminAiMessage extends AiRegion {
  static override properties = {
    ...AiRegion.properties,
    message: { attribute: false },
    _shown: { state: true },
    _translation: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  /** The message: a visitor's, or a bot's. */
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
      const answer = await api.translate(conversationId, { messageIds: [id], language: agentLanguage() });
      const found = answer.translations.find((each) => each.messageId === id);
      if (found) {
        this._translation = { text: found.text, language: answer.language };
        this._shown = true;
      }
    } catch (error) {
      this._error = this.refusal(error, 'translate');
    } finally {
      this._busy = false;
    }
  }

  #sources(sources: NonNullable<LocalMessage['sources']>): TemplateResult {
    const t = this.texts;
    // The visible word is for the eye; the list carries the same name for a screen reader.
    return html`<div class="ai-sources ai-message-sources">
      <span class="muted" aria-hidden="true">${t.answerSources}:</span>
      <ul aria-label=${t.answerSources}>
        ${sourceItems(html, sources)}
      </ul>
    </div>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    const sources = this.message.sources;
    if (this.message.author.role === 'bot' && sources?.length) return this.#sources(sources);
    if (this.message.author.role !== 'visitor' || !this.status?.enabled) return nothing;
    const t = this.texts;
    const translation = this._shown ? this._translation : undefined;
    return html`<button
        type="button"
        class="ai-translate"
        aria-expanded=${translation ? 'true' : 'false'}
        ?disabled=${this._busy || (!this._translation && (this.status.budgetExhausted || this.spent('translate')))}
        title=${!this._translation && this.spent('translate') ? t.featureSpent : nothing}
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
