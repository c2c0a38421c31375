import { html, nothing, type TemplateResult } from 'lit';
import { AiRegion, languageName } from './ai-base.js';
import { aiComposerStore as store } from './ai-composer-store.js';

/**
 * Under the composer's form, what its AI tools left (`<chat-admin-ai-tools>`): the refusal in plain words, the
 * articles and FAQ entries a draft was made from (as links), *Undo* after the text was replaced, and beside a
 * translation the agent's own text, kept in view, restored with one click. Sending forgets them.
 *
 * @summary What the composer's AI tools left: sources, Undo, the original.
 * @tag chat-admin-ai-result
 */
export class ChatAdminAiResult extends AiRegion {
  #unwatch: (() => void) | undefined;
  #form: HTMLFormElement | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unwatch = store.watch(() => this.requestUpdate());
    this.#form = this.closest('form');
    this.#form?.addEventListener('submit', this.#sent);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    this.#form?.removeEventListener('submit', this.#sent);
  }

  /**
   * The reply went (the composer emptied its box): what the tools left is no longer about the composer's text. A
   * submit that sent nothing (a saved reply's shortcut, a text too long) leaves them.
   */
  #sent = (): void => {
    const input = this.#form?.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
    // After the composer's own handler, whichever listens first.
    queueMicrotask(() => {
      if (store.work === 'idle' && input && !input.value)
        store.set({ previous: undefined, original: undefined, sources: [], note: undefined, error: undefined });
    });
  };

  #undo(): void {
    const input = this.closest('form')?.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
    if (!input || store.previous === undefined) return;
    input.value = store.previous;
    store.set({ previous: undefined, original: undefined, sources: [], note: undefined });
    input.focus();
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.status?.enabled || store.conversationId !== this.inbox.state.current?.id) return nothing;
    const t = this.texts;
    const { error, note, sources, previous, original } = store;
    return html`<div class="ai-result" role="alert">${
      error
        ? html`<p class="ai-error">
            ${error}
            <button type="button" class="link" @click=${() => store.set({ error: undefined })}>${t.dismiss}</button>
          </p>`
        : nothing
    }</div>
      ${note ? html`<p class="ai-note muted" role="status">${note}</p>` : nothing}
      ${
        sources.length
          ? html`<nav class="ai-sources" aria-label=${t.sources}>
              <span class="muted">${t.sources}:</span>
              <ul>
                ${sources.map((source) =>
                  source.url
                    ? html`<li><a href=${source.url} target="_blank" rel="noopener noreferrer">${source.title}</a></li>`
                    : html`<li><span class="ai-faq">${t.faq}</span> ${source.title}</li>`,
                )}
              </ul>
            </nav>`
          : nothing
      }
      ${
        original
          ? html`<figure class="ai-original">
              <figcaption class="muted">${t.original(original.language && languageName(original.language))}</figcaption>
              <p dir="auto">${original.text}</p>
              <button type="button" class="ghost ai-restore" @click=${() => this.#undo()}>${t.restore}</button>
            </figure>`
          : previous !== undefined && store.work === 'idle'
            ? html`<p class="ai-replaced muted">
                ${t.replaced}
                <button type="button" class="ghost ai-undo" @click=${() => this.#undo()}>${t.undo}</button>
              </p>`
            : nothing
      }`;
  }
}
