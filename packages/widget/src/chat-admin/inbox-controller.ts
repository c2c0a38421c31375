// Longer than 500 lines: the inbox's one state holder (sign-in, connection, list, live events, notices); the open
// conversation's part is ConversationController already, and what is left shares the state it changes.
import { SUBPROTOCOL_V3, findMentions } from '@parley/protocol';
import type { InboxFiles } from './inbox-files.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalMessage } from '@parley/sdk';
import { stripBidiControls } from '../chat-widget/display-text.js';
import { chatEvent } from '../events/chat-events.js';
import { AdminApiError, type AdminApi } from './admin-api.js';
import type { AdminClient } from './admin-client.js';
import { chatAdminEvent } from './admin-events.js';
import type { AdminStrings } from './admin-strings.js';
import type { AuthApi, AuthSession } from './auth-api.js';
import type { AdminConversation, Availability, ConversationStatus, InboxView, StaffMe } from './admin-types.js';
import { ConversationController } from './conversation-controller.js';
import {
  emptyCounts,
  initialInboxState,
  matchesFilters,
  withReadMark,
  type Dialog,
  type InboxSession,
  type InboxState,
} from './inbox-state.js';
import { errorText } from './kit/error-text.js';
import type { Notifier, NotifyKind } from './notifier.js';

/** The element an {@link InboxController} serves: `<chat-admin>`, with its configuration. */
export interface InboxHost extends ReactiveControllerHost, HTMLElement {
  strings: AdminStrings;
  /** A bearer token, or `{ csrf }`: the session cookie, with the session's CSRF token. */
  createApi: (credential: string | { csrf: string }) => AdminApi;
  /** `undefined`: the session cookie authenticates the socket. */
  createClient: (token: string | undefined, account?: string) => AdminClient;
  /** The account routes; by default `HttpAuthApi`, fetched with the first need. */
  createAuth: (() => AuthApi) | undefined;
  /** Pages in the address's fragment (`#settings/team`) and one-time links read from it. */
  hash: boolean;
  /** The admin API root; the account routes are its sibling (`/v1/auth`). */
  apiBase: string | undefined;
  notifier: Notifier;
}

const TOKEN_KEY = 'parley-admin:token';
const PAGE_SIZE = 50;
const NOTICE_MS = 8000;
const REFRESH_DEBOUNCE_MS = 600;
const SEARCH_DEBOUNCE_MS = 250;

function refused(error: unknown): boolean {
  return error instanceof AdminApiError && (error.status === 401 || error.status === 403);
}

/**
 * The staff inbox's state and effects, for `<chat-admin>` and its views: sign-in, the live connection (a
 * `StaffClient`), the conversation list and its filters, notifications, and the shell's pages and dialogs; the
 * open conversation is {@link InboxController.conversation}. Views read {@link InboxController.state} and call
 * methods; every change re-renders the host and the views that {@link InboxController.watch} it.
 */
export class InboxController implements ReactiveController, InboxSession {
  readonly host: InboxHost;
  /** A selector to focus once the view holding it has rendered (see {@link InboxController.focusIn}). */
  focusTarget: string | undefined;

  /** The open conversation: history, replies, notes, changes. */
  readonly conversation = new ConversationController(this);
  /** Our read mark per conversation, so a list answer that predates it does not bring unread back. */
  readonly readUpTo = new Map<string, number>();

  #state: Readonly<InboxState>;
  #api: AdminApi | undefined;
  #client: AdminClient | undefined;
  #unsubscribe: (() => void)[] = [];
  readonly #watchers = new Set<ReactiveControllerHost>();

  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #listRequest = 0;
  #noticeId = 0;
  /** Conversations whose escalation was announced (a later frame of an overdue conversation says nothing). */
  readonly #overdueTold = new Set<string>();
  #welcomed = false;
  /** A conversation to open once signed in (a push notification's click): see `open-conversation.ts`. */
  pendingOpen: unknown;

  constructor(host: InboxHost) {
    this.host = host;
    this.#state = initialInboxState();
    host.addController(this);
  }

  /** What the views render from; replaced on every change (see {@link InboxController.set}). */
  get state(): Readonly<InboxState> {
    return this.#state;
  }

  /** The admin API, while signed in. */
  get api(): AdminApi | undefined {
    return this.#api;
  }

  /** The inbox's files (see {@link InboxFiles}), once the relay has said it speaks protocol 3 and their chunk is in. */
  files: InboxFiles | undefined;

  /** The live connection, while signed in. */
  get client(): AdminClient | undefined {
    return this.#client;
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
    this.changed();
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  hostConnected(): void {
    if (this.host.hash) {
      addEventListener('hashchange', this.#fromHash);
      // The inbox's service worker says which conversation a clicked notification is about.
      if ('serviceWorker' in navigator) navigator.serviceWorker.addEventListener('message', this.#fromWorker);
      // A one-time link's token leaves the address bar (and this history entry) at once; the sign-in POSTs it.
      const link = /^#(setup|invite|reset)=(.+)$/.exec(location.hash);
      if (link) {
        history.replaceState(history.state, '', location.href.split('#')[0]);
        this.set({ link: { kind: link[1] as 'setup', token: decodeURIComponent(link[2]!) } });
      } else this.#fromHash();
    }
    if (this.state.me || this.state.link) return;
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(TOKEN_KEY);
    } catch {
      token = null;
    }
    this.set({ signingIn: true });
    // A kept token signs in as before; otherwise the session cookie, if the relay knows it.
    (token
      ? this.signIn(token)
      : this.#currentSession().then((session) => (this.state.me ? undefined : this.signInSession(session)))
    )
      .catch((error: unknown) => {
        if (!token) return; // signed out
        if (refused(error)) {
          sessionStorage.removeItem(TOKEN_KEY);
          this.set({ signInError: this.strings.badToken });
        } else this.set({ signInError: this.strings.error(errorText(error)) });
      })
      .finally(() => this.set({ signingIn: false }));
  }

  hostDisconnected(): void {
    removeEventListener('hashchange', this.#fromHash);
    if ('serviceWorker' in navigator) navigator.serviceWorker.removeEventListener('message', this.#fromWorker);
    this.#disconnect();
  }

  #fromHash = (): void => {
    // `#conversation=<id>&site=<id>`: a conversation's address (kept across a reload, a link from a colleague, a
    // notification clicked while no inbox was open); it stays while the conversation is open.
    if (location.hash.startsWith('#conversation=')) return void this.openRequested(location.hash);
    const page = /^#([a-z-]+(\/[a-z-]+)?)$/.exec(location.hash)?.[1];
    if (page && page !== this.state.page) this.set({ page });
  };

  #fromWorker = (event: MessageEvent): void => void this.openRequested(event.data);

  /** Opens the conversation a push notification's click asks for (its code comes in a chunk when first needed). */
  openRequested(request: unknown): Promise<void> {
    return import('./open-conversation.js').then(({ openConversation }) => openConversation(this, request));
  }

  /** A conversation was opened: with `hash`, its address (`#conversation=…`) replaces the page's. */
  opened(id: string): void {
    if (this.host.hash)
      void import('./open-conversation.js').then((m) => m.showConversation(id, this.state.me?.site.id));
  }

  #auth: Promise<AuthApi> | undefined;

  /**
   * The account routes (`/v1/auth/*`): the host's, or `HttpAuthApi` beside the admin API (this origin's by default),
   * whose code comes when first needed.
   */
  auth(): Promise<AuthApi> {
    return (this.#auth ??= this.host.createAuth
      ? Promise.resolve(this.host.createAuth())
      : import('./auth-api.js').then(
          ({ HttpAuthApi }) => new HttpAuthApi(this.#authBase(), undefined, this.state.session?.csrfToken),
        ));
  }

  #authBase(): string {
    return (this.host.apiBase ?? `${location.origin}/v1/admin`).replace(/\/admin\/*$/, '/auth');
  }

  /**
   * The session the cookie holds, or a rejection when there is none: a plain request, so that a signed-out first
   * load does not fetch the account API's chunk (the sign-in page fetches it when it is used).
   */
  async #currentSession(): Promise<AuthSession> {
    if (this.host.createAuth) return (await this.auth()).session();
    const response = await fetch(`${this.#authBase()}/session`, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new Error(`no session (${response.status})`);
    return body as AuthSession;
  }

  // ---- sign-in ---------------------------------------------------------------------------------------------

  /** See `ChatAdmin.signIn`. */
  async signIn(token: string): Promise<StaffMe> {
    const me = await this.#start(this.host.createApi(token), token);
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Storage blocked: signed in for this page only.
    }
    return me;
  }

  /**
   * Signs in with an account's session (the cookie): the admin API and the socket go by the cookie, with the
   * session's CSRF token on every change. A site that requires two-factor sign-in the account lacks keeps the
   * session for its setup only (the sign-in page shows it). Also after a site switch: the inbox starts again.
   */
  async signInSession(session: AuthSession): Promise<StaffMe | undefined> {
    if (this.state.me) this.#disconnect();
    // A site switch keeps the shell up until the new site's inbox is in (unless its setup comes first).
    this.set({
      session,
      items: [],
      current: undefined,
      link: undefined,
      ...(session.require2faSetup && { me: undefined }),
    });
    return session.require2faSetup
      ? undefined
      : this.#start(this.host.createApi({ csrf: session.csrfToken }), undefined, session);
  }

  /** Signed in (with a token, or an account's `session`): the inbox starts. */
  async #start(api: AdminApi, token: string | undefined, session?: AuthSession): Promise<StaffMe> {
    const me = await api.me();
    this.#api = api;
    this.set({ me, session });
    this.#connect(token);
    void this.#loadList();
    void api.cannedResponses().then(
      (canned) => this.set({ canned }),
      () => undefined,
    );
    void api.availability().then(
      (mine) => this.set({ availability: mine.availability }),
      () => undefined,
    );
    void api.routing().then(
      (routing) => this.set({ teams: routing.teams }),
      () => undefined,
    );
    // The site's members, to assign conversations to.
    void api.team().then(
      (team) => this.set({ staff: team.items.filter((member) => member.active) }),
      () => undefined,
    );
    this.host.dispatchEvent(chatAdminEvent('chat-admin-sign-in', { me }));
    const pending = this.pendingOpen;
    this.pendingOpen = undefined;
    if (pending) void this.openRequested(pending);
    return me;
  }

  /** Signs in from the form: shows a refusal, and moves focus to the inbox or back to the token. */
  async submitSignIn(token: string): Promise<void> {
    this.set({ signingIn: true, signInError: undefined });
    try {
      await this.signIn(token);
      this.focusTarget = '.views button[aria-pressed=true]';
    } catch (error) {
      this.focusTarget = '#token';
      this.set({ signInError: refused(error) ? this.strings.badToken : this.strings.error(errorText(error)) });
    } finally {
      this.set({ signingIn: false });
    }
  }

  /** See `ChatAdmin.signOut`. */
  signOut(reason: 'user' | 'refused' = 'user'): void {
    this.#disconnect();
    if (this.state.session && reason === 'user') void this.auth().then((auth) => auth.logout().catch(() => undefined));
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Nothing kept.
    }
    this.#api = undefined;
    this.readUpTo.clear();
    this.focusTarget = '#token';
    this.set({
      me: undefined,
      session: undefined,
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

  #connect(token: string | undefined): void {
    this.#disconnect();
    const client = this.host.createClient(token, this.state.session?.account.id);
    this.#client = client;
    this.#welcomed = false;
    this.#unsubscribe = [
      client.on('stateChange', ({ current }) => this.set({ connection: current })),
      client.on('welcome', ({ attachments, protocol }) => {
        this.set({ uploads: attachments });
        // Files (protocol 3): their code, the SDK's `Attachments` included, comes in a chunk of its own.
        if (protocol === SUBPROTOCOL_V3 && !this.files)
          void import('./inbox-files.js').then(({ InboxFiles }) => {
            if (this.#client !== client) return;
            this.files ??= new InboxFiles(this, client);
            this.changed();
          });
        // After a reconnect, what changed meanwhile: the list, and the open conversation's newest page.
        if (this.#welcomed) {
          this.refreshSoon();
          const id = this.state.current?.id;
          if (id) void this.conversation.reloadNewest(id);
        }
        this.#welcomed = true;
      }),
      client.on('message', (message) => this.#onLiveMessage(message)),
      client.on('messageStatus', () => this.changed()),
      client.on('typing', ({ conversationId, author, active }) => {
        if (author.role !== 'visitor') return;
        const typing = new Map(this.state.typing);
        if (active) typing.set(conversationId, author.name ?? this.#visitorName(conversationId));
        else typing.delete(conversationId);
        this.set({ typing });
      }),
      client.on('read', ({ conversationId, seq, by }) => {
        if (by !== 'visitor') return;
        this.updateItem(conversationId, (item) => ({ ...item, visitorReadSeq: Math.max(item.visitorReadSeq, seq) }));
      }),
      client.on('presence', (change) => {
        if (!('conversationId' in change)) return;
        const { conversationId, visitorOnline } = change;
        const before = this.#find(conversationId);
        this.updateItem(conversationId, (item) => ({ ...item, visitor: { ...item.visitor, online: visitorOnline } }));
        if (visitorOnline && before && !before.visitor.online) {
          this.#notify('visitor', conversationId, this.strings.visitorConnected(this.nameOf(before)), '');
        }
      }),
      client.on('conversation', (conversation) => this.#onConversation(conversation)),
      client.on('error', ({ code, fatal }) => {
        if (fatal && (code === 'unauthorized' || code === 'revoked' || code === 'token_expired')) {
          this.signOut('refused');
          this.set({ signInError: this.strings.badToken });
        }
      }),
    ];
    this.set({ connection: client.state });
    client.connect();
  }

  #disconnect(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#client?.close();
    this.#client = undefined;
    this.files?.close();
    this.files = undefined;
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#searchTimer);
    this.set({ connection: 'idle', uploads: undefined, pendingFiles: [] });
  }

  // ---- the list --------------------------------------------------------------------------------------------

  /**
   * Sets the signed-in staff member's availability (routing gives conversations to those online); shown at once,
   * and put back if the relay refuses it.
   */
  async setAvailability(availability: Availability): Promise<void> {
    const api = this.#api;
    const before = this.state.availability;
    if (!api || availability === before) return;
    this.set({ availability });
    try {
      this.set({ availability: (await api.setAvailability(availability)).availability });
    } catch (error) {
      this.set({ availability: before });
      this.fail(error);
    }
  }

  /** Shows the conversations of a view (mine, unassigned, all, overdue). */
  setView(view: InboxView): void {
    this.set({ view, nextCursor: undefined });
    void this.#loadList();
  }

  /** Shows the conversations in a status. */
  setStatus(status: ConversationStatus): void {
    this.set({ status, nextCursor: undefined });
    void this.#loadList();
  }

  /** Searches, once typing pauses. */
  search(query: string): void {
    this.set({ query });
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
    void this.conversation.open(item.id);
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
      const fetched = page.items.map((item) => withReadMark(item, this.readUpTo));
      const held = this.state.items;
      const items = more ? [...held, ...fetched.filter((i) => !held.some((o) => o.id === i.id))] : fetched;
      const current = this.state.current && fetched.find((item) => item.id === this.state.current!.id);
      this.set({
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
      this.set({ listError: errorText(error) });
    }
  }

  /** Reloads the list once things calm down (debounced). */
  refreshSoon(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.#loadList(), REFRESH_DEBOUNCE_MS);
  }

  #find(id: string): AdminConversation | undefined {
    const { items, current } = this.state;
    return items.find((item) => item.id === id) ?? (current?.id === id ? current : undefined);
  }

  /** Applies `update` to a conversation, listed or open. */
  updateItem(id: string, update: (item: AdminConversation) => AdminConversation): void {
    const { items, current } = this.state;
    this.set({
      ...(items.some((item) => item.id === id) && {
        items: items.map((item) => (item.id === id ? update(item) : item)),
      }),
      ...(current?.id === id && { current: update(current) }),
    });
    this.#emitUnread();
  }

  /** Takes a conversation as the API or the relay sent it, keeping our read mark. */
  replace(conversation: AdminConversation): void {
    this.updateItem(conversation.id, () => withReadMark(conversation, this.readUpTo));
  }

  #prepend(conversation: AdminConversation): void {
    this.set({ items: [conversation, ...this.state.items] });
    this.#emitUnread();
  }

  #emitUnread(): void {
    const count = this.state.items.reduce((sum, item) => sum + item.unread, 0);
    this.host.dispatchEvent(chatEvent('chat-unread-change', { count }));
  }

  /** The visitor's name (as given, without bidirectional controls), or the anonymous label. */
  nameOf(item: AdminConversation): string {
    return stripBidiControls(item.visitor.name ?? '') || this.strings.anonymous(item.visitor.id);
  }

  #visitorName(conversationId: string): string {
    const item = this.#find(conversationId);
    return item ? this.nameOf(item) : this.strings.visitor;
  }

  // ---- live events -----------------------------------------------------------------------------------------

  #onLiveMessage(message: LocalMessage): void {
    const id = message.conversationId;
    if (!id) return;
    if (message.seq === undefined) return this.changed(); // ours, just queued: the thread shows it
    const fromVisitor = message.author.role === 'visitor';
    // A message with only files is announced by its first file's name.
    const file = message.attachments?.[0];
    const text = message.text || (file ? `📎 ${file.name}` : '');
    const { current, page } = this.state;
    const viewing = current?.id === id && page === 'inbox' && !document.hidden;
    const known = this.#find(id);
    if (known) {
      this.updateItem(id, (item) => ({
        ...item,
        lastSeq: Math.max(item.lastSeq, message.seq!),
        lastMessage: { seq: message.seq!, text: message.text, ts: message.ts, authorRole: message.author.role },
        unread: fromVisitor && !viewing ? item.unread + 1 : item.unread,
        updatedAt: message.ts,
      }));
      // Newest activity first.
      const { items } = this.state;
      const index = items.findIndex((item) => item.id === id);
      if (index > 0) this.set({ items: [items[index]!, ...items.slice(0, index), ...items.slice(index + 1)] });
      if (fromVisitor && message.kind !== 'note') {
        if (viewing) this.conversation.markRead();
        else this.#notify('message', id, this.strings.newMessage(this.nameOf(known)), text);
      }
      if (this.#mentionsMe(message)) {
        if (viewing) void this.readMentions(id);
        else this.#notify('message', id, this.strings.mentioned(message.author.name ?? ''), text);
      }
    } else if (fromVisitor && this.#api) {
      void this.#api.conversation(id).then(
        (conversation) => {
          const isNew = message.seq === 1 || conversation.lastSeq <= 1;
          const who = this.nameOf(conversation);
          if (isNew) this.#notify('conversation', id, this.strings.newConversation(who), text);
          else this.#notify('message', id, this.strings.newMessage(who), text);
          if (matchesFilters(this.state, conversation) && !this.state.items.some((item) => item.id === id)) {
            this.#prepend(conversation);
          }
        },
        () => undefined,
      );
    }
    this.changed();
    this.refreshSoon();
  }

  /** A colleague's note that names me (the relay records it with the same rule, for the mentions view). */
  #mentionsMe(message: LocalMessage): boolean {
    const { me, staff } = this.state;
    if (!me || message.kind !== 'note' || message.author.id === me.id) return false;
    // Agents cannot list the team: they match against their own name alone (`@Ana Lima` then also reads as a
    // mention of an `Ana`; the relay, which knows everyone, records only Ana Lima's).
    const members = staff.some((each) => each.id === me.id) ? staff : [...staff, me];
    return findMentions(message.text, members).includes(me.id);
  }

  /** Marks my mentions in a conversation read, when there are some to mark; the counts follow. */
  async readMentions(id: string): Promise<void> {
    if (this.state.counts.mentions === 0 || !this.#api) return;
    try {
      if ((await this.#api.readMentions(id)).read > 0) this.refreshSoon();
    } catch {
      // Read again when it is next opened.
    }
  }

  /** A conversation was created or changed elsewhere (another staff member, the relay). */
  #onConversation(conversation: AdminConversation): void {
    const before = this.#find(conversation.id);
    // An escalation (the first-reply deadline passed): said once in the page's live region.
    if (conversation.overdue && !before?.overdue && !this.#overdueTold.has(conversation.id)) {
      this.#overdueTold.add(conversation.id);
      this.#notice(this.strings.overdueNotice(this.nameOf(conversation)), conversation.id);
    }
    if (before) this.replace(conversation);
    else if (matchesFilters(this.state, conversation)) this.#prepend(withReadMark(conversation, this.readUpTo));
    this.refreshSoon();
  }

  #notify(kind: NotifyKind, conversationId: string, title: string, body: string): void {
    const channels = this.host.notifier.notify(kind, title, body, {
      leader: this.#client?.leader ?? true,
      tag: `${kind}:${conversationId}`,
      onClick: () => void this.conversation.open(conversationId),
    });
    this.#notice(title, conversationId);
    this.host.dispatchEvent(chatAdminEvent('chat-admin-notify', { kind, conversationId, text: title, channels }));
  }

  /** An in-page notice (the shell's `role="status"` region) for a few seconds; a click opens the conversation. */
  #notice(text: string, conversationId: string): void {
    const id = ++this.#noticeId;
    this.set({ notices: [...this.state.notices.slice(-3), { id, text, conversationId }] });
    setTimeout(() => this.set({ notices: this.state.notices.filter((notice) => notice.id !== id) }), NOTICE_MS);
  }

  /** The tab is visible again: mark read what is on screen, and catch up with the list. */
  visible(): void {
    this.conversation.markRead();
    this.refreshSoon();
  }

  // ---- the shell -------------------------------------------------------------------------------------------

  /** Shows a page of the page table. */
  setPage(page: string): void {
    this.set({ page });
    if (this.host.hash) location.hash = page;
  }

  openDialog(dialog: Dialog): void {
    this.set({ dialog });
  }

  closeDialog(): void {
    this.focusTarget = this.state.dialog === 'settings' ? '#settings-button' : undefined;
    this.set({ dialog: undefined });
  }

  dismissError(): void {
    this.set({ error: undefined });
  }

  /** Shows an API failure; a refused token signs out. */
  fail(error: unknown): void {
    if (error instanceof AdminApiError && error.status === 401) return this.signOut('refused');
    this.set({ error: this.strings.error(errorText(error)) });
  }

  // ---- change ----------------------------------------------------------------------------------------------

  /** Replaces the state with `patch` applied, and re-renders. */
  set(patch: Partial<InboxState>): void {
    this.#state = { ...this.#state, ...patch };
    this.changed();
  }

  /** Re-renders the host and the views (the client's timeline changed, or the state). */
  changed(): void {
    this.host.requestUpdate();
    for (const view of this.#watchers) view.requestUpdate();
  }
}
