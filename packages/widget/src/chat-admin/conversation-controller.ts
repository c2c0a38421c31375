import { inTimeOrder } from '@parley/protocol';
import type { LocalMessage } from '@parley/sdk';
import type { ConversationPatch } from './admin-types.js';
import type { InboxSession } from './inbox-state.js';

const HISTORY_PAGE = 30;

/**
 * The open conversation of the inbox, for `<chat-admin>`'s thread, composer and visitor panel: opening one (with
 * its newest page of history), older pages, read marks, replies and notes, typing, and changes to its
 * assignee, status, priority, labels and the visitor's email. Its state is the inbox's
 * (`InboxController.state`: `current`, `mode`, `loadingEarlier`, `revealed`).
 *
 * The messages are the client's: {@link ConversationController.thread} is `client.messages(id)`, and history
 * fetched from the admin API goes into the client (`addHistory`), so there is one timeline, ordered by the SDK.
 */
export class ConversationController {
  readonly #inbox: InboxSession;

  constructor(inbox: InboxSession) {
    this.#inbox = inbox;
  }

  /** See `ChatAdmin.openConversation`. */
  async open(id: string): Promise<void> {
    const api = this.#inbox.api;
    if (!api) return;
    const { items, current } = this.#inbox.state;
    const listed = items.find((item) => item.id === id);
    if (current?.id !== id) this.#inbox.set({ mode: 'reply', pendingFiles: [] });
    this.#inbox.set({ page: 'inbox', showThread: true });
    this.#inbox.set({ current: listed ?? (current?.id === id ? current : await api.conversation(id)) });
    this.#inbox.opened(id);
    void this.#inbox.live.readMentions(id);
    const client = this.#inbox.client;
    if (client && client.hasEarlier(id) === undefined) {
      try {
        const page = await api.messages(id, { limit: HISTORY_PAGE });
        await client.addHistory(id, { messages: page.items, hasMore: page.hasMore });
      } catch (error) {
        this.#inbox.fail(error);
      }
    }
    this.#inbox.changed();
    await this.#inbox.host.updateComplete;
    this.markRead();
  }

  /** The open conversation's messages: the client's timeline (stored by sequence, then ours on their way). */
  thread(): readonly LocalMessage[] {
    const id = this.#inbox.state.current?.id;
    // A merged conversation in the order it was written (docs/merge.md); any other as it is.
    return inTimeOrder((id && this.#inbox.client?.messages(id)) || []);
  }

  /** Whether the open conversation has older messages to load. */
  hasEarlier(): boolean {
    const id = this.#inbox.state.current?.id;
    return (id && this.#inbox.client?.hasEarlier(id)) || false;
  }

  /** Loads the page of history before the oldest message held. */
  async loadEarlier(): Promise<void> {
    const { current, loadingEarlier } = this.#inbox.state;
    const api = this.#inbox.api;
    const client = this.#inbox.client;
    if (!current || !api || !client || loadingEarlier) return;
    const oldest = client.messages(current.id).find((entry) => entry.seq !== undefined)?.seq;
    this.#inbox.set({ loadingEarlier: true });
    try {
      const page = await api.messages(current.id, {
        limit: HISTORY_PAGE,
        ...(oldest !== undefined && { before: oldest }),
      });
      await client.addHistory(current.id, { messages: page.items, hasMore: page.hasMore });
    } catch (error) {
      this.#inbox.fail(error);
    } finally {
      this.#inbox.set({ loadingEarlier: false });
    }
  }

  /** After a reconnect: takes in the conversation's newest page (what came meanwhile) and marks it read. */
  async reloadNewest(id: string): Promise<void> {
    try {
      const page = await this.#inbox.api?.messages(id, { limit: HISTORY_PAGE });
      if (page) await this.#inbox.client?.addHistory(id, { messages: page.items, hasMore: page.hasMore });
      this.markRead();
    } catch {
      // The next reconnect tries again.
    }
  }

  /** Marks the open conversation read up to its newest message, when staff can see it. */
  markRead(): void {
    const { current, page } = this.#inbox.state;
    const client = this.#inbox.client;
    if (!current || !client || document.hidden || page !== 'inbox') return;
    const last = Math.max(current.lastSeq, ...client.messages(current.id).map((entry) => entry.seq ?? 0));
    if (last <= 0 || (last <= (this.#inbox.readUpTo.get(current.id) ?? current.staffReadSeq) && current.unread === 0))
      return;
    this.#inbox.readUpTo.set(current.id, last);
    client.markRead(last, current.id);
    this.#inbox.list.updateItem(current.id, (item) => ({
      ...item,
      unread: 0,
      staffReadSeq: Math.max(item.staffReadSeq, last),
    }));
  }

  /** Changes the open conversation's assignee, status, priority or labels. */
  async patch(patch: ConversationPatch): Promise<void> {
    const current = this.#inbox.state.current;
    if (!current || !this.#inbox.api) return;
    try {
      this.#inbox.list.replace(await this.#inbox.api.updateConversation(current.id, patch));
      this.#inbox.list.refreshSoon();
    } catch (error) {
      this.#inbox.fail(error);
    }
  }

  /** Resolves the open conversation, or reopens it. */
  toggleResolved(): void {
    const current = this.#inbox.state.current;
    if (current) void this.patch({ status: current.status === 'resolved' ? 'open' : 'resolved' });
  }

  /** Adds a label to the open conversation (at most 64 characters, once). */
  addLabel(text: string): void {
    const label = text.trim().slice(0, 64);
    const current = this.#inbox.state.current;
    if (!label || !current || current.labels.includes(label)) return;
    void this.patch({ labels: [...current.labels, label] });
  }

  /** Shows the visitor's email in full (asking the API, which logs it), or masks it again. */
  async toggleEmail(): Promise<void> {
    const visitor = this.#inbox.state.current?.visitor;
    if (!visitor || !this.#inbox.api) return;
    if (this.#inbox.state.revealed.has(visitor.id)) {
      const revealed = new Map(this.#inbox.state.revealed);
      revealed.delete(visitor.id);
      return this.#inbox.set({ revealed });
    }
    try {
      const email = await this.#inbox.api.revealEmail(visitor.id);
      this.#inbox.set({ revealed: new Map(this.#inbox.state.revealed).set(visitor.id, email) });
    } catch (error) {
      this.#inbox.fail(error);
    }
  }

  /**
   * Sends a reply, or a private note in note mode, to the open conversation; with the composer's files, if any (the
   * text may then be empty; buttons do not go with files).
   */
  send(text: string, buttons?: Array<{ label: string }>): void {
    const { current, mode, pendingFiles } = this.#inbox.state;
    const client = this.#inbox.client;
    const files = pendingFiles.length > 0 ? this.#inbox.files : undefined;
    if (!current || !client || (!text && !files)) return;
    const note = mode === 'note';
    if (!note) client.stopTyping(current.id);
    if (files) return files.send(text, { conversationId: current.id, note });
    const options = { conversationId: current.id, note, ...(buttons && !note ? { buttons } : {}) };
    client.send(text, options).catch((error: unknown) => this.#inbox.fail(error));
  }

  /** The composer's text changed: replies signal typing (notes are private: no signal). */
  composing(text: string): void {
    const id = this.#inbox.state.current?.id;
    if (!id || this.#inbox.state.mode !== 'reply') return;
    if (text.trim()) this.#inbox.client?.typing(id);
    else this.#inbox.client?.stopTyping(id);
  }

  /** The composer lost focus. */
  stopComposing(): void {
    const id = this.#inbox.state.current?.id;
    if (id && this.#inbox.state.mode === 'reply') this.#inbox.client?.stopTyping(id);
  }

  /** Switches the composer to replies or notes and focuses it. */
  focusComposer(mode: 'reply' | 'note'): void {
    this.#inbox.focusTarget = '#composer-input';
    this.#inbox.set({ page: 'inbox', showThread: true, mode });
  }

  /** Narrow screens: back from the conversation to the list. */
  back(): void {
    const id = this.#inbox.state.current?.id;
    this.#inbox.focusTarget = id ? `#option-${CSS.escape(id)}` : '#search';
    this.#inbox.set({ showThread: false });
  }

  /** Narrow screens: opens or closes the visitor drawer, moving focus into it or back to its toggle. */
  showVisitor(show: boolean): void {
    this.#inbox.focusTarget = show ? '#visitor-title' : '#visitor-toggle';
    this.#inbox.set({ showVisitor: show });
  }
}
