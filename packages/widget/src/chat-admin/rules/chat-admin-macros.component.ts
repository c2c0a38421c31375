import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { Macro, MacroRunResult } from '@parley/protocol/admin';
import type { InboxController } from '../inbox-controller.js';
import { errorText } from '../kit/error-text.js';
import { actionWords, namesFrom } from './rule-words.js';
import { RulesApi } from './rules-api.js';
import { rulesEn, type RulesStrings } from './rules-strings.js';

/** The actions that write a message or a note (as the macro's sender). */
const WRITES = new Set<Macro['actions'][number]['type']>(['send_message', 'send_saved_reply', 'add_note']);

/**
 * The composer's Macros (issue #40): the site's shared macros and the member's own, as a listbox (arrows move, Enter
 * or a click chooses, Escape closes); the one chosen says what it will do, in words, with Run and Cancel; once run,
 * each action's outcome. Fetched in a chunk of its own the first time the composer's Macros button (or
 * Ctrl/Cmd+Shift+M) opens it.
 *
 * @summary Choose a macro, see what it does, run it on the open conversation.
 * @tag chat-admin-macros
 */
export class ChatAdminMacros extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-top: 8px;
      padding: 10px;
      border: 1px solid var(--_border, #8888);
      border-radius: 10px;
      background: var(--_bg, Canvas);
      color: var(--_fg, CanvasText);
      font: inherit;
    }
    h3 {
      margin: 0 0 6px;
      font-size: 14px;
    }
    [role='listbox'] {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 14rem;
      overflow: auto;
      outline-offset: 2px;
    }
    [role='option'] {
      display: flex;
      gap: 8px;
      align-items: baseline;
      padding: 6px 8px;
      border-radius: 6px;
      cursor: pointer;
    }
    [role='option'][aria-selected='true'] {
      background: color-mix(in srgb, var(--_accent, Highlight) 18%, transparent);
      outline: 1px solid var(--_accent, Highlight);
    }
    .badge,
    .muted {
      color: var(--_muted, GrayText);
      font-size: 12px;
    }
    ul.words,
    ul.results {
      margin: 4px 0 8px;
      padding-inline-start: 1.2em;
    }
    .failed {
      color: var(--_danger, #c00);
    }
    .row {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
      align-items: center;
    }
    button {
      border: 1px solid var(--_border, #8888);
      border-radius: 8px;
      padding: 6px 12px;
      background: var(--_raised, ButtonFace);
      color: inherit;
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    button.primary {
      background: var(--_accent, Highlight);
      border-color: var(--_accent, Highlight);
      color: var(--_accent-fg, HighlightText);
    }
    .error {
      color: var(--_danger, #c00);
    }
  `;

  static override properties = {
    inbox: { attribute: false },
    close: { attribute: false },
    _macros: { state: true },
    _index: { state: true },
    _chosen: { state: true },
    _result: { state: true },
    _busy: { state: true },
    _error: { state: true },
  };

  declare inbox: InboxController;
  /** Closes it (`refocus`: focus goes back to the composer's Macros button). */
  declare close: (refocus: boolean) => void;
  declare private _macros: Macro[] | undefined;
  declare private _index: number;
  declare private _chosen: Macro | undefined;
  declare private _result: MacroRunResult | undefined;
  declare private _busy: boolean;
  declare private _error: string | undefined;

  constructor() {
    super();
    this._index = 0;
    this._busy = false;
  }

  get #t(): RulesStrings {
    return { ...rulesEn, ...this.inbox.strings.rulesPage };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.inbox.api;
    if (!api) return;
    try {
      this._macros = (await new RulesApi(api).macros()).items;
    } catch (error) {
      this._error = errorText(error);
    }
    await this.updateComplete;
    this.focus();
  }

  /** Focuses what comes first: the list, the chosen macro's Run, or the results' Close. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('[role=listbox], .run, .done, .cancel')?.focus();
  }

  #choose(macro: Macro | undefined): void {
    if (!macro) return;
    this._chosen = macro;
    this._error = undefined;
    void this.updateComplete.then(() => this.focus());
  }

  #back(): void {
    this._chosen = undefined;
    this._result = undefined;
    this._error = undefined;
    void this.updateComplete.then(() => this.focus());
  }

  async #run(macro: Macro): Promise<void> {
    const api = this.inbox.api;
    const id = this.inbox.state.current?.id;
    if (!api || !id || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      this._result = await new RulesApi(api).runMacro(id, macro.id);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
    await this.updateComplete;
    this.focus();
  }

  #onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (this._chosen && !this._result) this.#back();
      else this.close(true);
      return;
    }
    const macros = this._macros ?? [];
    if (this._chosen || macros.length === 0 || (event.target as HTMLElement).getAttribute('role') !== 'listbox') return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const by = event.key === 'ArrowDown' ? 1 : -1;
      this._index = (this._index + by + macros.length) % macros.length;
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      this._index = event.key === 'Home' ? 0 : macros.length - 1;
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.#choose(macros[this._index]);
    }
  };

  #list(macros: Macro[]): TemplateResult {
    const t = this.#t;
    if (macros.length === 0) return html`<p class="muted">${t.noMacros}</p>`;
    const active = macros[Math.min(this._index, macros.length - 1)];
    return html`<ul
      role="listbox"
      tabindex="0"
      aria-labelledby="macros-title"
      aria-activedescendant=${active ? `macro-${active.id}` : nothing}
    >
      ${macros.map(
        (macro, index) =>
          html`<li
            id=${`macro-${macro.id}`}
            role="option"
            aria-selected=${macro === active ? 'true' : 'false'}
            @click=${() => {
              this._index = index;
              this.#choose(macro);
            }}
          >
            <span>${macro.name}</span> ${macro.shared ? nothing : html`<span class="badge">${t.personal}</span>`}
          </li>`,
      )}
    </ul>`;
  }

  #preview(macro: Macro): TemplateResult {
    const t = this.#t;
    const { staff, teams, canned } = this.inbox.state;
    const names = namesFrom(staff, teams, canned);
    const result = this._result;
    if (result)
      return html`<section aria-labelledby="macro-ran">
        <h3 id="macro-ran">${macro.name}</h3>
        <p role="status">${t.ran}</p>
        <ul class="results">
          ${result.results.map((each, i) => {
            // Outcomes come in the macro's order: each said as the preview said it; why, when it failed.
            const action = macro.actions[i];
            const words =
              action && action.type === each.action ? actionWords(action, t, names, this.inbox.strings) : each.action;
            return html`<li class=${each.ok ? 'ok' : 'failed'}>
              ${words} — ${each.ok ? t.ok : `${t.failed}: ${each.detail}`}
            </li>`;
          })}
        </ul>
        <div class="row"><button type="button" class="done" @click=${() => this.close(true)}>${t.close}</button></div>
      </section>`;
    return html`<section aria-labelledby="macro-chosen" class="preview">
      <h3 id="macro-chosen">${macro.name}</h3>
      <p>${t.willDo}</p>
      <ul class="words">
        ${macro.actions.map((action) => html`<li>${actionWords(action, t, names, this.inbox.strings)}</li>`)}
      </ul>
      ${
        macro.actions.some((action) => WRITES.has(action.type))
          ? html`<p class="muted sender">${macro.sender === 'bot' ? t.writesAsBot : t.writesAsYou}</p>`
          : nothing
      }
      <div class="row">
        <button type="button" class="primary run" ?disabled=${this._busy} @click=${() => void this.#run(macro)}>
          ${this._busy ? t.running : t.run}
        </button>
        <button type="button" class="cancel" @click=${() => this.#back()}>${t.cancel}</button>
      </div>
    </section>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const macros = this._macros;
    return html`<div @keydown=${this.#onKey}>
      ${
        this._chosen
          ? this.#preview(this._chosen)
          : html`<h3 id="macros-title">${t.chooseMacro}</h3>
            ${macros === undefined ? (this._error ? nothing : html`<p class="muted">${t.loading}</p>`) : this.#list(macros)}`
      }
      <p class="error" role="alert">${this._error ?? ''}</p>
    </div>`;
  }
}
