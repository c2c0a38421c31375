import { fixture, html, waitUntil } from '@open-wc/testing';
import type { LocalMessage } from '@parley/sdk';
import type { Message } from '@parley/protocol';
import '../src/chat-admin/chat-admin.js';
import {
  AdminApiError,
  Notifier,
  type AdminApi,
  type AdminConversation,
  type AutomationSettings,
  type AutomationsAnswer,
  type Availability,
  type RoutingAnswer,
  type RoutingSettings,
  type Broadcast,
  type BroadcastSegment,
  type ChatAdmin,
  type ConversationPatch,
  type ConversationQuery,
  type FaqEntry,
  type FaqInput,
  type FaqMatch,
  type NotifyKind,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookSubscription,
  type OutboxJob,
  type OutboxStatus,
} from '../src/chat-admin/chat-admin.js';
import { FakeStaffClient } from './fake-client.js';
import { $, $$, settle } from './helpers.js';

// <chat-admin>'s fixture: a fake admin API, a fake StaffClient, a notifier with fake sound and Notification.

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

export class FakeApi implements AdminApi {
  conversationsById = new Map<string, AdminConversation>();
  listed: AdminConversation[] = [];
  history = new Map<string, Message[]>();
  queries: ConversationQuery[] = [];
  patches: { id: string; patch: ConversationPatch }[] = [];
  reveals: string[] = [];
  broadcastsMade: { text: string; segment: BroadcastSegment }[] = [];
  broadcastList: Broadcast[] = [];
  refuse = false;
  notificationSettings: { email: string | null; notify: boolean } = { email: null, notify: false };
  notificationPatches: Array<Partial<{ email: string | null; notify: boolean }>> = [];
  webhookList: WebhookEndpoint[] = [];
  deliveryLog = new Map<string, WebhookDelivery[]>();
  resends: { id: string; deliveryId: string }[] = [];

  constructor(items: AdminConversation[]) {
    this.listed = items;
    for (const item of items) this.conversationsById.set(item.id, item);
  }
  async notifications() {
    return { ...this.notificationSettings };
  }
  async updateNotifications(patch: Partial<{ email: string | null; notify: boolean }>) {
    this.notificationPatches.push(patch);
    this.notificationSettings = { ...this.notificationSettings, ...patch };
    return { ...this.notificationSettings };
  }
  async me() {
    if (this.refuse) throw new AdminApiError('unauthorized', 'The credentials are missing or wrong.', 401);
    return { id: 'staff_1', name: 'Ada', role: this.role, site: { id: 's1', name: 'Acme Outdoor' } };
  }
  async conversations(query: ConversationQuery) {
    this.queries.push(query);
    const items = this.listed.filter(
      (item) =>
        (!query.status || item.status === query.status) &&
        (query.view !== 'unassigned' || item.assigneeId === null) &&
        (query.view !== 'mine' || item.assigneeId === 'staff_1') &&
        (query.view !== 'overdue' || (item.overdue === true && item.firstResponseAt === undefined)),
    );
    return {
      items,
      counts: {
        mine: 1,
        unassigned: 2,
        all: this.listed.length,
        overdue: this.listed.filter((item) => item.overdue).length,
        open: 3,
        pending: 4,
        snoozed: 0,
        resolved: 7,
      },
    };
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
  async tokens() {
    return [
      { id: 'staff_1', name: 'Ada', role: 'admin' as const },
      { id: 'staff_2', name: 'Grace', role: 'agent' as const },
    ];
  }
  async cannedResponses() {
    return [
      { id: 'k1', shortcut: 'hello', text: 'Hello! How can I help you today?' },
      { id: 'k2', shortcut: 'refund', text: 'Refunds take 5 working days.' },
    ];
  }
  async createBroadcast(body: { text: string; segment: BroadcastSegment }) {
    this.broadcastsMade.push(body);
    const b: Broadcast = {
      id: 'b1',
      ...body,
      status: 'running',
      targeted: 10,
      stored: 2,
      delivered: 0,
      read: 0,
      createdAt: Date.now(),
    };
    this.broadcastList = [b];
    return b;
  }
  async broadcasts() {
    return this.broadcastList;
  }
  async broadcast(id: string) {
    const b = this.broadcastList.find((x) => x.id === id)!;
    const next: Broadcast = { ...b, status: 'done', stored: 10, delivered: 6, read: 3, finishedAt: Date.now() };
    this.broadcastList = [next];
    return next;
  }
  async stats() {
    return { visitorsOnline: 4, staffOnline: 2, openConversations: 3, messagesToday: 57, medianFirstReplySeconds: 95 };
  }

  settingsValue = { retentionDays: null as number | null, defaultRetentionDays: 0, effectiveRetentionDays: 0 };

  /** The signed-in staff member's role. */
  role: 'admin' | 'agent' = 'admin';
  outboxJobs: OutboxJob[] = [];
  outboxQueries: { status?: OutboxStatus; cursor?: string }[] = [];
  replays: string[] = [];

  async outbox(query: { status?: OutboxStatus; cursor?: string }) {
    this.outboxQueries.push(query);
    return { items: this.outboxJobs.filter((job) => !query.status || job.status === query.status) };
  }

  async replayOutbox(id: string) {
    this.replays.push(id);
    const job = this.outboxJobs.find((each) => each.id === id && each.status === 'dead');
    if (!job) throw new AdminApiError('not_found', 'No dead outbox job with that id on this site.', 404);
    job.status = 'pending';
    job.attempts = 0;
    return { ...job };
  }

  automationsValue: AutomationsAnswer = {
    settings: {
      botName: 'Parley',
      hours: null,
      welcome: { enabled: false, texts: {} },
      away: { enabled: false, texts: {}, emailTexts: {} },
      csat: { enabled: false, texts: {} },
    },
    defaults: {
      welcome: { en: 'Hi! How can we help you today?', fr: 'Bonjour !', es: '¡Hola!', ar: 'مرحبًا!' },
      away: { en: "We're away. Back {time}.", fr: 'Absents.', es: 'Ausentes.', ar: 'غائبون.' },
      awayEmail: { en: 'By email.', fr: 'Par e-mail.', es: 'Por correo.', ar: 'بالبريد.' },
      csat: { en: 'How would you rate this conversation?', fr: 'Note ?', es: '¿Nota?', ar: 'تقييم؟' },
    },
    now: null,
    updatedAt: null,
  };
  savedAutomations: AutomationSettings[] = [];

  async automations() {
    return structuredClone(this.automationsValue);
  }

  routingValue: RoutingAnswer = {
    settings: { mode: 'off', defaultCapacity: 10, reassignAfterMinutes: null, sla: null },
    updatedAt: null,
    staff: [
      {
        id: 'staff_1',
        name: 'Ada',
        role: 'admin',
        availability: 'online',
        availabilityAt: 0,
        capacity: null,
        lastSeenAt: Date.now(),
        open: 2,
        teamIds: [],
        connected: true,
        online: true,
      },
      {
        id: 'staff_2',
        name: 'Grace',
        role: 'agent',
        availability: 'away',
        availabilityAt: 0,
        capacity: 3,
        lastSeenAt: 0,
        open: 0,
        teamIds: ['team_1'],
        connected: false,
        online: false,
      },
    ],
    teams: [{ id: 'team_1', name: 'Sales', memberIds: ['staff_2'], createdAt: 1 }],
  };
  savedRouting: RoutingSettings[] = [];
  staffPatches: Array<{ id: string; patch: { capacity?: number | null; availability?: Availability } }> = [];
  availabilityChanges: Availability[] = [];
  teamSaves: Array<{ id: string | undefined; body: { name: string; memberIds: string[] } }> = [];
  refuseAvailability = false;

  async routing() {
    return structuredClone(this.routingValue);
  }
  async saveRouting(settings: RoutingSettings) {
    this.savedRouting.push(structuredClone(settings));
    this.routingValue = { ...this.routingValue, settings: structuredClone(settings), updatedAt: Date.now() };
    return { settings: structuredClone(settings), updatedAt: Date.now() };
  }
  async updateStaffRouting(id: string, patch: { capacity?: number | null; availability?: Availability }) {
    this.staffPatches.push({ id, patch });
    const staff = { ...this.routingValue.staff.find((each) => each.id === id)!, ...patch };
    this.routingValue.staff = this.routingValue.staff.map((each) => (each.id === id ? staff : each));
    return staff;
  }
  async availability() {
    return structuredClone(this.routingValue.staff[0]!);
  }
  async setAvailability(availability: Availability) {
    if (this.refuseAvailability) throw new AdminApiError('internal', 'The relay is down.', 500);
    this.availabilityChanges.push(availability);
    this.routingValue.staff[0] = { ...this.routingValue.staff[0]!, availability };
    return structuredClone(this.routingValue.staff[0]!);
  }
  async createTeam(body: { name: string; memberIds: string[] }) {
    this.teamSaves.push({ id: undefined, body });
    const team = { id: `team_${this.routingValue.teams.length + 1}`, ...body, createdAt: Date.now() };
    this.routingValue.teams.push(team);
    return team;
  }
  async saveTeam(id: string, body: { name: string; memberIds: string[] }) {
    this.teamSaves.push({ id, body });
    const team = { ...this.routingValue.teams.find((each) => each.id === id)!, ...body };
    this.routingValue.teams = this.routingValue.teams.map((each) => (each.id === id ? team : each));
    return team;
  }
  async deleteTeam(id: string) {
    this.routingValue.teams = this.routingValue.teams.filter((each) => each.id !== id);
  }

  async saveAutomations(settings: AutomationSettings) {
    this.savedAutomations.push(structuredClone(settings));
    this.automationsValue = { ...this.automationsValue, settings: structuredClone(settings), updatedAt: Date.now() };
    return structuredClone(this.automationsValue);
  }

  faqEntries: FaqEntry[] = [];
  /** Each FAQ call that changes something, in order. */
  faqCalls: Array<[string, ...unknown[]]> = [];
  faqMatch: FaqMatch = { answer: null, suggestions: [] };

  async faq() {
    return { items: structuredClone(this.faqEntries), max: 1000 };
  }

  async createFaq(input: FaqInput) {
    this.faqCalls.push(['create', structuredClone(input)]);
    const entry: FaqEntry = {
      ...structuredClone(input),
      id: `faq_${this.faqEntries.length + 1}`,
      counts: { answered: 0, helpful: 0, escalated: 0 },
      createdAt: Date.now(),
      updatedAt: Date.now(),
    };
    this.faqEntries.push(entry);
    return structuredClone(entry);
  }

  async updateFaq(id: string, patch: Partial<FaqInput>) {
    this.faqCalls.push(['update', id, structuredClone(patch)]);
    const entry = this.faqEntries.find((e) => e.id === id);
    if (!entry) throw new AdminApiError('not_found', 'No such FAQ entry on this site.', 404);
    Object.assign(entry, structuredClone(patch));
    return structuredClone(entry);
  }

  async deleteFaq(id: string) {
    this.faqCalls.push(['delete', id]);
    this.faqEntries = this.faqEntries.filter((e) => e.id !== id);
  }

  async tryFaq(text: string, language?: string) {
    this.faqCalls.push(['try', text, language]);
    return structuredClone(this.faqMatch);
  }

  async settings() {
    return { ...this.settingsValue };
  }

  async updateSettings(patch: { retentionDays: number | null }) {
    const effective = patch.retentionDays ?? this.settingsValue.defaultRetentionDays;
    this.settingsValue = {
      ...this.settingsValue,
      retentionDays: patch.retentionDays,
      effectiveRetentionDays: effective,
    };
    return { ...this.settingsValue };
  }

  async webhooks() {
    return this.webhookList.map((endpoint) => ({ ...endpoint }));
  }

  async createWebhook(body: { url: string; events: WebhookSubscription[] }) {
    if (!body.url.startsWith('https://')) throw new AdminApiError('bad_request', 'Invalid body.url: refused.', 400);
    const endpoint: WebhookEndpoint = {
      id: `wh_${this.webhookList.length + 1}`,
      url: body.url,
      events: body.events,
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    };
    this.webhookList.push(endpoint);
    return { ...endpoint, secret: 'whsec_shown_once_0123456789' };
  }

  async updateWebhook(id: string, patch: { enabled?: boolean }) {
    const found = this.webhookList.find((endpoint) => endpoint.id === id)!;
    Object.assign(found, patch, patch.enabled ? { disabledReason: null, disabledAt: null } : {});
    return { ...found };
  }

  async deleteWebhook(id: string) {
    this.webhookList = this.webhookList.filter((endpoint) => endpoint.id !== id);
  }

  async webhookDeliveries(id: string) {
    return [...(this.deliveryLog.get(id) ?? [])];
  }

  async resendWebhookDelivery(id: string, deliveryId: string) {
    this.resends.push({ id, deliveryId });
  }
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
  client: FakeStaffClient;
  tokens: string[];
  played: NotifyKind[];
}

export async function mount(
  items = [conversation('c1'), conversation('c2', { unread: 0 }), conversation('c3', { assigneeId: 'staff_1' })],
  signIn = true,
): Promise<Setup> {
  const api = new FakeApi(items);
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
    .createApi=${(token: string) => {
      tokens.push(token);
      return api;
    }}
    .createClient=${(token: string) => {
      tokens.push(token);
      return client;
    }}
    .notifier=${notifier}
  ></chat-admin>`);
  if (signIn) {
    await el.signIn(TOKEN);
    await waitUntil(() => api.queries.length > 0 && $$(el, '[role=option]').length > 0, 'the list');
    await el.updateComplete;
  }
  return { el, api, client, tokens, played };
}

export async function open(el: ChatAdmin, id: string): Promise<void> {
  await el.openConversation(id);
  await settle(el);
}

export function composer(el: ChatAdmin): HTMLTextAreaElement {
  return $(el, '#composer-input') as HTMLTextAreaElement;
}
