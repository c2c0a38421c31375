import { html, nothing, type TemplateResult } from 'lit';
import { AdminApiError, type AdminApi } from '../admin-api.js';
import { AdminRegion } from '../admin-region.js';
import type { AdminConversation, ConversationPatch } from '../admin-types.js';
import { errorText } from '../kit/error-text.js';
import { SnoozeApi } from '../snooze/snooze-api.js';
import { snoozeEn, type SnoozeStrings } from '../snooze/snooze-strings.js';
import { rowActionsEn, type RowActionsStrings } from './row-actions-strings.js';
import type { SwipeAction, SwipeDirection } from './row-gestures.js';

const ITEMS = '.row-menu [role^=menuitem]';

/**
 * A listed conversation's actions on a phone, without opening it: what a swipe does (left: Resolve, or Reopen for
 * a resolved one; right: Assign to me) and the menu a long press opens (Resolve or Reopen, assign to a member or
 * nobody, add a label, snooze or unsnooze). They are the thread's own requests (`PATCH /conversations/{id}`, which
 * its controls send, and Snooze's), made for a conversation of the list; none needs an undo, as each is undone by
 * its opposite (Reopen, another assignee), and the thread's controls stay for all of them.
 *
 * The menu is a sheet at the bottom of the screen: a `menu` with arrow keys, Home, End, and Escape or Tab to close,
 * which gives focus back to the row it was opened from. What was done is said in a polite live region.
 *
 * @summary Swipe and long-press actions of the conversation list.
 * @tag chat-admin-row-menu
 */
export class ChatAdminRowMenu extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _open: { state: true },
    _labelling: { state: true },
    _said: { state: true },
  };

  /** The conversation whose menu is open. */
  declare private _open: string | undefined;
  /** The menu gave way to its label form. */
  declare private _labelling: boolean;
  /** What the last action did (the live region's text). */
  declare private _said: string;
  /** The row the menu was opened from, focused again when it closes. */
  #from: HTMLElement | undefined;

  constructor() {
    super();
    this._labelling = false;
    this._said = '';
  }

  get #texts(): RowActionsStrings {
    return { ...rowActionsEn, ...this.inbox.strings.rowActions };
  }

  get #snoozeTexts(): SnoozeStrings {
    return { ...snoozeEn, ...this.inbox.strings.snooze };
  }

  #mine(item: AdminConversation): boolean {
    return item.assigneeId !== null && item.assigneeId === this.inbox.state.me?.id;
  }

  /** What a swipe of the listed conversation `id` to `direction` reveals (nothing to do: `undefined`). */
  swipeAction(id: string, direction: SwipeDirection): SwipeAction | undefined {
    const item = this.inbox.list.find(id);
    if (!item) return undefined;
    const s = this.inbox.strings;
    if (direction === 'left')
      return item.status === 'resolved' ? { label: s.reopen, tone: 'reopen' } : { label: s.resolve, tone: 'resolve' };
    return this.#mine(item) ? undefined : { label: this.#texts.assignToMe, tone: 'assign' };
  }

  /** Runs what a swipe of `id` to `direction` revealed. */
  swiped(id: string, direction: SwipeDirection): void {
    const item = this.inbox.list.find(id);
    const me = this.inbox.state.me;
    if (!item || !me) return;
    if (direction === 'left') void this.#toggleResolved(item);
    else if (!this.#mine(item)) void this.#assign(item, me.id);
  }

  /** Opens the menu of the listed conversation `id`; focus comes back to `from` when it closes. */
  open(id: string, from: HTMLElement): void {
    if (!this.inbox.list.find(id)) return;
    this._open = id;
    this._labelling = false;
    this.#from = from;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(ITEMS)?.focus());
  }

  /** Closes the menu; `refocus`: focus goes back to the row it was opened from (or the list's, if it left). */
  close(refocus = true): void {
    if (this._open === undefined) return;
    this._open = undefined;
    this._labelling = false;
    const from = this.#from;
    this.#from = undefined;
    if (!refocus) return;
    const root = this.getRootNode() as ShadowRoot;
    const row = from?.isConnected ? from : root.querySelector<HTMLElement>('.list [role=option][tabindex="0"]');
    row?.focus();
  }

  /** Says `text` politely; emptied first, so the same words twice are said twice. */
  async #say(text: string): Promise<void> {
    this._said = '';
    await this.updateComplete;
    this._said = text;
  }

  async #run(work: (api: AdminApi) => Promise<unknown>, said: string): Promise<void> {
    const api = this.inbox.api;
    if (!api) return;
    try {
      await work(api);
      void this.#say(said);
      this.inbox.list.refreshSoon();
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 401) return this.inbox.signOut('refused');
      void this.#say(this.#texts.failed(errorText(error)));
    }
  }

  /** The thread's change (`PATCH /conversations/{id}`), for a listed conversation; the list shows its answer. */
  #patch(item: AdminConversation, patch: ConversationPatch, said: string): Promise<void> {
    return this.#run(async (api) => this.inbox.list.replace(await api.updateConversation(item.id, patch)), said);
  }

  #toggleResolved(item: AdminConversation): Promise<void> {
    const t = this.#texts;
    const name = this.inbox.list.nameOf(item);
    return item.status === 'resolved'
      ? this.#patch(item, { status: 'open' }, t.reopened(name))
      : this.#patch(item, { status: 'resolved' }, t.resolved(name));
  }

  #assign(item: AdminConversation, assigneeId: string | null): Promise<void> {
    const t = this.#texts;
    const { me, staff } = this.inbox.state;
    const name = this.inbox.list.nameOf(item);
    const who =
      assigneeId === me?.id ? this.inbox.strings.me(me.name) : staff.find((each) => each.id === assigneeId)?.name;
    return this.#patch(item, { assigneeId }, who ? t.assigned(who, name) : t.unassigned(name));
  }

  #label(item: AdminConversation, text: string): Promise<void> {
    const label = text.trim().slice(0, 64);
    if (!label || item.labels.includes(label)) return Promise.resolve();
    return this.#patch(
      item,
      { labels: [...item.labels, label] },
      this.#texts.labelled(label, this.inbox.list.nameOf(item)),
    );
  }

  /** Snooze's own requests, as its menu in the thread sends them; the change comes back by the socket. */
  #snooze(item: AdminConversation, preset: 'later-today' | 'tomorrow' | 'next-week' | undefined): Promise<void> {
    const t = this.#texts;
    const name = this.inbox.list.nameOf(item);
    return preset
      ? this.#run((api) => new SnoozeApi(api).snooze(item.id, { preset }), t.snoozed(name))
      : this.#run((api) => new SnoozeApi(api).open(item.id), t.unsnoozed(name));
  }

  /** Closes the menu, then does `work` (focus is back on the row while it runs, and what it did is said). */
  #choose(work: () => Promise<void>): void {
    this.close();
    void work();
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    if (this._labelling) return;
    const items = [...this.querySelectorAll<HTMLElement>(ITEMS)];
    const at = items.indexOf(event.target as HTMLElement);
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = (at + 1) % items.length;
    else if (event.key === 'ArrowUp') next = (at + items.length - 1) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Tab') {
      event.preventDefault();
      this.close();
      return;
    }
    if (next === undefined) return;
    event.preventDefault();
    items[next]?.focus();
  };

  /** A tap on the sheet around its items leaves focus where it is (a tap takes it from a focused item otherwise). */
  #keepFocus = (event: MouseEvent): void => {
    if (!(event.target as Element).closest('button, input, label')) event.preventDefault();
  };

  #onFocusout = (event: FocusEvent): void => {
    const to = event.relatedTarget as Node | null;
    // Focus left for elsewhere in the inbox (not for nowhere: a tap on the sheet's padding).
    if (to && !this.contains(to)) this.close(false);
  };

  protected override render(): TemplateResult {
    const said = html`<p class="sr-only" role="status">${this._said}</p>`;
    const item = this._open === undefined ? undefined : this.inbox.list.find(this._open);
    if (!item || !this.inbox.state.me || this.inbox.state.page !== 'inbox') return said;
    const name = this.inbox.list.nameOf(item);
    return html`${said}
      <div class="row-menu-scrim" @click=${() => this.close()}></div>
      <div class="row-sheet" @keydown=${this.#onKeydown} @focusout=${this.#onFocusout} @mousedown=${this.#keepFocus}>
        <p class="row-sheet-title" aria-hidden="true">${name}</p>
        ${this._labelling ? this.#renderLabelForm(item) : this.#renderMenu(item, name)}
      </div>`;
  }

  #renderMenu(item: AdminConversation, name: string): TemplateResult {
    const s = this.inbox.strings;
    const t = this.#texts;
    const z = this.#snoozeTexts;
    const { me, staff } = this.inbox.state;
    const members = [
      ...(me ? [{ id: me.id, name: s.me(me.name) }] : []),
      ...staff.filter((each) => each.id !== me?.id),
    ];
    const resolved = item.status === 'resolved';
    return html`<div class="row-menu" role="menu" aria-label=${t.actionsFor(name)}>
      <button type="button" role="menuitem" @click=${() => this.#choose(() => this.#toggleResolved(item))}>
        ${resolved ? s.reopen : s.resolve}
      </button>
      <div role="group" aria-labelledby="row-menu-assign">
        <p id="row-menu-assign" class="row-menu-heading">${t.assignTo}</p>
        ${members.map(
          (member) => html`<button
            type="button"
            role="menuitemradio"
            aria-checked=${item.assigneeId === member.id ? 'true' : 'false'}
            @click=${() => this.#choose(() => this.#assign(item, member.id))}
          >
            ${member.name}
          </button>`,
        )}
        <button
          type="button"
          role="menuitemradio"
          aria-checked=${item.assigneeId === null ? 'true' : 'false'}
          @click=${() => this.#choose(() => this.#assign(item, null))}
        >
          ${s.unassigned}
        </button>
      </div>
      <button
        type="button"
        role="menuitem"
        aria-haspopup="dialog"
        @click=${() => {
          this._labelling = true;
          void this.updateComplete.then(() => this.querySelector<HTMLElement>('.row-label input')?.focus());
        }}
      >
        ${t.label}
      </button>
      ${
        resolved
          ? nothing
          : item.status === 'snoozed'
            ? html`<button type="button" role="menuitem" @click=${() => this.#choose(() => this.#snooze(item, undefined))}>
                ${z.unsnooze}
              </button>`
            : html`<div role="group" aria-labelledby="row-menu-snooze">
                <p id="row-menu-snooze" class="row-menu-heading">${z.snooze}</p>
                ${(
                  [
                    ['later-today', z.laterToday],
                    ['tomorrow', z.tomorrow],
                    ['next-week', z.nextWeek],
                  ] as const
                ).map(
                  ([preset, label]) => html`<button
                    type="button"
                    role="menuitem"
                    @click=${() => this.#choose(() => this.#snooze(item, preset))}
                  >
                    ${label}
                  </button>`,
                )}
              </div>`
      }
    </div>`;
  }

  #renderLabelForm(item: AdminConversation): TemplateResult {
    const t = this.#texts;
    return html`<form
      class="row-label"
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        const text = (event.currentTarget as HTMLFormElement).querySelector('input')!.value;
        this.#choose(() => this.#label(item, text));
      }}
    >
      <label>${t.labelName} <input type="text" maxlength="64" required /></label>
      <div class="row-label-buttons">
        <button type="submit" class="primary">${t.addLabel}</button>
        <button type="button" class="ghost" @click=${() => this.close()}>${t.cancel}</button>
      </div>
    </form>`;
  }
}
