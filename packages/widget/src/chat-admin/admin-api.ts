import type {
  AdminConversation,
  AutomationSettings,
  AutomationsAnswer,
  Availability,
  Broadcast,
  BroadcastSegment,
  CannedResponse,
  ConversationPage,
  ConversationPatch,
  ConversationQuery,
  FaqEntry,
  FaqInput,
  FaqMatch,
  Message,
  MessagePage,
  NotificationSettings,
  OutboxPage,
  OutboxJob,
  OutboxStatus,
  RoutingAnswer,
  RoutingSettings,
  RoutingStaff,
  StaffMe,
  Team,
  SiteSettings,
  StaffToken,
  Stats,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSubscription,
} from './admin-types.js';

/** The calls `<chat-admin>` makes to the relay's admin API; tests pass a fake that implements it. */
export interface AdminApi {
  me(): Promise<StaffMe>;
  conversations(query: ConversationQuery): Promise<ConversationPage>;
  conversation(id: string): Promise<AdminConversation>;
  messages(id: string, options?: { before?: number; limit?: number }): Promise<MessagePage>;
  updateConversation(id: string, patch: ConversationPatch): Promise<AdminConversation>;
  postMessage(
    id: string,
    body: { id: string; text: string; note?: boolean; buttons?: Array<{ label: string }> },
  ): Promise<Message>;
  revealEmail(contactId: string): Promise<string>;
  tokens(): Promise<StaffToken[]>;
  cannedResponses(): Promise<CannedResponse[]>;
  createBroadcast(body: { text: string; segment: BroadcastSegment }): Promise<Broadcast>;
  broadcasts(): Promise<Broadcast[]>;
  broadcast(id: string): Promise<Broadcast>;
  stats(): Promise<Stats>;
  settings(): Promise<SiteSettings>;
  updateSettings(patch: { retentionDays: number | null }): Promise<SiteSettings>;
  webhooks(): Promise<WebhookEndpoint[]>;
  /** Answers with the signing secret: the only time it is shown. */
  createWebhook(body: { url: string; events: WebhookSubscription[] }): Promise<WebhookEndpoint & { secret: string }>;
  updateWebhook(
    id: string,
    patch: { url?: string; events?: WebhookSubscription[]; enabled?: boolean },
  ): Promise<WebhookEndpoint>;
  deleteWebhook(id: string): Promise<void>;
  webhookDeliveries(id: string): Promise<WebhookDelivery[]>;
  resendWebhookDelivery(id: string, deliveryId: string): Promise<void>;
  /** What the relay owes (emails, webhook deliveries), newest first (admins). */
  outbox(query: { status?: OutboxStatus; cursor?: string }): Promise<OutboxPage>;
  /** Puts a dead job back in line (admins). */
  replayOutbox(id: string): Promise<OutboxJob>;
  /** The signed-in member's email notifications. */
  notifications(): Promise<NotificationSettings>;
  updateNotifications(patch: Partial<NotificationSettings>): Promise<NotificationSettings>;
  /** The site's automations: business hours, welcome, away reply, ratings. */
  automations(): Promise<AutomationsAnswer>;
  /** Replaces them (admins). */
  saveAutomations(settings: AutomationSettings): Promise<AutomationsAnswer>;
  /** The site's routing and SLA settings, its staff's availability and capacity, its teams. */
  routing(): Promise<RoutingAnswer>;
  /** Replaces the routing and SLA settings (admins). */
  saveRouting(settings: RoutingSettings): Promise<{ settings: RoutingSettings; updatedAt: number }>;
  /** A staff member's capacity (`null`: the site's default) or availability (admins). */
  updateStaffRouting(
    id: string,
    patch: { capacity?: number | null; availability?: Availability },
  ): Promise<RoutingStaff>;
  /** The signed-in staff member's availability. */
  availability(): Promise<RoutingStaff>;
  setAvailability(availability: Availability): Promise<RoutingStaff>;
  createTeam(body: { name: string; memberIds: string[] }): Promise<Team>;
  saveTeam(id: string, body: { name: string; memberIds: string[] }): Promise<Team>;
  deleteTeam(id: string): Promise<void>;
  /** The site's FAQ entries, with their counts, and the most it keeps (admins). */
  faq(): Promise<{ items: FaqEntry[]; max: number }>;
  createFaq(input: FaqInput): Promise<FaqEntry>;
  updateFaq(id: string, patch: Partial<FaqInput>): Promise<FaqEntry>;
  deleteFaq(id: string): Promise<void>;
  /** What the bot would make of a visitor's message (stores nothing). */
  tryFaq(text: string, language?: string): Promise<FaqMatch>;
}

/** An error answer of the admin API: the catalog code, its message and the HTTP status. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    /** The stable error code (`unauthorized`, `forbidden`, `not_found`, `rate_limited`, …), or `network`. */
    readonly code: string,
    message: string,
    /** The HTTP status; 0 when the request never got an answer. */
    readonly status: number,
  ) {
    super(message);
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * The admin API over HTTP. The token goes only in the `Authorization` header, never in a URL.
 *
 * @example
 * const api = new HttpAdminApi(`${location.origin}/v1/admin`, token);
 * const me = await api.me();
 */
export class HttpAdminApi implements AdminApi {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: Fetch;

  /**
   * @param base - the API root, e.g. `https://chat.example.com/v1/admin` (no trailing slash needed).
   * @param token - the staff bearer token.
   * @param fetchImpl - default `globalThis.fetch`.
   */
  constructor(base: string, token: string, fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init)) {
    this.#base = base.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = fetchImpl;
  }

  me(): Promise<StaffMe> {
    return this.#call('GET', '/me');
  }

  conversations(query: ConversationQuery): Promise<ConversationPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '' && value !== false) params.set(key, String(value));
    }
    const search = params.toString();
    return this.#call('GET', `/conversations${search ? `?${search}` : ''}`);
  }

  conversation(id: string): Promise<AdminConversation> {
    return this.#call('GET', `/conversations/${encodeURIComponent(id)}`);
  }

  messages(id: string, options: { before?: number; limit?: number } = {}): Promise<MessagePage> {
    const params = new URLSearchParams();
    if (options.before !== undefined) params.set('before', String(options.before));
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const search = params.toString();
    return this.#call('GET', `/conversations/${encodeURIComponent(id)}/messages${search ? `?${search}` : ''}`);
  }

  updateConversation(id: string, patch: ConversationPatch): Promise<AdminConversation> {
    return this.#call('PATCH', `/conversations/${encodeURIComponent(id)}`, patch);
  }

  async postMessage(
    id: string,
    body: { id: string; text: string; note?: boolean; buttons?: Array<{ label: string }> },
  ): Promise<Message> {
    const answer = await this.#call<{ message: Message }>(
      'POST',
      `/conversations/${encodeURIComponent(id)}/messages`,
      body,
    );
    return answer.message;
  }

  async revealEmail(contactId: string): Promise<string> {
    const answer = await this.#call<{ email: string }>('POST', `/contacts/${encodeURIComponent(contactId)}/reveal`, {});
    return answer.email;
  }

  async tokens(): Promise<StaffToken[]> {
    return items(await this.#call<{ items: StaffToken[] } | StaffToken[]>('GET', '/tokens'));
  }

  async cannedResponses(): Promise<CannedResponse[]> {
    return items(await this.#call<{ items: CannedResponse[] } | CannedResponse[]>('GET', '/canned-responses'));
  }

  createBroadcast(body: { text: string; segment: BroadcastSegment }): Promise<Broadcast> {
    return this.#call('POST', '/broadcasts', body);
  }

  async broadcasts(): Promise<Broadcast[]> {
    return (await this.#call<{ items: Broadcast[] }>('GET', '/broadcasts')).items;
  }

  broadcast(id: string): Promise<Broadcast> {
    return this.#call('GET', `/broadcasts/${encodeURIComponent(id)}`);
  }

  stats(): Promise<Stats> {
    return this.#call('GET', '/stats');
  }

  settings(): Promise<SiteSettings> {
    return this.#call('GET', '/settings');
  }

  updateSettings(patch: { retentionDays: number | null }): Promise<SiteSettings> {
    return this.#call('PATCH', '/settings', patch);
  }

  async webhooks(): Promise<WebhookEndpoint[]> {
    return (await this.#call<{ items: WebhookEndpoint[] }>('GET', '/webhooks')).items;
  }

  createWebhook(body: { url: string; events: WebhookSubscription[] }): Promise<WebhookEndpoint & { secret: string }> {
    return this.#call('POST', '/webhooks', body);
  }

  updateWebhook(
    id: string,
    patch: { url?: string; events?: WebhookSubscription[]; enabled?: boolean },
  ): Promise<WebhookEndpoint> {
    return this.#call('PATCH', `/webhooks/${encodeURIComponent(id)}`, patch);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.#call('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  }

  async webhookDeliveries(id: string): Promise<WebhookDelivery[]> {
    return (await this.#call<{ items: WebhookDelivery[] }>('GET', `/webhooks/${encodeURIComponent(id)}/deliveries`))
      .items;
  }

  async resendWebhookDelivery(id: string, deliveryId: string): Promise<void> {
    await this.#call(
      'POST',
      `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/resend`,
      {},
    );
  }

  outbox(query: { status?: OutboxStatus; cursor?: string }): Promise<OutboxPage> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.cursor) params.set('cursor', query.cursor);
    const search = params.toString();
    return this.#call('GET', `/outbox${search ? `?${search}` : ''}`);
  }

  replayOutbox(id: string): Promise<OutboxJob> {
    return this.#call('POST', `/outbox/${encodeURIComponent(id)}/replay`, {});
  }

  notifications(): Promise<NotificationSettings> {
    return this.#call('GET', '/me/notifications');
  }

  updateNotifications(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    return this.#call('PATCH', '/me/notifications', patch);
  }

  automations(): Promise<AutomationsAnswer> {
    return this.#call('GET', '/automations');
  }

  saveAutomations(settings: AutomationSettings): Promise<AutomationsAnswer> {
    return this.#call('PUT', '/automations', settings);
  }

  routing(): Promise<RoutingAnswer> {
    return this.#call('GET', '/routing');
  }

  saveRouting(settings: RoutingSettings): Promise<{ settings: RoutingSettings; updatedAt: number }> {
    return this.#call('PUT', '/routing', settings);
  }

  updateStaffRouting(
    id: string,
    patch: { capacity?: number | null; availability?: Availability },
  ): Promise<RoutingStaff> {
    return this.#call('PATCH', `/routing/staff/${encodeURIComponent(id)}`, patch);
  }

  availability(): Promise<RoutingStaff> {
    return this.#call('GET', '/me/availability');
  }

  setAvailability(availability: Availability): Promise<RoutingStaff> {
    return this.#call('PUT', '/me/availability', { availability });
  }

  createTeam(body: { name: string; memberIds: string[] }): Promise<Team> {
    return this.#call('POST', '/teams', body);
  }

  saveTeam(id: string, body: { name: string; memberIds: string[] }): Promise<Team> {
    return this.#call('PUT', `/teams/${encodeURIComponent(id)}`, body);
  }

  async deleteTeam(id: string): Promise<void> {
    await this.#call('DELETE', `/teams/${encodeURIComponent(id)}`);
  }

  faq(): Promise<{ items: FaqEntry[]; max: number }> {
    return this.#call('GET', '/faq');
  }

  createFaq(input: FaqInput): Promise<FaqEntry> {
    return this.#call('POST', '/faq', input);
  }

  updateFaq(id: string, patch: Partial<FaqInput>): Promise<FaqEntry> {
    return this.#call('PATCH', `/faq/${encodeURIComponent(id)}`, patch);
  }

  deleteFaq(id: string): Promise<void> {
    return this.#call('DELETE', `/faq/${encodeURIComponent(id)}`);
  }

  tryFaq(text: string, language?: string): Promise<FaqMatch> {
    return this.#call('POST', '/faq/match', language ? { text, language } : { text });
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, accept: 'application/json' };
    const init: RequestInit = { method, headers, credentials: 'omit', cache: 'no-store' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, init);
    } catch (error) {
      throw new AdminApiError('network', error instanceof Error ? error.message : 'Network error', 0);
    }
    if (response.status === 204) return undefined as T;
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      payload = undefined;
    }
    if (!response.ok) {
      const error = (payload as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      throw new AdminApiError(
        typeof error?.code === 'string' ? error.code : `http_${response.status}`,
        typeof error?.message === 'string' ? error.message : response.statusText || `HTTP ${response.status}`,
        response.status,
      );
    }
    return payload as T;
  }
}

/** Lists come as `{ items }`; accept a bare array too. */
function items<T>(answer: { items: T[] } | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}
