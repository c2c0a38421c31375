import { chatEvent } from '../events/chat-events.js';
import { inboxName } from './format.js';
import { AdminApiError, type AdminApi } from './admin-api.js';
import type { AdminStrings } from './admin-strings.js';
import type { AdminConversation, ConversationStatus, InboxView } from './admin-types.js';
import { withReadMark, type InboxState } from './inbox-state.js';
import { errorText } from './kit/error-text.js';

const PAGE_SIZE = 50;
const REFRESH_DEBOUNCE_MS = 600;
const SEARCH_DEBOUNCE_MS = 250;

/** What {@link ConversationList} needs of the inbox: its state, the API, and where to say the unread count. */
export interface ListInbox {
  readonly state: Readonly<InboxState>;
  readonly api: AdminApi | undefined;
  readonly strings: AdminStrings;
  readonly host: EventTarget;
  /** Our read mark per conversation, so a list answer that predates it does not bring unread back. */
  readonly readUpTo: Map<string, number>;
  focusTarget: string | undefined;
  readonly conversation: { open(id: string): Promise<void> };
  set(patch: Partial<InboxState>): void;
  signOut(reason: 'refused'): void;
}

/**
 * The inbox's conversation list: its view, status and search filters, its pages, and the conversations in it kept
 * current (a change from the API or the relay, our read marks); it says the unread count (`chat-unread-change`).
 */
export class ConversationList {
  readonly #inbox: ListInbox;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;

  constructor(inbox: ListInbox) {
    this.#inbox = inbox;
  }

  /** Shows the conversations of a view (mine, unassigned, all, overdue). */
  setView(view: InboxView): void {
    this.#inbox.set({ view, nextCursor: undefined });
    void this.load();
  }

  /** Shows the conversations in a status. */
  setStatus(status: ConversationStatus): void {
    this.#inbox.set({ status, nextCursor: undefined });
    void this.load();
  }

  /** Searches, once typing pauses. */
  search(query: string): void {
    this.#inbox.set({ query });
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.load(), SEARCH_DEBOUNCE_MS);
  }

  /** Loads the next page of the list. */
  loadMore(): void {
    void this.load(true);
  }

  /** Opens the conversation listed at `index`; `focus` moves focus to its option. */
  select(index: number, focus: boolean): void {
    const item = this.#inbox.state.items[index];
    if (!item) return;
    void this.#inbox.conversation.open(item.id);
    if (focus) this.#inbox.focusTarget = `#option-${CSS.escape(item.id)}`;
  }

  /** Selects the conversation `delta` away from `from` (default: the open one); `focus` as in `select`. */
  move(delta: number, from: string | undefined = this.#inbox.state.current?.id, focus = false): void {
    const { items } = this.#inbox.state;
    if (items.length === 0) return;
    const index = items.findIndex((item) => item.id === from);
    this.select(index === -1 ? 0 : Math.min(items.length - 1, Math.max(0, index + delta)), focus);
  }

  /** Reads the list for the filters (or, with `more`, its next page). */
  async load(more = false): Promise<void> {
    const inbox = this.#inbox;
    const api = inbox.api;
    if (!api) return;
    const request = ++this.#request;
    const { view, status, query, nextCursor } = inbox.state;
    try {
      const page = await api.conversations({
        view,
        status,
        limit: PAGE_SIZE,
        ...(query.trim() && { q: query.trim() }),
        ...(more && nextCursor && { cursor: nextCursor }),
      });
      if (request !== this.#request) return; // a newer filter won
      const fetched = page.items.map((item) => withReadMark(item, inbox.readUpTo));
      const held = inbox.state.items;
      const items = more ? [...held, ...fetched.filter((i) => !held.some((o) => o.id === i.id))] : fetched;
      const current = inbox.state.current && fetched.find((item) => item.id === inbox.state.current!.id);
      inbox.set({
        items,
        counts: page.counts,
        nextCursor: page.nextCursor,
        listError: undefined,
        ...(current && { current }),
      });
      this.#emitUnread();
    } catch (error) {
      if (request !== this.#request) return;
      if (error instanceof AdminApiError && error.status === 401) return inbox.signOut('refused');
      inbox.set({ listError: errorText(error) });
    }
  }

  /** Reloads the list once things calm down (debounced). */
  refreshSoon(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.load(), REFRESH_DEBOUNCE_MS);
  }

  /** Stops the reloads it has planned (signed out, disconnected). */
  stop(): void {
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#searchTimer);
  }

  /** A conversation, listed or open. */
  find(id: string): AdminConversation | undefined {
    const { items, current } = this.#inbox.state;
    return items.find((item) => item.id === id) ?? (current?.id === id ? current : undefined);
  }

  /** Applies `update` to a conversation, listed or open. */
  updateItem(id: string, update: (item: AdminConversation) => AdminConversation): void {
    const { items, current } = this.#inbox.state;
    this.#inbox.set({
      ...(items.some((item) => item.id === id) && {
        items: items.map((item) => (item.id === id ? update(item) : item)),
      }),
      ...(current?.id === id && { current: update(current) }),
    });
    this.#emitUnread();
  }

  /** Takes a conversation as the API or the relay sent it, keeping our read mark. */
  replace(conversation: AdminConversation): void {
    this.updateItem(conversation.id, () => withReadMark(conversation, this.#inbox.readUpTo));
  }

  /** Puts a conversation the relay told of at the top of the list. */
  prepend(conversation: AdminConversation): void {
    this.#inbox.set({ items: [conversation, ...this.#inbox.state.items] });
    this.#emitUnread();
  }

  /** Moves a listed conversation to the top (newest activity first). */
  raise(id: string): void {
    const { items } = this.#inbox.state;
    const index = items.findIndex((item) => item.id === id);
    if (index > 0) this.#inbox.set({ items: [items[index]!, ...items.slice(0, index), ...items.slice(index + 1)] });
  }

  #emitUnread(): void {
    const count = this.#inbox.state.items.reduce((sum, item) => sum + item.unread, 0);
    this.#inbox.host.dispatchEvent(chatEvent('chat-unread-change', { count }));
  }

  /** The visitor as the inbox names them everywhere ({@link inboxName}: their name, else "Visitor #…"). */
  nameOf(item: AdminConversation): string {
    return inboxName(item.visitor, this.#inbox.strings.anonymous);
  }

  /** The name of the visitor of a conversation, listed or open, or "Visitor". */
  visitorName(conversationId: string): string {
    const item = this.find(conversationId);
    return item ? this.nameOf(item) : this.#inbox.strings.visitor;
  }
}
