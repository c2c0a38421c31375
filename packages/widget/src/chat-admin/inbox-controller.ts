import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionState, LocalMessage } from '@parley/sdk';
import { chatEvent } from '../events/chat-events.js';
import { AdminApiError, type AdminApi } from './admin-api.js';
import type { AdminClient } from './admin-client.js';
import { chatAdminEvent } from './admin-events.js';
import type { AdminStrings } from './admin-strings.js';
import type {
  AdminConversation,
  CannedResponse,
  ConversationPatch,
  ConversationStatus,
  InboxCounts,
  InboxView,
  StaffMe,
  StaffToken,
} from './admin-types.js';
import type { Notifier, NotifyKind } from './notifier.js';

/** The element an {@link InboxController} serves: `<chat-admin>`, with its configuration. */
export interface InboxHost extends ReactiveControllerHost, HTMLElement {
  strings: AdminStrings;
  createApi: (token: string) => AdminApi;
  createClient: (token: string) => AdminClient;
  notifier: Notifier;
}

/** A toast about something that happened in another conversation. */
export interface Notice {
  id: number;
  text: string;
  conversationId: string;
}

/** The dialogs of the shell. */
export type Dialog = 'shortcuts' | 'settings';

/** Everything the inbox's views render from. Replaced, never mutated: a change is a new object. */
export interface InboxState {
  me: StaffMe | undefined;
  signingIn: boolean;
  signInError: string | undefined;
  connection: ConnectionState;
  /** The page shown: an `id` of the page table (`inbox`, `broadcasts`, `stats`). */
  page: string;
  dialog: Dialog | undefined;
  view: InboxView;
  status: ConversationStatus;
  query: string;
  items: AdminConversation[];
  counts: InboxCounts;
  nextCursor: string | undefined;
  listError: string | undefined;
  current: AdminConversation | undefined;
  /** Narrow screens: the conversation replaces the list. */
  showThread: boolean;
  /** Narrow screens: the visitor panel is a drawer. */
  showVisitor: boolean;
  mode: 'reply' | 'note';
  loadingEarlier: boolean;
  /** Who is typing, per conversation. */
  typing: ReadonlyMap<string, string>;
  /** Revealed emails, per visitor. */
  revealed: ReadonlyMap<string, string>;
  canned: CannedResponse[];
  staff: StaffToken[];
  notices: Notice[];
  error: string | undefined;
}

const TOKEN_KEY = 'parley-admin:token';
const PAGE_SIZE = 50;
const HISTORY_PAGE = 30;
const NOTICE_MS = 8000;
const REFRESH_DEBOUNCE_MS = 600;
const SEARCH_DEBOUNCE_MS = 250;

const emptyCounts = (): InboxCounts => ({
  mine: 0,
  unassigned: 0,
  all: 0,
  open: 0,
  pending: 0,
  snoozed: 0,
  resolved: 0,
});

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function refused(error: unknown): boolean {
  return error instanceof AdminApiError && (error.status === 401 || error.status === 403);
}

/**
 * The staff inbox's state and effects, for `<chat-admin>` and its views: sign-in, the live connection (a
 * `StaffClient`), the conversation list and its filters, the open conversation, notifications, and the admin
 * API calls. Views read {@link InboxController.state} and call its methods; every change re-renders the host and
 * the views that {@link InboxController.watch} it.
 *
 * Messages are the client's: {@link InboxController.thread} is `client.messages(id)`, and history fetched from
 * the admin API goes into the client (`addHistory`), so there is one timeline, ordered by the SDK.
 */
export class InboxController implements ReactiveController {
  readonly host: InboxHost;
  state: Readonly<InboxState>;
  /** A selector to focus once the view holding it has rendered (see {@link InboxController.focusIn}). */
  focusTarget: string | undefined;

  #api: AdminApi | undefined;
  #client: AdminClient | undefined;
  #unsubscribe: (() => void)[] = [];
  readonly #watchers = new Set<ReactiveControllerHost>();
  /** Our read mark per conversation, so a list answer that predates it does not bring unread back. */
  readonly #readUpTo = new Map<string, number>();
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #listRequest = 0;
  #noticeId = 0;
  #welcomed = false;

  constructor(host: InboxHost) {
    this.host = host;
    this.state = {
      me: undefined,
      signingIn: false,
      signInError: undefined,
      connection: 'idle',
      page: 'inbox',
      dialog: undefined,
      view: 'all',
      status: 'open',
      query: '',
      items: [],
      counts: emptyCounts(),
      nextCursor: undefined,
      listError: undefined,
      current: undefined,
      showThread: false,
      showVisitor: false,
      mode: 'reply',
      loadingEarlier: false,
      typing: new Map(),
      revealed: new Map(),
      canned: [],
      staff: [],
      notices: [],
      error: undefined,
    };
    host.addController(this);
  }

  /** The admin API, while signed in. */
  get api(): AdminApi | undefined {
    return this.#api;
  }

  get strings(): AdminStrings {
    return this.host.strings;
  }

  /** Re-renders `view` on every change until the returned function is called. */
  watch(view: ReactiveControllerHost): () => void {
    this.#watchers.add(view);
    return () => this.#watchers.delete(view);
  }

  /** Focuses {@link InboxController.focusTarget} if `root` holds it (views call it once rendered). */
  focusIn(root: ParentNode): void {
    const target = this.focusTarget && root.querySelector<HTMLElement>(this.focusTarget);
    if (!target) return;
    this.focusTarget = undefined;
    target.focus();
  }

  /** Asks for `selector` to be focused after the next render. */
  focus(selector: string | undefined): void {
    this.focusTarget = selector;
    this.#changed();
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  hostConnected(): void {
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(TOKEN_KEY);
    } catch {
      token = null;
    }
    if (!token || this.state.me) return;
    this.#set({ signingIn: true });
    this.signIn(token)
      .catch((error: unknown) => {
        if (error instanceof AdminApiError && refused(error)) {
          sessionStorage.removeItem(TOKEN_KEY);
          this.#set({ signInError: this.strings.badToken });
        } else this.#set({ signInError: this.strings.error(String((error as Error)?.message ?? error)) });
      })
      .finally(() => this.#set({ signingIn: false }));
  }

  hostDisconnected(): void {
    this.#disconnect();
  }

  // ---- sign-in ---------------------------------------------------------------------------------------------

  /** See `ChatAdmin.signIn`. */
  async signIn(token: string): Promise<StaffMe> {
    const api = this.host.createApi(token);
    const me = await api.me();
    this.#api = api;
    this.#set({ me });
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Storage blocked: signed in for this page only.
    }
    this.#connect(token);
    void this.#loadList();
    void api.cannedResponses().then(
      (canned) => this.#set({ canned }),
      () => undefined,
    );
    if (me.role === 'admin') {
      void api.tokens().then(
        (staff) => this.#set({ staff }),
        () => undefined,
      );
    }
    this.host.dispatchEvent(chatAdminEvent('chat-admin-sign-in', { me }));
    return me;
  }

  /** Signs in from the form: shows a refusal, and moves focus to the inbox or back to the token. */
  async submitSignIn(token: string): Promise<void> {
    this.#set({ signingIn: true, signInError: undefined });
    try {
      await this.signIn(token);
      this.focusTarget = '.views button[aria-pressed=true]';
    } catch (error) {
      this.focusTarget = '#token';
      this.#set({ signInError: refused(error) ? this.strings.badToken : this.strings.error(message(error)) });
    } finally {
      this.#set({ signingIn: false });
    }
  }

  /** See `ChatAdmin.signOut`. */
  signOut(reason: 'user' | 'refused' = 'user'): void {
    this.#disconnect();
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Nothing kept.
    }
    this.#api = undefined;
    this.#readUpTo.clear();
    this.focusTarget = '#token';
    this.#set({
      me: undefined,
      items: [],
      counts: emptyCounts(),
      current: undefined,
      revealed: new Map(),
      notices: [],
      page: 'inbox',
    });
    this.host.dispatchEvent(chatAdminEvent('chat-admin-sign-out', { reason }));
  }

  // ---- connection ------------------------------------------------------------------------------------------

  #connect(token: string): void {
    this.#disconnect();
    const client = this.host.createClient(token);
    this.#client = client;
    this.#welcomed = false;
    this.#unsubscribe = [
      client.on('stateChange', ({ current }) => this.#set({ connection: current })),
      client.on('welcome', () => {
        // After a reconnect, what changed meanwhile: the list, and the open conversation's newest page.
        if (this.#welcomed) {
          this.#scheduleRefresh();
          const id = this.state.current?.id;
          if (id) void this.#reloadNewest(id);
        }
        this.#welcomed = true;
      }),
      client.on('message', (message) => this.#onLiveMessage(message)),
      client.on('messageStatus', () => this.#changed()),
      client.on('typing', ({ conversationId, author, active }) => {
        if (author.role !== 'visitor') return;
        const typing = new Map(this.state.typing);
        if (active) typing.set(conversationId, author.name ?? this.#visitorName(conversationId));
        else typing.delete(conversationId);
        this.#set({ typing });
      }),
      client.on('read', ({ conversationId, seq, by }) => {
        if (by !== 'visitor') return;
        this.#updateItem(conversationId, (item) => ({ ...item, visitorReadSeq: Math.max(item.visitorReadSeq, seq) }));
      }),
      client.on('presence', (change) => {
        if (!('conversationId' in change)) return;
        const { conversationId, visitorOnline } = change;
        const before = this.#find(conversationId);
        this.#updateItem(conversationId, (item) => ({ ...item, visitor: { ...item.visitor, online: visitorOnline } }));
        if (visitorOnline && before && !before.visitor.online) {
          this.#notify('visitor', conversationId, this.strings.visitorConnected(this.nameOf(before)), '');
        }
      }),
      client.on('conversation', (conversation) => this.#onConversation(conversation)),
      client.on('error', ({ code, fatal }) => {
        if (fatal && (code === 'unauthorized' || code === 'revoked' || code === 'token_expired')) {
          this.signOut('refused');
          this.#set({ signInError: this.strings.badToken });
        }
      }),
    ];
    this.#set({ connection: client.state });
    client.connect();
  }

  #disconnect(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#client?.close();
    this.#client = undefined;
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#searchTimer);
    this.#set({ connection: 'idle' });
  }

  // ---- the list --------------------------------------------------------------------------------------------

  /** Shows the conversations of a view (mine, unassigned, all). */
  setView(view: InboxView): void {
    this.#set({ view, nextCursor: undefined });
    void this.#loadList();
  }

  /** Shows the conversations in a status. */
  setStatus(status: ConversationStatus): void {
    this.#set({ status, nextCursor: undefined });
    void this.#loadList();
  }

  /** Searches, once typing pauses. */
  search(query: string): void {
    this.#set({ query });
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.#loadList(), SEARCH_DEBOUNCE_MS);
  }

  /** Loads the next page of the list. */
  loadMore(): void {
    void this.#loadList(true);
  }

  /** Opens the conversation listed at `index`; `focus` moves focus to its option. */
  select(index: number, focus: boolean): void {
    const item = this.state.items[index];
    if (!item) return;
    void this.openConversation(item.id);
    if (focus) this.focusTarget = `#option-${CSS.escape(item.id)}`;
  }

  /** Selects the conversation `delta` away from `from` (default: the open one); `focus` as in `select`. */
  move(delta: number, from: string | undefined = this.state.current?.id, focus = false): void {
    const { items } = this.state;
    if (items.length === 0) return;
    const index = items.findIndex((item) => item.id === from);
    this.select(index === -1 ? 0 : Math.min(items.length - 1, Math.max(0, index + delta)), focus);
  }

  async #loadList(more = false): Promise<void> {
    const api = this.#api;
    if (!api) return;
    const request = ++this.#listRequest;
    const { view, status, query, nextCursor } = this.state;
    try {
      const page = await api.conversations({
        view,
        status,
        limit: PAGE_SIZE,
        ...(query.trim() && { q: query.trim() }),
        ...(more && nextCursor && { cursor: nextCursor }),
      });
      if (request !== this.#listRequest) return; // a newer filter won
      const fetched = page.items.map((item) => this.#withReadMark(item));
      const held = this.state.items;
      const items = more ? [...held, ...fetched.filter((i) => !held.some((o) => o.id === i.id))] : fetched;
      const current = this.state.current && fetched.find((item) => item.id === this.state.current!.id);
      this.#set({
        items,
        counts: page.counts,
        nextCursor: page.nextCursor,
        listError: undefined,
        ...(current && { current }),
      });
      this.#emitUnread();
    } catch (error) {
      if (request !== this.#listRequest) return;
      if (error instanceof AdminApiError && error.status === 401) return this.signOut('refused');
      this.#set({ listError: message(error) });
    }
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.#loadList(), REFRESH_DEBOUNCE_MS);
  }

  #withReadMark(item: AdminConversation): AdminConversation {
    const mark = this.#readUpTo.get(item.id) ?? 0;
    return mark >= item.lastSeq && item.unread > 0 ? { ...item, unread: 0, staffReadSeq: mark } : item;
  }

  #find(id: string): AdminConversation | undefined {
    const { items, current } = this.state;
    return items.find((item) => item.id === id) ?? (current?.id === id ? current : undefined);
  }

  #updateItem(id: string, update: (item: AdminConversation) => AdminConversation): void {
    const { items, current } = this.state;
    this.#set({
      ...(items.some((item) => item.id === id) && {
        items: items.map((item) => (item.id === id ? update(item) : item)),
      }),
      ...(current?.id === id && { current: update(current) }),
    });
    this.#emitUnread();
  }

  #replace(conversation: AdminConversation): void {
    this.#updateItem(conversation.id, () => this.#withReadMark(conversation));
  }

  #prepend(conversation: AdminConversation): void {
    this.#set({ items: [conversation, ...this.state.items] });
    this.#emitUnread();
  }

  #emitUnread(): void {
    const count = this.state.items.reduce((sum, item) => sum + item.unread, 0);
    this.host.dispatchEvent(chatEvent('chat-unread-change', { count }));
  }

  #matchesFilters(item: AdminConversation): boolean {
    const { query, status, view, me } = this.state;
    if (query.trim()) return false; // search results come from the server only
    if (item.status !== status) return false;
    if (view === 'mine') return item.assigneeId === me?.id;
    if (view === 'unassigned') return item.assigneeId === null;
    return true;
  }

  /** The visitor's name, or the anonymous label. */
  nameOf(item: AdminConversation): string {
    return item.visitor.name || this.strings.anonymous(item.visitor.id);
  }

  #visitorName(conversationId: string): string {
    const item = this.#find(conversationId);
    return item ? this.nameOf(item) : this.strings.visitor;
  }

  // ---- live events -----------------------------------------------------------------------------------------

  #onLiveMessage(message: LocalMessage): void {
    const id = message.conversationId;
    if (!id) return;
    if (message.seq === undefined) return this.#changed(); // ours, just queued: the thread shows it
    const fromVisitor = message.author.role === 'visitor';
    const { current, page } = this.state;
    const viewing = current?.id === id && page === 'inbox' && !document.hidden;
    const known = this.#find(id);
    if (known) {
      this.#updateItem(id, (item) => ({
        ...item,
        lastSeq: Math.max(item.lastSeq, message.seq!),
        lastMessage: { seq: message.seq!, text: message.text, ts: message.ts, authorRole: message.author.role },
        unread: fromVisitor && !viewing ? item.unread + 1 : item.unread,
        updatedAt: message.ts,
      }));
      // Newest activity first.
      const { items } = this.state;
      const index = items.findIndex((item) => item.id === id);
      if (index > 0) this.#set({ items: [items[index]!, ...items.slice(0, index), ...items.slice(index + 1)] });
      if (fromVisitor && message.kind !== 'note') {
        if (viewing) this.markRead();
        else this.#notify('message', id, this.strings.newMessage(this.nameOf(known)), message.text);
      }
    } else if (fromVisitor && this.#api) {
      void this.#api.conversation(id).then(
        (conversation) => {
          const isNew = message.seq === 1 || conversation.lastSeq <= 1;
          const who = this.nameOf(conversation);
          if (isNew) this.#notify('conversation', id, this.strings.newConversation(who), message.text);
          else this.#notify('message', id, this.strings.newMessage(who), message.text);
          if (this.#matchesFilters(conversation) && !this.state.items.some((item) => item.id === id)) {
            this.#prepend(conversation);
          }
        },
        () => undefined,
      );
    }
    this.#changed();
    this.#scheduleRefresh();
  }

  /** A conversation was created or changed elsewhere (another staff member, the relay). */
  #onConversation(conversation: AdminConversation): void {
    if (this.#find(conversation.id)) this.#replace(conversation);
    else if (this.#matchesFilters(conversation)) this.#prepend(this.#withReadMark(conversation));
    this.#scheduleRefresh();
  }

  #notify(kind: NotifyKind, conversationId: string, title: string, body: string): void {
    const channels = this.host.notifier.notify(kind, title, body, {
      leader: this.#client?.leader ?? true,
      tag: `${kind}:${conversationId}`,
      onClick: () => void this.openConversation(conversationId),
    });
    const id = ++this.#noticeId;
    this.#set({ notices: [...this.state.notices.slice(-3), { id, text: title, conversationId }] });
    setTimeout(() => this.#set({ notices: this.state.notices.filter((notice) => notice.id !== id) }), NOTICE_MS);
    this.host.dispatchEvent(chatAdminEvent('chat-admin-notify', { kind, conversationId, text: title, channels }));
  }

  // ---- the open conversation -------------------------------------------------------------------------------

  /** See `ChatAdmin.openConversation`. */
  async openConversation(id: string): Promise<void> {
    const api = this.#api;
    if (!api) return;
    const { items, current } = this.state;
    const listed = items.find((item) => item.id === id);
    if (current?.id !== id) this.#set({ mode: 'reply' });
    this.#set({ page: 'inbox', showThread: true });
    this.#set({ current: listed ?? (current?.id === id ? current : await api.conversation(id)) });
    const client = this.#client;
    if (client && client.hasEarlier(id) === undefined) {
      try {
        const page = await api.messages(id, { limit: HISTORY_PAGE });
        await client.addHistory(id, { messages: page.items, hasMore: page.hasMore });
      } catch (error) {
        this.fail(error);
      }
    }
    this.#changed();
    await this.host.updateComplete;
    this.markRead();
  }

  /** The open conversation's messages: the client's timeline (stored by sequence, then ours on their way). */
  thread(): readonly LocalMessage[] {
    const id = this.state.current?.id;
    return (id && this.#client?.messages(id)) || [];
  }

  /** Whether the open conversation has older messages to load. */
  hasEarlier(): boolean {
    const id = this.state.current?.id;
    return (id && this.#client?.hasEarlier(id)) || false;
  }

  /** Loads the page of history before the oldest message held. */
  async loadEarlier(): Promise<void> {
    const { current, loadingEarlier } = this.state;
    const api = this.#api;
    const client = this.#client;
    if (!current || !api || !client || loadingEarlier) return;
    const oldest = client.messages(current.id).find((entry) => entry.seq !== undefined)?.seq;
    this.#set({ loadingEarlier: true });
    try {
      const page = await api.messages(current.id, {
        limit: HISTORY_PAGE,
        ...(oldest !== undefined && { before: oldest }),
      });
      await client.addHistory(current.id, { messages: page.items, hasMore: page.hasMore });
    } catch (error) {
      this.fail(error);
    } finally {
      this.#set({ loadingEarlier: false });
    }
  }

  async #reloadNewest(id: string): Promise<void> {
    try {
      const page = await this.#api?.messages(id, { limit: HISTORY_PAGE });
      if (page) await this.#client?.addHistory(id, { messages: page.items, hasMore: page.hasMore });
      this.markRead();
    } catch {
      // The next reconnect tries again.
    }
  }

  /** Marks the open conversation read up to its newest message, when staff can see it. */
  markRead(): void {
    const { current, page } = this.state;
    const client = this.#client;
    if (!current || !client || document.hidden || page !== 'inbox') return;
    const last = Math.max(current.lastSeq, ...client.messages(current.id).map((entry) => entry.seq ?? 0));
    if (last <= 0 || (last <= (this.#readUpTo.get(current.id) ?? current.staffReadSeq) && current.unread === 0)) return;
    this.#readUpTo.set(current.id, last);
    client.markRead(last, current.id);
    this.#updateItem(current.id, (item) => ({ ...item, unread: 0, staffReadSeq: Math.max(item.staffReadSeq, last) }));
  }

  /** The tab is visible again: mark read what is on screen, and catch up with the list. */
  visible(): void {
    this.markRead();
    this.#scheduleRefresh();
  }

  /** Changes the open conversation's assignee, status, priority or labels. */
  async patch(patch: ConversationPatch): Promise<void> {
    const current = this.state.current;
    if (!current || !this.#api) return;
    try {
      this.#replace(await this.#api.updateConversation(current.id, patch));
      this.#scheduleRefresh();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Resolves the open conversation, or reopens it. */
  toggleResolved(): void {
    const current = this.state.current;
    if (current) void this.patch({ status: current.status === 'resolved' ? 'open' : 'resolved' });
  }

  /** Adds a label to the open conversation (at most 64 characters, once). */
  addLabel(text: string): void {
    const label = text.trim().slice(0, 64);
    const current = this.state.current;
    if (!label || !current || current.labels.includes(label)) return;
    void this.patch({ labels: [...current.labels, label] });
  }

  /** Shows the visitor's email in full (asking the API, which logs it), or masks it again. */
  async toggleEmail(): Promise<void> {
    const visitor = this.state.current?.visitor;
    if (!visitor || !this.#api) return;
    if (this.state.revealed.has(visitor.id)) {
      const revealed = new Map(this.state.revealed);
      revealed.delete(visitor.id);
      return this.#set({ revealed });
    }
    try {
      const email = await this.#api.revealEmail(visitor.id);
      this.#set({ revealed: new Map(this.state.revealed).set(visitor.id, email) });
    } catch (error) {
      this.fail(error);
    }
  }

  // ---- composing -------------------------------------------------------------------------------------------

  /** Sends a reply, or a private note in note mode, to the open conversation. */
  send(text: string): void {
    const current = this.state.current;
    const client = this.#client;
    if (!text || !current || !client) return;
    const note = this.state.mode === 'note';
    if (!note) client.stopTyping(current.id);
    client.send(text, { conversationId: current.id, note }).catch((error: unknown) => this.fail(error));
  }

  /** The composer's text changed: replies signal typing (notes are private: no signal). */
  composing(text: string): void {
    const id = this.state.current?.id;
    if (!id || this.state.mode !== 'reply') return;
    if (text.trim()) this.#client?.typing(id);
    else this.#client?.stopTyping(id);
  }

  /** The composer lost focus. */
  stopComposing(): void {
    const id = this.state.current?.id;
    if (id && this.state.mode === 'reply') this.#client?.stopTyping(id);
  }

  /** Switches the composer to replies or notes and focuses it. */
  focusComposer(mode: 'reply' | 'note'): void {
    this.focusTarget = '#composer-input';
    this.#set({ page: 'inbox', showThread: true, mode });
  }

  // ---- the shell -------------------------------------------------------------------------------------------

  /** Shows a page of the page table. */
  setPage(page: string): void {
    this.#set({ page });
  }

  openDialog(dialog: Dialog): void {
    this.#set({ dialog });
  }

  closeDialog(): void {
    this.focusTarget = this.state.dialog === 'settings' ? '#settings-button' : undefined;
    this.#set({ dialog: undefined });
  }

  /** Narrow screens: back from the conversation to the list. */
  back(): void {
    const id = this.state.current?.id;
    this.focusTarget = id ? `#option-${CSS.escape(id)}` : '#search';
    this.#set({ showThread: false });
  }

  /** Narrow screens: opens or closes the visitor drawer, moving focus into it or back to its toggle. */
  showVisitor(show: boolean): void {
    this.focusTarget = show ? '#visitor-title' : '#visitor-toggle';
    this.#set({ showVisitor: show });
  }

  dismissError(): void {
    this.#set({ error: undefined });
  }

  /** Shows an API failure; a refused token signs out. */
  fail(error: unknown): void {
    if (error instanceof AdminApiError && error.status === 401) return this.signOut('refused');
    this.#set({ error: this.strings.error(message(error)) });
  }

  // ---- change ----------------------------------------------------------------------------------------------

  #set(patch: Partial<InboxState>): void {
    this.state = { ...this.state, ...patch };
    this.#changed();
  }

  #changed(): void {
    this.host.requestUpdate();
    for (const view of this.#watchers) view.requestUpdate();
  }
}
