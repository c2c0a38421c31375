import { fixture, html } from '@open-wc/testing';
import type { LocalMessage } from '@parley/sdk';
import type { Message } from '@parley/protocol';
import type { Permission } from '@parley/protocol/admin';
import '../src/chat-admin/chat-admin.js';
import {
  AdminApiError,
  Notifier,
  type AdminApi,
  type AdminConversation,
  type ChatAdmin,
  type ConversationPatch,
  type ConversationQuery,
  type NotifyKind,
} from '../src/chat-admin/chat-admin.js';
import { FakeAuth } from './auth-fixture.js';
import type { FakeRoutes } from './fakes/fake-requests.js';
import { FakeAreas } from './fakes/fakes.generated.js';
import { FakeStaffClient } from './fake-client.js';
import { $$, $, settle, waitUntil } from './helpers.js';

// <chat-admin>'s fixture: a fake admin API, a fake StaffClient, a notifier with fake sound and Notification.

export { PUSH_KEY } from './fakes/notifications-fake.js';
export { member } from './fakes/team-fake.js';

export const TOKEN = 'st_test_token_0123456789';

export function conversation(id: string, overrides: Partial<AdminConversation> = {}): AdminConversation {
  return {
    id,
    status: 'open',
    priority: 'none',
    assigneeId: null,
    labels: [],
    lastSeq: 1,
    staffReadSeq: 0,
    visitorReadSeq: 0,
    unread: 1,
    lastMessage: { seq: 1, text: `hello from ${id}`, ts: Date.now() - 60_000, authorRole: 'visitor' },
    visitor: {
      id: `v_${id}`,
      name: `Visitor ${id}`,
      emailMasked: 'a***@ex***.com',
      verified: false,
      online: false,
      context: {
        url: 'https://shop.example.com/tents',
        title: 'Tents',
        timezone: 'Europe/Paris',
        locale: 'fr-FR',
        userAgent:
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      },
    },
    createdAt: Date.now() - 120_000,
    updatedAt: Date.now() - 60_000,
    ...overrides,
  };
}

export function stored(
  conversationId: string,
  seq: number,
  text: string,
  role: 'visitor' | 'staff' = 'visitor',
  kind: Message['kind'] = 'text',
): Message {
  return {
    id: `m_${conversationId}_${seq}`,
    clientId: `c_${conversationId}_${seq}`,
    conversationId,
    seq,
    ts: Date.now() - 50_000 + seq * 1000,
    author: role === 'visitor' ? { role, id: `v_${conversationId}` } : { role, id: 'staff_1', name: 'Ada' },
    text,
    kind,
  };
}

export function live(message: Message, mine = false): LocalMessage {
  return { ...message, status: 'sent', mine };
}

/**
 * The fake admin API: the inbox's own calls here, each page's area in a fake of its own (`fakes/<area>-fake.ts`,
 * exporting its mixin `with<Area>`; every one is applied by `FakeAreas`, whose index scripts/contributions.mjs writes
 * from the files), which the pages' clients reach through `request`.
 */
export class FakeApi extends FakeAreas implements AdminApi {
  conversationsById = new Map<string, AdminConversation>();
  listed: AdminConversation[] = [];
  history = new Map<string, Message[]>();
  queries: ConversationQuery[] = [];
  patches: { id: string; patch: ConversationPatch }[] = [];
  reveals: string[] = [];
  refuse = false;
  /** Conversations with a mention of me not read yet, and the conversations `readMentions` was called for. */
  mentioned = new Set<string>();
  mentionReads: string[] = [];

  constructor(items: AdminConversation[]) {
    super();
    Object.assign(this.routes, {
      'GET /conversations/{id}/events': async (c) => ({ items: structuredClone(this.timelines.get(c.ref!) ?? []) }),
    } satisfies FakeRoutes);
    this.listed = items;
    for (const item of items) this.conversationsById.set(item.id, item);
    this.bulkApply = (id, change) => {
      const { status, priority } = change;
      if (this.conversationsById.has(id))
        void this.updateConversation(id, { ...(status && { status }), ...(priority && { priority }) });
    };
  }
  /** What `/me` says the member may do; left out (as relays from before roles do) when undefined. */
  mePermissions: Permission[] | undefined;
  async me() {
    if (this.refuse) throw new AdminApiError('unauthorized', 'The credentials are missing or wrong.', 401);
    return {
      id: 'staff_1',
      name: 'Ada',
      role: this.role,
      site: { id: 's1', name: 'Acme Outdoor' },
      ...(this.mePermissions ? { permissions: this.mePermissions } : {}),
    };
  }
  async conversations(query: ConversationQuery) {
    this.queries.push(query);
    const items = this.listed.filter(
      (item) =>
        (!query.status || item.status === query.status) &&
        (query.view !== 'unassigned' || item.assigneeId === null) &&
        (query.view !== 'mine' || item.assigneeId === 'staff_1') &&
        (query.view !== 'overdue' || (item.overdue === true && item.firstResponseAt === undefined)) &&
        (query.view !== 'mentions' || this.mentioned.has(item.id)) &&
        // Spam is in the Spam view only; Review lists what has flags.
        (query.view === 'spam') === this.spamBy.has(item.id) &&
        (query.view !== 'review' || (this.flagsOf.get(item.id)?.length ?? 0) > 0),
    );
    // Pages as the relay's do: at most `limit`, and a cursor to the rest (here the offset).
    const start = Number(query.cursor ?? 0);
    const end = start + (query.limit ?? items.length);
    return {
      items: items.slice(start, end),
      ...(end < items.length && { nextCursor: String(end) }),
      counts: {
        mine: 1,
        unassigned: 2,
        all: this.listed.length,
        overdue: this.listed.filter((item) => item.overdue).length,
        mentions: this.mentioned.size,
        review: this.listed.filter((item) => (this.flagsOf.get(item.id)?.length ?? 0) > 0).length,
        spam: this.spamBy.size,
        open: 3,
        pending: 4,
        snoozed: 0,
        resolved: 7,
      },
    };
  }
  async readMentions(id: string) {
    this.mentionReads.push(id);
    return { read: this.mentioned.delete(id) ? 1 : 0 };
  }
  async conversation(id: string) {
    const item = this.conversationsById.get(id);
    if (!item) throw new AdminApiError('not_found', 'No such resource.', 404);
    return item;
  }
  async messages(id: string, options: { before?: number; limit?: number } = {}) {
    const all = this.history.get(id) ?? [];
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const older = all.filter((m) => m.seq < before);
    const limit = options.limit ?? 30;
    return { items: older.slice(-limit), hasMore: older.length > limit };
  }
  async updateConversation(id: string, patch: ConversationPatch) {
    this.patches.push({ id, patch });
    const { teamId, ...rest } = patch;
    const next: AdminConversation = { ...this.conversationsById.get(id)!, ...rest };
    if (teamId === null) delete next.teamId;
    else if (teamId !== undefined) next.teamId = teamId;
    this.conversationsById.set(id, next);
    this.listed = this.listed.map((item) => (item.id === id ? next : item));
    return next;
  }
  async postMessage(): Promise<Message> {
    throw new Error('not used: replies go over the socket');
  }
  async revealEmail(contactId: string) {
    this.reveals.push(contactId);
    return 'ada@example.com';
  }
  /** Each conversation's timeline, as `GET /conversations/{id}/events` answers it. */
  timelines = new Map<string, unknown[]>();
}

export class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: { title: string; body?: string }[] = [];
  static async requestPermission(): Promise<NotificationPermission> {
    return FakeNotification.permission;
  }
  onclick: (() => void) | null = null;
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, ...(options?.body !== undefined && { body: options.body }) });
  }
  close(): void {}
}

export interface Setup {
  el: ChatAdmin;
  api: FakeApi;
  auth: FakeAuth;
  /** The CSRF tokens the admin API was made with (signed in with the session cookie). */
  csrf: string[];
  client: FakeStaffClient;
  tokens: string[];
  played: NotifyKind[];
}

export async function mount(
  items = [conversation('c1'), conversation('c2', { unread: 0 }), conversation('c3', { assigneeId: 'staff_1' })],
  signIn = true,
  options: {
    hash?: boolean;
    auth?: FakeAuth;
    /** The socket client comes when this settles (as the default's code comes in a chunk of its own). */
    clientAfter?: Promise<unknown>;
  } = {},
): Promise<Setup> {
  const api = new FakeApi(items);
  const auth = options.auth ?? new FakeAuth();
  const csrf: string[] = [];
  const client = new FakeStaffClient();
  const tokens: string[] = [];
  const played: NotifyKind[] = [];
  const storage = new Map<string, string>();
  const notifier = new Notifier('test-admin', {
    play: (kind) => played.push(kind),
    unlock: () => undefined,
    Notification: FakeNotification as unknown as typeof Notification,
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
  });
  const el = await fixture<ChatAdmin>(html`<chat-admin
    theme="light"
    ?hash=${options.hash ?? false}
    .createApi=${(credential: string | { csrf: string }) => {
      if (typeof credential === 'string') tokens.push(credential);
      else csrf.push(credential.csrf);
      return api;
    }}
    .createClient=${(token: string | undefined) => {
      if (token !== undefined) tokens.push(token);
      return options.clientAfter ? options.clientAfter.then(() => client) : client;
    }}
    .createAuth=${() => auth}
    .notifier=${notifier}
  ></chat-admin>`);
  if (signIn) {
    await el.signIn(TOKEN);
    await waitUntil(() => api.queries.length > 0 && $$(el, '[role=option]').length > 0, 'the list');
    await el.updateComplete;
  }
  return { el, api, auth, client, tokens, played, csrf };
}

export async function open(el: ChatAdmin, id: string): Promise<void> {
  await el.openConversation(id);
  // The composer's chunk, fetched when the first conversation shows.
  await customElements.whenDefined('chat-admin-composer');
  await settle(el);
}

export function composer(el: ChatAdmin): HTMLTextAreaElement {
  return $(el, '#composer-input') as HTMLTextAreaElement;
}
