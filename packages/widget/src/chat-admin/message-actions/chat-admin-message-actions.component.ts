import { html, nothing, type TemplateResult } from 'lit';
import { EDIT_WINDOW_MS } from '@parley/protocol';
import type { LocalMessage } from '@parley/sdk';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { Confirm } from '../kit/confirm.js';
import { messageActionsEn, type MessageActionsStrings } from './message-actions-strings.js';
import { messageActionsStyles } from './message-actions.styles.js';

/**
 * Edit and Delete on one of the agent's own messages in the thread, for 15 minutes after it was sent (the relay's
 * `EDIT_WINDOW_MS`; docs/protocol.md, "Editing and deleting"): a menu button that shows on the message's hover or
 * focus (in the tab order; Escape closes the menu), *Edit* in place (Enter saves, Shift+Enter a new line, Escape
 * cancels), *Delete* after the inbox's confirmation. The change comes back to every inbox and the visitor by the
 * socket's `update` frame; the actions go when the window closes.
 *
 * @summary A message's Edit and Delete actions.
 * @tag chat-admin-message-actions
 */
export class ChatAdminMessageActions extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    message: { attribute: false },
    editing: { type: Boolean, reflect: true },
    _menu: { state: true },
    _busy: { state: true },
    _error: { state: true },
  };

  /** The message the actions are for. */
  declare message: LocalMessage;
  /** Its text is being edited in place (reflected: the thread hides the bubble meanwhile). */
  declare editing: boolean;
  declare private _menu: boolean;
  declare private _busy: boolean;
  declare private _error: string | undefined;
  readonly #confirm = new Confirm(this);
  #expiry: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.editing = false;
    this._menu = false;
    this._busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = messageActionsStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#expiry);
  }

  get #texts(): MessageActionsStrings {
    return { ...messageActionsEn, ...this.inbox.strings.messageActions };
  }

  /** Whether the message may still be changed (the client's rule); renders again when the window closes. */
  #editable(): boolean {
    const client = this.inbox.client;
    return client !== undefined && this.message !== undefined && client.canEdit(this.message);
  }

  protected override updated(): void {
    super.updated();
    clearTimeout(this.#expiry);
    if (this.#editable()) {
      const left = this.message.ts + EDIT_WINDOW_MS - Date.now();
      this.#expiry = setTimeout(() => this.requestUpdate(), Math.max(0, left) + 50);
    }
  }

  #toggleMenu(open = !this._menu): void {
    this._menu = open;
    if (open)
      void this.updateComplete.then(() => this.querySelector<HTMLElement>('.message-actions-menu button')?.focus());
  }

  #onMenuKey = (event: KeyboardEvent): void => {
    const items = [...this.querySelectorAll<HTMLElement>('.message-actions-menu button')];
    const at = items.indexOf(event.target as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      this._menu = false;
      this.querySelector<HTMLElement>('.message-actions-button')?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };

  #startEdit(): void {
    this._menu = false;
    this._error = undefined;
    this.editing = true;
    void this.updateComplete.then(() => {
      const box = this.querySelector<HTMLTextAreaElement>('textarea');
      box?.focus();
      box?.setSelectionRange(box.value.length, box.value.length);
    });
  }

  #stopEdit(): void {
    this.editing = false;
    this._error = undefined;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('.message-actions-button')?.focus());
  }

  async #run(work: () => Promise<unknown>, done?: () => void): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      await work();
      done?.();
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  #save(): void {
    const box = this.querySelector<HTMLTextAreaElement>('textarea');
    const client = this.inbox.client;
    const text = box?.value.trim() ?? '';
    if (!client || !box) return;
    if (text === '' || text === this.message.text) return this.#stopEdit();
    void this.#run(
      () => client.editMessage(this.message, text),
      () => this.#stopEdit(),
    );
  }

  #onEditKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#stopEdit();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#save();
    }
  };

  protected override render(): TemplateResult | typeof nothing {
    const t = this.#texts;
    const error = this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing;
    if (!this.#editable()) return error;
    if (this.editing) {
      const hint = `edit-hint-${this.message.id}`;
      return html`<form
          class="edit-message"
          @submit=${(event: Event) => {
            event.preventDefault();
            this.#save();
          }}
        >
          <textarea
            aria-label=${t.editLabel}
            aria-describedby=${hint}
            maxlength="4000"
            .value=${this.message.text}
            ?disabled=${this._busy}
            @keydown=${this.#onEditKey}
          ></textarea>
          <div class="row">
            <button type="submit" class="primary" ?disabled=${this._busy}>${t.save}</button>
            <button type="button" class="ghost" @click=${() => this.#stopEdit()}>${t.cancel}</button>
            <span id=${hint} class="muted">${t.editHint}</span>
          </div>
        </form>
        ${error}`;
    }
    const client = this.inbox.client!;
    const confirm = this.#confirm.render(
      {
        text: t.confirmDelete,
        ok: t.delete,
        cancel: t.cancel,
        id: `confirm-delete-${this.message.id}`,
        busy: this._busy,
      },
      () => this.#run(() => client.deleteMessage(this.message)),
    );
    if (confirm !== nothing) return html`${confirm}${error}`;
    return html`<button
        type="button"
        class="ghost message-actions-button"
        aria-label=${t.actions}
        aria-haspopup="menu"
        aria-expanded=${this._menu ? 'true' : 'false'}
        @click=${() => this.#toggleMenu()}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      ${
        this._menu
          ? html`<div
              class="message-actions-menu"
              role="menu"
              aria-label=${t.actions}
              @keydown=${this.#onMenuKey}
              @focusout=${(event: FocusEvent) => {
                if (!this.contains(event.relatedTarget as Node | null)) this._menu = false;
              }}
            >
              <button type="button" role="menuitem" @click=${() => this.#startEdit()}>${t.edit}</button>
              <button
                type="button"
                role="menuitem"
                class="danger"
                @click=${() => {
                  this._menu = false;
                  this.#confirm.ask(true, '.message-actions-button');
                }}
              >
                ${t.delete}
              </button>
            </div>`
          : nothing
      }
      ${error}`;
  }
}
