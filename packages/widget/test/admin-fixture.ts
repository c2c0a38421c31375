import { fixture, html, waitUntil } from '@open-wc/testing';
import type { LocalMessage } from '@parley/sdk';
import type { Message } from '@parley/protocol';
import '../src/chat-admin/chat-admin.js';
import {
  AdminApiError,
  Notifier,
  type AdminApi,
  type AdminConversation,
  type AttachmentSettings,
  type AuditEntry,
  type AuditQuery,
  type CannedResponse,
  type Contact,
  type SettingsPatch,
  type SiteProfile,
  type AttachmentSettingsAnswer,
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
  type TeamAnswer,
  type TeamMember,
  type StaffToken,
  type TokenScope,
  type CreatedInvitation,
  type Report,
  type ReportQuery,
} from '../src/chat-admin/chat-admin.js';
import { FakeAuth } from './auth-fixture.js';
import { FakeStaffClient } from './fake-client.js';
import { $, $$, settle } from './helpers.js';

// <chat-admin>'s fixture: a fake admin API, a fake StaffClient, a notifier with fake sound and Notification.

export const TOKEN = 'st_test_token_0123456789';
/** A VAPID public key as the relay gives it (base64url of 65 bytes). */
export const PUSH_KEY = btoa(String.fromCharCode(4, ...Array.from({ length: 64 }, (_, i) => i)))
  .replace(/\+/g, '-')
  .replace(/\//g, '_')
  .replace(/=+$/, '');

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
  /** Conversations with a mention of me not read yet, and the conversations `readMentions` was called for. */
  mentioned = new Set<string>();
  mentionReads: string[] = [];

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
        (query.view !== 'overdue' || (item.overdue === true && item.firstResponseAt === undefined)) &&
        (query.view !== 'mentions' || this.mentioned.has(item.id)),
    );
    return {
      items,
      counts: {
        mine: 1,
        unassigned: 2,
        all: this.listed.length,
        overdue: this.listed.filter((item) => item.overdue).length,
        mentions: this.mentioned.size,
        open: 3,
        pending: 4,
        snoozed: 0,
        resolved: 7,
      },
    };
  }
  pushSubscriptions: Array<{ endpoint: string; keys: { p256dh: string; auth: string } }> = [];
  async pushKey() {
    return { publicKey: PUSH_KEY, subscriptions: this.pushSubscriptions.length };
  }
  async subscribePush(subscription: { endpoint: string; keys: { p256dh: string; auth: string } }) {
    this.pushSubscriptions = [
      ...this.pushSubscriptions.filter((s) => s.endpoint !== subscription.endpoint),
      subscription,
    ];
    return { subscriptions: this.pushSubscriptions.length };
  }
  async unsubscribePush(endpoint: string) {
    this.pushSubscriptions = this.pushSubscriptions.filter((s) => s.endpoint !== endpoint);
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
  tokenList: StaffToken[] = [{ id: 'staff_9', name: 'CRM sync', scopes: ['read'], expiresAt: null }];
  tokenCalls: Array<[string, ...unknown[]]> = [];
  async tokens() {
    return structuredClone(this.tokenList);
  }
  async createToken(body: { name: string; scopes: TokenScope[]; expiresAt: number | null }) {
    this.tokenCalls.push(['create', structuredClone(body)]);
    const made = { id: `staff_t${this.tokenList.length + 1}`, ...body, token: 'st_shown_once_0123456789' };
    this.tokenList.push({ id: made.id, name: made.name, scopes: made.scopes, expiresAt: made.expiresAt });
    return made;
  }
  async revokeToken(id: string) {
    this.tokenCalls.push(['revoke', id]);
    this.tokenList = this.tokenList.filter((each) => each.id !== id);
  }

  teamValue: TeamAnswer = {
    items: [
      member('staff_1', 'Ada', 'owner', { totpEnabled: true }),
      member('staff_2', 'Grace', 'agent', { availability: 'away' }),
    ],
    invitations: [],
  };
  teamCalls: Array<[string, ...unknown[]]> = [];
  /** Whether an invitation is emailed (no link in the answer). */
  emailInvitations = false;
  async team() {
    return structuredClone(this.teamValue);
  }
  async invite(body: { email: string; role: 'admin' | 'agent' }) {
    this.teamCalls.push(['invite', structuredClone(body)]);
    const invitation = {
      id: `inv_${this.teamValue.invitations.length + 1}`,
      email: body.email,
      role: body.role,
      createdAt: Date.now(),
      expiresAt: Date.now() + 7 * 86_400_000,
    };
    this.teamValue.invitations.push(invitation);
    const answer: CreatedInvitation = { ...invitation, emailed: this.emailInvitations };
    if (!this.emailInvitations) answer.link = 'https://chat.example.com/admin#invite=inv_secret_0123456789';
    return answer;
  }
  async revokeInvitation(id: string) {
    this.teamCalls.push(['revokeInvitation', id]);
    this.teamValue.invitations = this.teamValue.invitations.filter((each) => each.id !== id);
  }
  async updateMember(id: string, patch: { role?: 'admin' | 'agent'; active?: boolean }) {
    this.teamCalls.push(['update', id, structuredClone(patch)]);
    const found = this.teamValue.items.find((each) => each.id === id)!;
    Object.assign(found, patch);
    return structuredClone(found);
  }
  async memberResetLink(id: string) {
    this.teamCalls.push(['resetLink', id]);
    return { link: 'https://chat.example.com/admin#reset=rst_secret_0123456789', expiresAt: Date.now() + 3_600_000 };
  }
  sitesMade: Array<{ name: string; allowedOrigins?: string[] }> = [];
  async sites() {
    return [];
  }
  async createSite(body: { name: string; allowedOrigins?: string[] }) {
    this.sitesMade.push(body);
    return {
      id: 'site_2',
      name: body.name,
      siteKey: 'pk_2',
      allowedOrigins: body.allowedOrigins ?? ['*'],
      requireIdentity: false,
      createdAt: Date.now(),
      adminToken: 'st_site_admin_0123456789',
    };
  }
  cannedList: CannedResponse[] = [
    { id: 'k1', shortcut: 'hello', text: 'Hello! How can I help you today?', createdAt: 0, updatedAt: 0 },
    { id: 'k2', shortcut: 'refund', text: 'Refunds take 5 working days.', createdAt: 0, updatedAt: 0 },
  ];
  async cannedResponses() {
    return structuredClone(this.cannedList);
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

  settingsValue: {
    retentionDays: number | null;
    defaultRetentionDays: number;
    effectiveRetentionDays: number;
    require2fa?: boolean;
    brandColor?: string | null;
    logoUrl?: string | null;
  } = { retentionDays: null, defaultRetentionDays: 0, effectiveRetentionDays: 0, brandColor: null, logoUrl: null };

  /** The signed-in staff member's role. */
  role: 'owner' | 'admin' | 'agent' = 'admin';
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

  attachmentValue: AttachmentSettingsAnswer = {
    types: null,
    maxBytes: null,
    quotaBytes: null,
    usedBytes: 3 * 1024 * 1024,
  };
  savedAttachments: AttachmentSettings[] = [];
  /** What `saveAttachmentSettings` throws, when set. */
  refuseAttachments: AdminApiError | undefined;

  async attachmentSettings() {
    if (this.role !== 'admin') throw new AdminApiError('forbidden', 'Admins only.', 403);
    return structuredClone(this.attachmentValue);
  }
  async saveAttachmentSettings(settings: AttachmentSettings) {
    if (this.refuseAttachments) throw this.refuseAttachments;
    this.savedAttachments.push(structuredClone(settings));
    this.attachmentValue = { ...structuredClone(settings), usedBytes: this.attachmentValue.usedBytes };
    return structuredClone(this.attachmentValue);
  }

  /** The queries `report` was called with, for JSON and for CSV. */
  reportQueries: ReportQuery[] = [];
  csvQueries: ReportQuery[] = [];
  /** What `report` answers for a query (a report with one bucket per day of the range and nothing else, unless set). */
  reportFor: (query: ReportQuery) => Report = (query) => ({
    range: query,
    conversations: [{ t: query.from, count: 0 }],
    messages: [{ t: query.from, visitor: 0, staff: 0, bot: 0 }],
    firstResponse: { medianMs: null, p90Ms: null, count: 0 },
    resolution: { medianMs: null, p90Ms: null, count: 0 },
    agents: [],
    busiestHours: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
    csat: null,
  });
  /** What `report` throws, when set. */
  refuseReport: AdminApiError | undefined;

  report(query: ReportQuery): Promise<Report>;
  report(query: ReportQuery, csv: true): Promise<Blob>;
  async report(query: ReportQuery, csv?: true): Promise<Report | Blob> {
    if (csv) {
      this.csvQueries.push(query);
      return new Blob(['Conversations\r\n'], { type: 'text/csv' });
    }
    this.reportQueries.push(query);
    if (this.refuseReport) throw this.refuseReport;
    return structuredClone(this.reportFor(query));
  }

  async settings() {
    return { ...this.settingsValue };
  }

  settingsPatches: SettingsPatch[] = [];
  async updateSettings(patch: SettingsPatch) {
    this.settingsPatches.push(patch);
    if (patch.logoUrl && !patch.logoUrl.startsWith('https://'))
      throw new AdminApiError('bad_request', 'Invalid body.logoUrl: must be an https:// address.', 400);
    const retentionDays = patch.retentionDays === undefined ? this.settingsValue.retentionDays : patch.retentionDays;
    this.settingsValue = {
      ...this.settingsValue,
      ...patch,
      retentionDays,
      effectiveRetentionDays: retentionDays ?? this.settingsValue.defaultRetentionDays,
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

  // ---- the desk's settings pages (issue #19) ----

  /** Each call of the desk's pages that changes something, in order. */
  deskCalls: Array<[string, ...unknown[]]> = [];
  /** Each `request` (the desk pages' calls), as `METHOD /path?query`. */
  requests: string[] = [];
  /** Each conversation's timeline, as `GET /conversations/{id}/events` answers it. */
  timelines = new Map<string, unknown[]>();

  /** The admin API's generic call: the desk's pages (desk-api.ts) make theirs through it, routed here by path. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.requests.push(`${method} ${path}`);
    const url = new URL(path, 'https://relay.test');
    const q = Object.fromEntries(url.searchParams);
    const num = (key: string) => (q[key] === undefined ? {} : { [key]: Number(q[key]) });
    const [, area, id, more] = url.pathname.split('/');
    const ref = id === undefined ? undefined : decodeURIComponent(id);
    const route = `${method} /${area}${ref === undefined ? '' : '/{id}'}${more ? `/${more}` : ''}`;
    const routes: Record<string, () => Promise<unknown>> = {
      'POST /canned-responses': () => this.createCannedResponse(body as { shortcut: string; text: string }),
      'PATCH /canned-responses/{id}': () => this.updateCannedResponse(ref!, body as { text?: string }),
      'DELETE /canned-responses/{id}': () => this.deleteCannedResponse(ref!),
      'GET /contacts': () => this.contacts({ ...q, ...num('limit') }),
      'GET /contacts/{id}': () => this.contact(ref!),
      'GET /contacts/{id}/export': () => this.exportContact(ref!),
      'DELETE /contacts/{id}': () => this.eraseContact(ref!),
      'GET /audit': () => this.audit({ ...q, ...num('from'), ...num('to'), ...num('limit') }),
      'GET /audit/{id}': () => (ref === 'facets' ? this.auditFacets() : Promise.reject(new Error(path))),
      'GET /conversations/{id}/events': async () => ({ items: structuredClone(this.timelines.get(ref!) ?? []) }),
      'POST /webhooks/{id}/test': async () => {
        // As the relay: the ping's first attempt is in the log soon after (here, at once).
        const eventId = `evt_ping_${ref}`;
        const log = this.deliveryLog.get(ref!) ?? [];
        log.unshift({
          id: String(log.length + 100),
          eventId,
          eventType: 'ping',
          attempt: 1,
          at: Date.now(),
          outcome: 'delivered',
          statusCode: 204,
          error: null,
          latencyMs: 4,
          excerpt: null,
          resendable: true,
        });
        this.deliveryLog.set(ref!, log);
        return { eventId };
      },
      'GET /site': () => this.site(),
      'PATCH /site': () => this.updateSite(body as { name?: string }),
      'POST /site/{id}': () =>
        ref === 'identity-secret'
          ? this.rotateIdentitySecret().then((identitySecret) => ({ identitySecret }))
          : Promise.reject(new Error(path)),
    };
    const run = routes[route];
    if (!run) throw new AdminApiError('not_found', `The fake has no ${route}.`, 404);
    return (await run()) as T;
  }

  async createCannedResponse(body: { shortcut: string; text: string }) {
    this.deskCalls.push(['createCanned', structuredClone(body)]);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(body.shortcut))
      throw new AdminApiError('bad_request', 'Invalid body.shortcut: Invalid string: must match pattern.', 400);
    if (body.text === '') throw new AdminApiError('bad_request', 'Invalid body.text: Too small.', 400);
    if (this.cannedList.some((c) => c.shortcut === body.shortcut))
      throw new AdminApiError('conflict', `The shortcut "${body.shortcut}" is taken.`, 409);
    const created = { id: `k${this.cannedList.length + 10}`, ...body, createdAt: 0, updatedAt: 0 };
    this.cannedList.push(created);
    return { ...created };
  }
  async updateCannedResponse(id: string, patch: { shortcut?: string; text?: string }) {
    this.deskCalls.push(['updateCanned', id, structuredClone(patch)]);
    if (this.cannedList.some((c) => c.id !== id && c.shortcut === patch.shortcut))
      throw new AdminApiError('conflict', 'That shortcut is taken.', 409);
    const found = this.cannedList.find((c) => c.id === id)!;
    Object.assign(found, patch);
    return { ...found };
  }
  async deleteCannedResponse(id: string) {
    this.deskCalls.push(['deleteCanned', id]);
    this.cannedList = this.cannedList.filter((c) => c.id !== id);
  }

  contactList: Contact[] = [
    {
      id: 'v_c1',
      name: 'Visitor c1',
      emailMasked: 'a***@ex***.com',
      verified: true,
      subscribed: false,
      online: false,
      context: { url: 'https://shop.example.com/tents', locale: 'fr-FR', timezone: 'Europe/Paris' },
      createdAt: Date.now() - 86_400_000,
      lastSeenAt: Date.now() - 60_000,
      conversationIds: ['c1', 'c_gone'],
    },
    {
      id: 'v_c2',
      verified: false,
      subscribed: false,
      online: true,
      createdAt: Date.now() - 7_200_000,
      lastSeenAt: Date.now() - 120_000,
      conversationIds: [],
    },
  ];
  contactQueries: Array<{ q?: string; cursor?: string }> = [];
  async contacts(query: { q?: string; cursor?: string; limit?: number }) {
    this.contactQueries.push({ ...query });
    const q = query.q?.toLowerCase() ?? '';
    const items = this.contactList.filter((c) => !q || (c.name ?? '').toLowerCase().includes(q) || c.id === q);
    // Pages of one, to show "Show more".
    const start = query.cursor ? Number(query.cursor) : 0;
    const page = items.slice(start, start + 1);
    return { items: structuredClone(page), ...(start + 1 < items.length ? { nextCursor: String(start + 1) } : {}) };
  }
  async contact(id: string) {
    const found = this.contactList.find((c) => c.id === id);
    if (!found) throw new AdminApiError('not_found', 'No such contact on this site.', 404);
    return structuredClone(found);
  }
  async exportContact(id: string) {
    this.deskCalls.push(['exportContact', id]);
    if (this.role !== 'admin') throw new AdminApiError('forbidden', 'Admins only.', 403);
    return { exportedAt: 1, contact: { id, email: 'ada@example.com' }, messages: [] };
  }
  async eraseContact(id: string) {
    this.deskCalls.push(['eraseContact', id]);
    if (this.role !== 'admin') throw new AdminApiError('forbidden', 'Admins only.', 403);
    this.contactList = this.contactList.filter((c) => c.id !== id);
  }

  auditEntries: AuditEntry[] = [];
  auditQueries: AuditQuery[] = [];
  async audit(query: AuditQuery) {
    this.auditQueries.push({ ...query });
    const matching = this.auditEntries.filter(
      (e) =>
        (!query.actor || e.actorId === query.actor) &&
        (!query.action || e.action === query.action) &&
        (query.from === undefined || e.at >= query.from) &&
        (query.to === undefined || e.at < query.to) &&
        (!query.cursor || Number(e.id) < Number(query.cursor)),
    );
    const limit = query.limit ?? 50;
    const items = matching.slice(0, limit);
    return {
      items: structuredClone(items),
      ...(matching.length > limit ? { nextCursor: items[items.length - 1]!.id } : {}),
    };
  }
  async auditFacets() {
    const actors = new Map(this.auditEntries.map((e) => [e.actorId, e.actorName]));
    return {
      actors: [...actors].map(([id, name]) => ({ id, name })),
      actions: [...new Set(this.auditEntries.map((e) => e.action))].sort(),
    };
  }

  siteValue: SiteProfile = {
    id: 'default',
    name: 'Acme Outdoor',
    siteKey: 'pk_acme',
    allowedOrigins: ['*'],
    requireIdentity: false,
    configured: { name: false, allowedOrigins: false, identitySecret: false },
  };
  async site() {
    return structuredClone(this.siteValue);
  }
  async updateSite(patch: { name?: string; allowedOrigins?: string[] }) {
    this.deskCalls.push(['updateSite', structuredClone(patch)]);
    if (patch.allowedOrigins?.some((o) => o !== '*' && !/^https?:\/\/[^/]+$/.test(o)))
      throw new AdminApiError(
        'bad_request',
        'Invalid body.allowedOrigins.0: must be * or an origin such as https://example.com.',
        400,
      );
    this.siteValue = { ...this.siteValue, ...patch };
    return structuredClone(this.siteValue);
  }
  async rotateIdentitySecret() {
    this.deskCalls.push(['rotateIdentitySecret']);
    return 'is_new_secret_shown_once_0123456789';
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

/** A member of the fake team. */
export function member(
  id: string,
  name: string,
  role: TeamMember['role'],
  overrides: Partial<TeamMember> = {},
): TeamMember {
  return {
    id,
    accountId: `acct_${id}`,
    name,
    email: `${name.toLowerCase()}@example.com`,
    role,
    totpEnabled: false,
    active: true,
    availability: 'online',
    lastSeenAt: null,
    ...overrides,
  };
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
  options: { hash?: boolean; auth?: FakeAuth } = {},
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
      return client;
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
  await settle(el);
}

export function composer(el: ChatAdmin): HTMLTextAreaElement {
  return $(el, '#composer-input') as HTMLTextAreaElement;
}
