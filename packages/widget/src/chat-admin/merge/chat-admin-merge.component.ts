import { html, nothing, type TemplateResult } from 'lit';
import type { ConversationSummary } from '@parley/protocol';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { holds } from '../page-entry.js';
import { requestContact } from '../pages/contacts/contact-request.js';
import { MergeApi } from './merge-api.js';
import { mergeEn, type MergeStrings } from './merge-strings.js';
import { mergeStyles } from './merge.styles.js';

/** The most of the contact's other conversations listed (the newest). */
const MAX_LISTED = 10;

/**
 * "Merge into…", in the open conversation's header (a thread action, `thread-actions.ts`): the same contact's other
 * conversations first, a search for another, what will happen, then Merge. The open conversation is the one
 * absorbed: its messages move into the chosen one, which opens. A conversation of another contact can be chosen by
 * those who may merge contacts (`contacts.manage`): the preview says both contacts become one first, and that this
 * cannot be undone, and one confirmation does both (issue #81). For others it cannot be chosen (the relay refuses it
 * too) and offers a link to that contact's page instead. Escape closes and gives focus back.
 *
 * @summary Merge the open conversation into another.
 * @tag chat-admin-merge
 */
export class ChatAdminMerge extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _open: { state: true },
    _candidates: { state: true },
    _found: { state: true },
    _chosen: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  declare private _open: boolean;
  /** The contact's other conversations, once read for the conversation open then. */
  declare private _candidates: readonly ConversationSummary[] | undefined;
  declare private _found: readonly ConversationSummary[] | undefined;
  declare private _chosen: string | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  /** The conversation the panel was opened for: closed when another is shown. */
  #for: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = mergeStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  get #texts(): MergeStrings {
    return { ...mergeEn, ...this.inbox.strings.merge };
  }

  get #api(): MergeApi | undefined {
    const api = this.inbox.api;
    return api ? new MergeApi(api) : undefined;
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    if (this._open && this.inbox?.state.current?.id !== this.#for) this.#close(false);
  }

  async #show(): Promise<void> {
    const current = this.inbox.state.current;
    const api = this.#api;
    if (!current || !api) return;
    this.#for = current.id;
    this._open = true;
    this._chosen = undefined;
    this._found = undefined;
    this._error = undefined;
    this._candidates = undefined;
    try {
      const contact = await api.contact(current.visitor.id);
      const ids = contact.conversationIds
        .filter((id) => id !== current.id)
        .slice(-MAX_LISTED)
        .reverse();
      const summaries = await Promise.all(ids.map((id) => api.conversation(id).catch(() => undefined)));
      if (this.#for === current.id) this._candidates = summaries.filter((summary) => summary !== undefined);
    } catch (error) {
      if (this.#for === current.id) {
        this._candidates = [];
        this._error = errorText(error);
      }
    }
    await this.updateComplete;
    (
      this.querySelector('.merge-panel input[type=radio], .merge-panel input[type=search]') as HTMLElement | null
    )?.focus();
  }

  #close(focusBack = true): void {
    this._open = false;
    this.#for = undefined;
    if (focusBack)
      void this.updateComplete.then(() => (this.querySelector('.merge-open') as HTMLElement | null)?.focus());
  }

  async #find(q: string): Promise<void> {
    const api = this.#api;
    const current = this.inbox.state.current;
    if (!api || !current || q.trim() === '') return;
    this._error = undefined;
    try {
      const found = await api.find(q.trim());
      this._found = found.filter((summary) => summary.id !== current.id);
    } catch (error) {
      this._error = errorText(error);
    }
  }

  /** Whether the member may merge contacts, and so two contacts' conversations in one step. */
  get #mergesContacts(): boolean {
    return holds(this.inbox.state.me, 'contacts.manage');
  }

  /** The conversation chosen, when it is another contact's (both merges, then). */
  #chosenOther(): ConversationSummary | undefined {
    const current = this.inbox.state.current;
    const chosen = [...(this._candidates ?? []), ...(this._found ?? [])].find((each) => each.id === this._chosen);
    return chosen && current && chosen.visitor.id !== current.visitor.id ? chosen : undefined;
  }

  /** Shows the other contact's page (for those who may not merge contacts themselves). */
  #openContact(contactId: string): void {
    requestContact(contactId);
    this.#close(false);
    this.inbox.setPage('contacts');
  }

  async #merge(): Promise<void> {
    const api = this.#api;
    const current = this.inbox.state.current;
    const target = this._chosen;
    if (!api || !current || !target || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      await api.merge(target, current.id, this.#chosenOther() !== undefined);
      this.#close(false);
      await this.inbox.conversation.open(target);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  #choice(summary: ConversationSummary, group: string): TemplateResult {
    const t = this.#texts;
    const current = this.inbox.state.current!;
    const other = summary.visitor.id !== current.visitor.id;
    const refused = other && !this.#mergesContacts;
    const status = this.inbox.strings.statuses[summary.status] ?? summary.status;
    const label = t.label(summary.id, status, summary.lastMessage?.text ?? '');
    return html`<label class="choice" aria-disabled=${refused ? 'true' : 'false'}>
        <input
          type="radio"
          name=${group}
          .value=${summary.id}
          ?disabled=${refused}
          .checked=${this._chosen === summary.id}
          @change=${() => (this._chosen = summary.id)}
        />
        <span
          >${label}${other ? html` <span class="muted">(${refused ? t.otherContact : t.bothContacts})</span>` : nothing}</span
        >
      </label>
      ${
        refused
          ? html`<button type="button" class="link open-contact" @click=${() => this.#openContact(summary.visitor.id)}>
            ${t.openContact(this.inbox.list.nameOf(summary))}
          </button>`
          : nothing
      }`;
  }

  protected override render(): TemplateResult | typeof nothing {
    const current = this.inbox.state.current;
    if (!current) return nothing;
    const t = this.#texts;
    const opener = html`<button
      type="button"
      class="ghost merge-open"
      aria-haspopup="dialog"
      aria-expanded=${this._open ? 'true' : 'false'}
      @click=${() => (this._open ? this.#close() : void this.#show())}
    >
      ${t.open}
    </button>`;
    if (!this._open) return opener;
    const candidates = this._candidates;
    const messages = current.lastSeq;
    const both = this.#chosenOther();
    return html`${opener}
      <div
        class="merge-panel"
        role="dialog"
        aria-labelledby="merge-title"
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            this.#close();
          }
        }}
      >
        <h2 id="merge-title">${t.title}</h2>
        <fieldset>
          <legend>${t.sameContact}</legend>
          ${
            candidates === undefined
              ? html`<p class="muted" role="status">…</p>`
              : candidates.length === 0
                ? html`<p class="muted">${t.none}</p>`
                : candidates.map((summary) => this.#choice(summary, 'merge-target'))
          }
        </fieldset>
        <form
          class="find"
          @submit=${(event: Event) => {
            event.preventDefault();
            void this.#find((event.currentTarget as HTMLFormElement).querySelector('input')!.value);
          }}
        >
          <label>${t.find} <input type="search" autocomplete="off" /></label>
          <button type="submit">${t.findButton}</button>
        </form>
        ${
          this._found
            ? html`<fieldset>
              <legend>${t.found}</legend>
              ${
                this._found.length === 0
                  ? html`<p class="muted">${t.none}</p>`
                  : this._found.map((summary) => this.#choice(summary, 'merge-target'))
              }
            </fieldset>`
            : nothing
        }
        ${
          this._chosen
            ? html`<p class="preview" role="status">
              ${both ? t.previewBoth(messages, this._chosen, this.inbox.list.nameOf(both)) : t.preview(messages, this._chosen)}
            </p>`
            : nothing
        }
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        <div class="actions">
          <button type="button" class="cancel" @click=${() => this.#close()}>${t.cancel}</button>
          <button type="button" class="confirm" ?disabled=${!this._chosen || this._busy} @click=${() => void this.#merge()}>
            ${both ? t.confirmBoth : t.confirm}
          </button>
        </div>
      </div>`;
  }
}
