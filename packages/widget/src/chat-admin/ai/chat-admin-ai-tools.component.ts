import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AI_REWRITE_STYLES, type AiRewriteStyle } from '@parley/protocol/admin';
import { AiRegion } from './ai-base.js';
import { aiComposerStore as store } from './ai-composer-store.js';

export { ChatAdminAiResult } from './chat-admin-ai-result.component.js';

/**
 * The composer's AI tools, above its form (a composer tool, shown only while the site's AI tools are on): *Draft
 * reply* streams a reply drafted by the relay into the composer as it comes, with *Stop*; it is never sent, the
 * agent sends it or not. *Rewrite* is a menu (fix grammar, friendlier, more formal, shorter, longer, translate into
 * the visitor's language) that replaces the composer's text. Every replacement can be undone, and a translation keeps
 * the agent's own text in view (`<chat-admin-ai-result>`, under the form). A refusal is said there in plain words
 * and the composer works as before.
 *
 * @summary Draft and rewrite a reply with the site's AI provider.
 * @tag chat-admin-ai-tools
 */
export class ChatAdminAiTools extends AiRegion {
  static override properties = {
    ...AiRegion.properties,
    _menu: { state: true },
  };

  /** The Rewrite menu is open. */
  declare private _menu: boolean;
  #unwatch: (() => void) | undefined;

  constructor() {
    super();
    this._menu = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unwatch = store.watch(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const id = this.inbox?.state.current?.id;
    if (id !== store.conversationId) {
      this._menu = false;
      store.clear(id);
    }
  }

  #input(): HTMLTextAreaElement | null {
    return this.closest('form')?.querySelector<HTMLTextAreaElement>('textarea[name="text"]') ?? null;
  }

  async #draft(): Promise<void> {
    const api = this.api;
    const id = this.inbox.state.current?.id;
    const input = this.#input();
    if (!api || !id || !input || store.work !== 'idle') return;
    const abort = new AbortController();
    const before = input.value;
    let text = '';
    store.set({ work: 'draft', error: undefined, note: undefined, sources: [], original: undefined, abort });
    // The draft is written into the composer's value, which fires no `input` event: no typing signal goes to the
    // visitor for it (the agent is not typing; a draft may never be sent). The agent sees the composer busy, and
    // cannot type into a text each piece replaces, until the draft ends or is stopped.
    input.readOnly = true;
    input.setAttribute('aria-busy', 'true');
    try {
      const draft = await api.draft(
        id,
        {},
        (piece) => {
          if (store.conversationId !== id || abort.signal.aborted) return;
          // The agent's text is kept for Undo from the first piece on.
          if (!text) store.set({ previous: before });
          text += piece;
          input.value = text;
          input.scrollTop = input.scrollHeight;
        },
        abort.signal,
      );
      if (store.conversationId !== id) return;
      if (!text) store.set({ previous: before });
      input.value = draft.text;
      store.set({ sources: draft.sources });
    } catch (error) {
      if (store.conversationId !== id) return;
      if (abort.signal.aborted) store.set({ note: this.texts.stopped });
      // Part of the draft came: the agent's text was replaced, so a refusal saying it is unchanged would be wrong.
      else if (text) store.set({ error: this.texts.stoppedPartWay });
      else store.set({ error: this.refusal(error, 'draft') });
      // Nothing came: the agent's text was never touched.
      if (!text) store.set({ previous: undefined });
    } finally {
      input.readOnly = false;
      input.removeAttribute('aria-busy');
      if (store.abort === abort) store.set({ work: 'idle', abort: undefined });
    }
  }

  #stop(): void {
    store.abort?.abort();
    this.#input()?.focus();
  }

  async #rewrite(style: AiRewriteStyle): Promise<void> {
    this.#closeMenu(false);
    const api = this.api;
    const id = this.inbox.state.current?.id;
    const input = this.#input();
    if (!api || !id || !input || store.work !== 'idle') return;
    const text = input.value.trim();
    if (!text) {
      store.set({ error: this.texts.writeFirst, note: undefined });
      input.focus();
      return;
    }
    store.set({ work: 'rewrite', error: undefined, note: undefined });
    try {
      const answer = await api.rewrite(style === 'translate' ? { text, style, conversationId: id } : { text, style });
      if (store.conversationId !== id) return;
      const before = input.value;
      input.value = answer.text;
      store.set({
        previous: before,
        sources: [],
        original: style === 'translate' ? { text: before, language: answer.language } : undefined,
      });
    } catch (error) {
      if (store.conversationId === id) store.set({ error: this.refusal(error, 'rewrite') });
    } finally {
      store.set({ work: 'idle' });
      input.focus();
    }
  }

  async #openMenu(): Promise<void> {
    this._menu = true;
    await this.updateComplete;
    this.querySelector<HTMLElement>('.ai-menu [role=menuitem]')?.focus();
  }

  #closeMenu(refocus: boolean): void {
    if (!this._menu) return;
    this._menu = false;
    if (refocus) void this.updateComplete.then(() => this.querySelector<HTMLElement>('.ai-rewrite')?.focus());
  }

  /** The menu's keys: arrows, Home and End move among its items; Escape closes it, focus back on Rewrite. */
  #onMenuKey = (event: KeyboardEvent): void => {
    const items = [...this.querySelectorAll<HTMLElement>('.ai-menu [role=menuitem]')];
    const at = items.indexOf(event.target as HTMLElement);
    const go = (index: number): void => {
      event.preventDefault();
      items[(index + items.length) % items.length]?.focus();
    };
    if (event.key === 'ArrowDown') go(at + 1);
    else if (event.key === 'ArrowUp') go(at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(items.length - 1);
    else if (event.key === 'Escape') {
      // The composer's own Escape (blur) is not for this one.
      event.preventDefault();
      event.stopPropagation();
      this.#closeMenu(true);
    } else if (event.key === 'Tab') this.#closeMenu(false);
  };

  protected override render(): TemplateResult | typeof nothing {
    const status = this.status;
    if (!status?.enabled || !this.inbox.state.current) return nothing;
    const t = this.texts;
    if (status.budgetExhausted) return html`<p class="ai-tools muted">${t.budgetUsed}</p>`;
    const busy = store.work !== 'idle';
    const reply = this.inbox.state.mode !== 'note';
    return html`<div class="ai-tools" role="group" aria-label=${t.tools}>
      ${
        store.work === 'draft'
          ? html`<button type="button" class="ghost ai-stop" @click=${() => this.#stop()}>${t.stop}</button>`
          : reply
            ? html`<button
                type="button"
                class="ghost ai-draft"
                ?disabled=${busy || this.spent('draft')}
                title=${this.spent('draft') ? t.featureSpent : nothing}
                @click=${() => void this.#draft()}
              >
                <span aria-hidden="true">✦</span> ${t.draft}
              </button>`
            : nothing
      }
      <span
        class="ai-menu-wrap"
        @focusout=${(event: FocusEvent) => {
          if (!(event.currentTarget as Element).contains(event.relatedTarget as Node | null)) this.#closeMenu(false);
        }}
      >
        <button
          type="button"
          class="ghost ai-rewrite"
          aria-haspopup="menu"
          aria-expanded=${this._menu ? 'true' : 'false'}
          aria-controls="ai-rewrite-menu"
          ?disabled=${busy || this.spent('rewrite')}
          title=${this.spent('rewrite') ? t.featureSpent : nothing}
          @click=${() => (this._menu ? this.#closeMenu(true) : void this.#openMenu())}
          @keydown=${(event: KeyboardEvent) => {
            if (event.key === 'ArrowDown' && !this._menu) {
              event.preventDefault();
              void this.#openMenu();
            }
          }}
        >
          ${t.rewrite} <span aria-hidden="true">▾</span>
        </button>
        ${
          this._menu
            ? html`<div id="ai-rewrite-menu" class="ai-menu" role="menu" aria-label=${t.rewrite} @keydown=${this.#onMenuKey}>
                ${AI_REWRITE_STYLES.filter((style) => reply || style !== 'translate').map(
                  (style) =>
                    html`<button type="button" role="menuitem" tabindex="-1" data-style=${style} @click=${() => void this.#rewrite(style)}>
                      ${t.styles[style]}
                    </button>`,
                )}
              </div>`
            : nothing
        }
      </span>
      <span class="ai-progress muted" role="status"
        >${store.work === 'draft' ? t.drafting : store.work === 'rewrite' ? t.rewriting : ''}</span
      >
    </div>`;
  }
}
