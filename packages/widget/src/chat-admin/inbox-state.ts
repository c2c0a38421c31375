import type { ReactiveControllerHost } from 'lit';
import type { ConnectionState, LocalMessage } from '@parley/sdk';
import type { Attachments } from '@parley/sdk/attachments';
import type { AdminApi } from './admin-api.js';
import type { AdminClient } from './admin-client.js';
import type { AdminStrings } from './admin-strings.js';
import type { AuthSession } from './auth-api.js';
import type { FilesStrings } from './files-strings.js';
import type {
  AdminConversation,
  CannedResponse,
  ConversationStatus,
  InboxCounts,
  InboxView,
  SavedViewId,
  StaffMe,
  Availability,
  Team,
} from './admin-types.js';

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
  /** Signed in with an account (the session cookie), not a token: the account, its role, its sites. */
  session: AuthSession | undefined;
  /**
   * A one-time link the page was opened with (`#setup=…`, `#invite=…`, `#reset=…`), taken out of the address; or
   * an identity a provider vouched for that waits for its account's password (`#sso-link=…`, which single sign-on's
   * chunk takes out of the address).
   */
  link: { kind: 'setup' | 'invite' | 'reset' | 'sso-link'; token: string } | undefined;
  signingIn: boolean;
  signInError: string | undefined;
  connection: ConnectionState;
  /** The page shown: an `id` of the page table (`inbox`, `broadcasts`, `stats`), or a sub-page (`settings/team`). */
  page: string;
  dialog: Dialog | undefined;
  /** A built-in view, or a saved view's id (the list's tools show them beside the built-in ones). */
  view: InboxView | SavedViewId;
  status: ConversationStatus;
  query: string;
  items: AdminConversation[];
  /** The conversations picked for a bulk change (ids), kept by the list's tools (`list-tools.ts`). */
  picked?: ReadonlySet<string> | undefined;
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
  /** How many times each contact changed since sign-in (the relay's `contact` events): views showing one read it again. */
  contactChanges: ReadonlyMap<string, number>;
  /** The site's members, to assign conversations to. */
  staff: Array<{ id: string; name: string }>;
  /** The signed-in staff member's availability, once read (routing gives conversations to those `online`). */
  availability: Availability | undefined;
  /** The site's teams (a conversation's team is set in its header). */
  teams: Team[];
  notices: Notice[];
  error: string | undefined;
  /** The files the site accepts (the staff welcome's `attachments`, protocol 3); `undefined`: offer none. */
  uploads: { maxBytes: number; types: string[] } | undefined;
  /** The files the composer will send with the next reply or note (the open conversation's). */
  pendingFiles: readonly File[];
}

/** Every count at zero (signed out). */
export const emptyCounts = (): InboxCounts => ({
  mine: 0,
  unassigned: 0,
  all: 0,
  overdue: 0,
  mentions: 0,
  review: 0,
  spam: 0,
  open: 0,
  pending: 0,
  snoozed: 0,
  resolved: 0,
});

/** The state before sign-in. */
export function initialInboxState(): InboxState {
  return {
    me: undefined,
    session: undefined,
    link: undefined,
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
    contactChanges: new Map(),
    staff: [],
    availability: undefined,
    teams: [],
    notices: [],
    error: undefined,
    uploads: undefined,
    pendingFiles: [],
  };
}

/** Whether a conversation belongs in the list as filtered (a search lists only what the server found). */
export function matchesFilters(state: InboxState, item: AdminConversation): boolean {
  const { query, status, view, me } = state;
  if (query.trim()) return false;
  if (item.status !== status) return false;
  if (view === 'mine') return item.assigneeId === me?.id;
  if (view === 'unassigned') return item.assigneeId === null;
  if (view === 'overdue') return item.overdue === true && item.firstResponseAt === undefined;
  return true;
}

/** A conversation with our read mark applied, so an answer that predates the mark does not bring unread back. */
export function withReadMark(item: AdminConversation, readUpTo: ReadonlyMap<string, number>): AdminConversation {
  const mark = readUpTo.get(item.id) ?? 0;
  return mark >= item.lastSeq && item.unread > 0 ? { ...item, unread: 0, staffReadSeq: mark } : item;
}

/**
 * The inbox's files as its views use them (`InboxFiles`, in a chunk of its own, is the one): declared here so that
 * the state does not import the chunk.
 */
export interface InboxFilesView {
  readonly attachments: Attachments;
  readonly strings: FilesStrings;
  attach(files: Iterable<File>): void;
  detach(index: number): void;
  send(text: string, options: { conversationId: string; note: boolean }): void;
  cancel(message: LocalMessage): void;
  retry(message: LocalMessage): void;
  close(): void;
}

/**
 * The inbox as the open conversation's controller sees it (`InboxController` is one): its state, the API and the
 * live client, and the few changes the conversation makes to the list. Declared here, beside the state, so the
 * two controllers do not import each other.
 */
export interface InboxSession {
  readonly state: Readonly<InboxState>;
  readonly api: AdminApi | undefined;
  readonly client: AdminClient | undefined;
  readonly host: ReactiveControllerHost;
  readonly strings: AdminStrings;
  /** The inbox's files, once their chunk is in (the site accepts files). */
  readonly files: InboxFilesView | undefined;
  /** Our read mark per conversation. */
  readonly readUpTo: Map<string, number>;
  /** A selector to focus once the view holding it has rendered. */
  focusTarget: string | undefined;
  set(patch: Partial<InboxState>): void;
  changed(): void;
  fail(error: unknown): void;
  /** A conversation was opened (the address shows it). */
  opened(conversationId: string): void;
  /** The conversation list: reloaded soon, a conversation in it changed or replaced. */
  readonly list: {
    refreshSoon(): void;
    updateItem(id: string, update: (item: AdminConversation) => AdminConversation): void;
    replace(conversation: AdminConversation): void;
  };
  /** Marks my mentions in a conversation read (when I have unread ones). */
  readonly live: { readMentions(conversationId: string): Promise<void> };
}
