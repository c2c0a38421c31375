import type { InboxFiles } from './inbox-files.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AdminApiError, type AdminApi } from './admin-api.js';
import type { AdminClient } from './admin-client.js';
import { chatAdminEvent } from './admin-events.js';
import type { AdminStrings } from './admin-strings.js';
import type { AuthApi, AuthSession } from './auth-api.js';
import type { Availability, StaffMe } from './admin-types.js';
import { ConversationController } from './conversation-controller.js';
import { ConversationList } from './inbox-list.js';
import { LiveEvents } from './inbox-live.js';
import { emptyCounts, initialInboxState, type Dialog, type InboxSession, type InboxState } from './inbox-state.js';
import { errorText } from './kit/error-text.js';
import type { Notifier } from './notifier.js';

/** The element an {@link InboxController} serves: `<chat-admin>`, with its configuration. */
export interface InboxHost extends ReactiveControllerHost, HTMLElement {
  strings: AdminStrings;
  /** A bearer token, or `{ csrf }`: the session cookie, with the session's CSRF token. */
  createApi: (credential: string | { csrf: string }) => AdminApi;
  /** `undefined`: the session cookie authenticates the socket. */
  createClient: (token: string | undefined, account?: string) => AdminClient | Promise<AdminClient>;
  /** The account routes; by default `HttpAuthApi`, fetched with the first need. */
  createAuth: (() => AuthApi) | undefined;
  /** Pages in the address's fragment (`#settings/team`) and one-time links read from it. */
  hash: boolean;
  /** The admin API root; the account routes are its sibling (`/v1/auth`). */
  apiBase: string | undefined;
  /** Where Parley's guides are published, for the pages' links to them (see `guide`, kit/guide.ts). */
  docsBase?: string | undefined;
  notifier: Notifier;
  /** Shows the inbox in the agent's language and keeps the choice (inbox-locale.ts); a host without it stays English. */
  setLocale?: (tag: string | undefined) => Promise<void>;
}

const TOKEN_KEY = 'parley-admin:token';

function refused(error: unknown): boolean {
  return error instanceof AdminApiError && (error.status === 401 || error.status === 403);
}

/**
 * The staff inbox's state and its session, for `<chat-admin>` and its views: sign-in and out (a token, or an
 * account's session), the address's page, and the shell's pages and dialogs. The rest is in one module per idea:
 * the conversation list ({@link InboxController.list}), the live connection and its events
 * ({@link InboxController.live}), the open conversation ({@link InboxController.conversation}). Views read
 * {@link InboxController.state} and call methods; every change re-renders the host and the views that
 * {@link InboxController.watch} it.
 */
export class InboxController implements ReactiveController, InboxSession {
  readonly host: InboxHost;
  /** A selector to focus once the view holding it has rendered (see {@link InboxController.focusIn}). */
  focusTarget: string | undefined;

  /** The open conversation: history, replies, notes, changes. */
  readonly conversation: ConversationController = new ConversationController(this);
  /** The conversation list: its filters and pages, and the conversations in it kept current. */
  readonly list: ConversationList = new ConversationList(this);
  /** The live connection and what its events change. */
  readonly live: LiveEvents = new LiveEvents(this);
  /** Our read mark per conversation, so a list answer that predates it does not bring unread back. */
  readonly readUpTo = new Map<string, number>();

  #state: Readonly<InboxState>;
  #api: AdminApi | undefined;
  readonly #watchers = new Set<ReactiveControllerHost>();
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
    return this.live.client;
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
    this.live.disconnect();
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
          // The session's token as it is when a change is sent: this may be made before the session is known (the
          // sign-in page's providers, while the first request asks for the session), and a sign-out must name it.
          ({ HttpAuthApi }) => new HttpAuthApi(this.#authBase(), undefined, () => this.state.session?.csrfToken),
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
   * session for its setup only (the sign-in page shows it); one opened without the account's code, for signing in
   * again with it. Also after a site switch: the inbox starts again.
   */
  async signInSession(session: AuthSession): Promise<StaffMe | undefined> {
    if (this.state.me) this.live.disconnect();
    // Held back until two-factor is set up, or until a sign-in again gives the code the session was opened without.
    const held = session.require2faSetup || session.require2faCode === true;
    // A site switch keeps the shell up until the new site's inbox is in (unless its setup comes first).
    this.set({
      session,
      items: [],
      current: undefined,
      link: undefined,
      ...(held && { me: undefined }),
    });
    return held ? undefined : this.#start(this.host.createApi({ csrf: session.csrfToken }), undefined, session);
  }

  /** Signed in (with a token, or an account's `session`): the inbox starts. */
  async #start(api: AdminApi, token: string | undefined, session?: AuthSession): Promise<StaffMe> {
    // The live client is made beside the first call (its code may be a chunk still to fetch); it connects once the
    // member is known, and is closed unused if they are not.
    const client = this.host.createClient(token, session?.account.id);
    let me: StaffMe;
    try {
      me = await api.me();
    } catch (error) {
      void Promise.resolve(client).then(
        (made) => made.close(),
        () => undefined,
      );
      throw error;
    }
    this.#api = api;
    this.set({ me, session });
    this.live.connect(client);
    this.host.notifier.prepare();
    void this.list.load();
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
    this.live.disconnect();
    // The session's token, taken now: the state forgets the session below, before the account code may have come.
    const csrf = this.state.session?.csrfToken;
    if (csrf !== undefined && reason === 'user')
      void this.auth().then((auth) => auth.logout(csrf).catch(() => undefined));
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

  /** The tab is visible again: mark read what is on screen, and catch up with the list. */
  visible(): void {
    this.conversation.markRead();
    this.list.refreshSoon();
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
