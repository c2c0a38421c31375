import type {
  AdminConversation,
  AttachmentSettings,
  AttachmentSettingsAnswer,
  Availability,
  Broadcast,
  BroadcastSegment,
  CannedResponse,
  ConversationPage,
  ConversationPatch,
  ConversationQuery,
  Message,
  MessagePage,
  NotificationSettings,
  OutboxPage,
  OutboxJob,
  OutboxStatus,
  Report,
  ReportQuery,
  RoutingAnswer,
  RoutingSettings,
  RoutingStaff,
  StaffMe,
  Team,
  SiteSettings,
  StaffToken,
  Stats,
  CreatedInvitation,
  CreatedToken,
  SiteListing,
  TeamAnswer,
  TeamMember,
  TokenScope,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSubscription,
  PushSubscriptionBody,
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
  /** Changes the site's settings (admins): retention, colour, logo, whether two-factor sign-in is required. */
  updateSettings(patch: SettingsPatch): Promise<SiteSettings>;
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
  /** Marks my mentions in a conversation read (opening it does). */
  readMentions(conversationId: string): Promise<{ read: number }>;
  /** The relay's Web Push key, and how many of my browsers are subscribed. */
  pushKey(): Promise<{ publicKey: string; subscriptions: number }>;
  /** Subscribes this browser to pushes (its `PushSubscription.toJSON()`). */
  subscribePush(subscription: PushSubscriptionBody): Promise<{ subscriptions: number }>;
  unsubscribePush(endpoint: string): Promise<void>;
  setAvailability(availability: Availability): Promise<RoutingStaff>;
  createTeam(body: { name: string; memberIds: string[] }): Promise<Team>;
  saveTeam(id: string, body: { name: string; memberIds: string[] }): Promise<Team>;
  deleteTeam(id: string): Promise<void>;
  /** The site's attachment settings and the bytes it keeps (admins). */
  attachmentSettings(): Promise<AttachmentSettingsAnswer>;
  /** Replaces them (admins). */
  saveAttachmentSettings(settings: AttachmentSettings): Promise<AttachmentSettingsAnswer>;

  // ---- accounts (issue #19) ----
  /** The site's members and pending invitations (any member). */
  team(): Promise<TeamAnswer>;
  /** Invites someone by email (admins); the link comes back only when it could not be emailed. */
  invite(body: { email: string; role: 'admin' | 'agent'; name?: string }): Promise<CreatedInvitation>;
  revokeInvitation(id: string): Promise<void>;
  /** Changes a member's role, or deactivates (`active: false`) or reactivates them (admins). */
  updateMember(id: string, patch: { role?: 'admin' | 'agent'; active?: boolean }): Promise<TeamMember>;
  /** A password reset link for a member, to hand over (admins). */
  memberResetLink(id: string): Promise<{ link: string; expiresAt: number }>;
  /** Makes an API token: its secret is in the answer, the only time it is shown (admins). */
  createToken(body: { name: string; scopes: TokenScope[]; expiresAt: number | null }): Promise<CreatedToken>;
  revokeToken(id: string): Promise<void>;
  /** The relay's sites (admins of its default site). */
  sites(): Promise<SiteListing[]>;
  /** Creates a site; the answer carries its first admin token, shown once. */
  createSite(body: { name: string; allowedOrigins?: string[] }): Promise<SiteListing & { adminToken: string }>;
  /** The site's figures over a range (any staff member); with `csv`, the same as a CSV file to save. */
  report(query: ReportQuery): Promise<Report>;
  report(query: ReportQuery, csv: true): Promise<Blob>;
  /**
   * Any other call of the admin API, with the same credentials: `path` is under the API root (`/site`), `body` is
   * sent as JSON. The pages fetched on demand build their calls on it (see `desk-api.ts`), so the shell carries none
   * of them.
   */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** What `updateSettings` may change (each field optional; `null` takes the default). */
export interface SettingsPatch {
  retentionDays?: number | null;
  brandColor?: string | null;
  logoUrl?: string | null;
  require2fa?: boolean;
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
 * The admin API over HTTP, with an API token (only in the `Authorization` header, never in a URL) or the session
 * cookie of a signed-in account (`X-Parley-CSRF` on every change).
 *
 * @example
 * const api = new HttpAdminApi(`${location.origin}/v1/admin`, token);
 * const me = await api.me();
 */
export class HttpAdminApi implements AdminApi {
  readonly #base: string;
  readonly #credential: string | { csrf: string };
  readonly #fetch: Fetch;

  /**
   * @param base - the API root, e.g. `https://chat.example.com/v1/admin` (no trailing slash needed).
   * @param credential - an API token (bearer), or `{ csrf }`: the session cookie (same origin) and its CSRF token.
   * @param fetchImpl - default `globalThis.fetch`.
   */
  constructor(
    base: string,
    credential: string | { csrf: string },
    fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {
    this.#base = base.replace(/\/+$/, '');
    this.#credential = credential;
    this.#fetch = fetchImpl;
  }

  me(): Promise<StaffMe> {
    return this.request('GET', '/me');
  }

  conversations(query: ConversationQuery): Promise<ConversationPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '' && value !== false) params.set(key, String(value));
    }
    const search = params.toString();
    return this.request('GET', `/conversations${search ? `?${search}` : ''}`);
  }

  conversation(id: string): Promise<AdminConversation> {
    return this.request('GET', `/conversations/${encodeURIComponent(id)}`);
  }

  messages(id: string, options: { before?: number; limit?: number } = {}): Promise<MessagePage> {
    const params = new URLSearchParams();
    if (options.before !== undefined) params.set('before', String(options.before));
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const search = params.toString();
    return this.request('GET', `/conversations/${encodeURIComponent(id)}/messages${search ? `?${search}` : ''}`);
  }

  updateConversation(id: string, patch: ConversationPatch): Promise<AdminConversation> {
    return this.request('PATCH', `/conversations/${encodeURIComponent(id)}`, patch);
  }

  async postMessage(
    id: string,
    body: { id: string; text: string; note?: boolean; buttons?: Array<{ label: string }> },
  ): Promise<Message> {
    const answer = await this.request<{ message: Message }>(
      'POST',
      `/conversations/${encodeURIComponent(id)}/messages`,
      body,
    );
    return answer.message;
  }

  async revealEmail(contactId: string): Promise<string> {
    const answer = await this.request<{ email: string }>(
      'POST',
      `/contacts/${encodeURIComponent(contactId)}/reveal`,
      {},
    );
    return answer.email;
  }

  async tokens(): Promise<StaffToken[]> {
    return items(await this.request<{ items: StaffToken[] } | StaffToken[]>('GET', '/tokens'));
  }

  async cannedResponses(): Promise<CannedResponse[]> {
    return items(await this.request<{ items: CannedResponse[] } | CannedResponse[]>('GET', '/canned-responses'));
  }

  createBroadcast(body: { text: string; segment: BroadcastSegment }): Promise<Broadcast> {
    return this.request('POST', '/broadcasts', body);
  }

  async broadcasts(): Promise<Broadcast[]> {
    return (await this.request<{ items: Broadcast[] }>('GET', '/broadcasts')).items;
  }

  broadcast(id: string): Promise<Broadcast> {
    return this.request('GET', `/broadcasts/${encodeURIComponent(id)}`);
  }

  stats(): Promise<Stats> {
    return this.request('GET', '/stats');
  }

  settings(): Promise<SiteSettings> {
    return this.request('GET', '/settings');
  }

  updateSettings(patch: SettingsPatch): Promise<SiteSettings> {
    return this.#call('PATCH', '/settings', patch);
  }

  async webhooks(): Promise<WebhookEndpoint[]> {
    return (await this.request<{ items: WebhookEndpoint[] }>('GET', '/webhooks')).items;
  }

  createWebhook(body: { url: string; events: WebhookSubscription[] }): Promise<WebhookEndpoint & { secret: string }> {
    return this.request('POST', '/webhooks', body);
  }

  updateWebhook(
    id: string,
    patch: { url?: string; events?: WebhookSubscription[]; enabled?: boolean },
  ): Promise<WebhookEndpoint> {
    return this.request('PATCH', `/webhooks/${encodeURIComponent(id)}`, patch);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.request('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  }

  async webhookDeliveries(id: string): Promise<WebhookDelivery[]> {
    return (await this.request<{ items: WebhookDelivery[] }>('GET', `/webhooks/${encodeURIComponent(id)}/deliveries`))
      .items;
  }

  async resendWebhookDelivery(id: string, deliveryId: string): Promise<void> {
    await this.request(
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
    return this.request('GET', `/outbox${search ? `?${search}` : ''}`);
  }

  replayOutbox(id: string): Promise<OutboxJob> {
    return this.request('POST', `/outbox/${encodeURIComponent(id)}/replay`, {});
  }

  notifications(): Promise<NotificationSettings> {
    return this.request('GET', '/me/notifications');
  }

  updateNotifications(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    return this.request('PATCH', '/me/notifications', patch);
  }

  routing(): Promise<RoutingAnswer> {
    return this.request('GET', '/routing');
  }

  saveRouting(settings: RoutingSettings): Promise<{ settings: RoutingSettings; updatedAt: number }> {
    return this.request('PUT', '/routing', settings);
  }

  updateStaffRouting(
    id: string,
    patch: { capacity?: number | null; availability?: Availability },
  ): Promise<RoutingStaff> {
    return this.request('PATCH', `/routing/staff/${encodeURIComponent(id)}`, patch);
  }

  availability(): Promise<RoutingStaff> {
    return this.request('GET', '/me/availability');
  }

  readMentions(conversationId: string): Promise<{ read: number }> {
    return this.#call('POST', '/me/mentions/read', { conversationId });
  }

  pushKey(): Promise<{ publicKey: string; subscriptions: number }> {
    return this.#call('GET', '/me/push');
  }

  subscribePush(subscription: PushSubscriptionBody): Promise<{ subscriptions: number }> {
    return this.#call('POST', '/me/push-subscriptions', subscription);
  }

  unsubscribePush(endpoint: string): Promise<void> {
    // The endpoint is a capability: in the body, never in the URL.
    return this.#call('DELETE', '/me/push-subscriptions', { endpoint });
  }

  setAvailability(availability: Availability): Promise<RoutingStaff> {
    return this.request('PUT', '/me/availability', { availability });
  }

  createTeam(body: { name: string; memberIds: string[] }): Promise<Team> {
    return this.request('POST', '/teams', body);
  }

  saveTeam(id: string, body: { name: string; memberIds: string[] }): Promise<Team> {
    return this.request('PUT', `/teams/${encodeURIComponent(id)}`, body);
  }

  async deleteTeam(id: string): Promise<void> {
    await this.request('DELETE', `/teams/${encodeURIComponent(id)}`);
  }

  attachmentSettings(): Promise<AttachmentSettingsAnswer> {
    return this.request('GET', '/settings/attachments');
  }

  saveAttachmentSettings(settings: AttachmentSettings): Promise<AttachmentSettingsAnswer> {
    return this.request('PUT', '/settings/attachments', settings);
  }

  team(): Promise<TeamAnswer> {
    return this.#call('GET', '/team');
  }

  invite(body: { email: string; role: 'admin' | 'agent'; name?: string }): Promise<CreatedInvitation> {
    return this.#call('POST', '/team/invitations', body);
  }

  revokeInvitation(id: string): Promise<void> {
    return this.#call('DELETE', `/team/invitations/${encodeURIComponent(id)}`);
  }

  updateMember(id: string, patch: { role?: 'admin' | 'agent'; active?: boolean }): Promise<TeamMember> {
    return this.#call('PATCH', `/team/${encodeURIComponent(id)}`, patch);
  }

  memberResetLink(id: string): Promise<{ link: string; expiresAt: number }> {
    return this.#call('POST', `/team/${encodeURIComponent(id)}/reset-link`, {});
  }

  createToken(body: { name: string; scopes: TokenScope[]; expiresAt: number | null }): Promise<CreatedToken> {
    return this.#call('POST', '/tokens', body);
  }

  revokeToken(id: string): Promise<void> {
    return this.#call('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }

  async sites(): Promise<SiteListing[]> {
    return (await this.#call<{ items: SiteListing[] }>('GET', '/sites')).items;
  }

  createSite(body: { name: string; allowedOrigins?: string[] }): Promise<SiteListing & { adminToken: string }> {
    return this.#call('POST', '/sites', body);
  }

  /** See {@link AdminApi.request}. */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#call<T>(method, path, body);
  }

  report(query: ReportQuery): Promise<Report>;
  report(query: ReportQuery, csv: true): Promise<Blob>;
  report(query: ReportQuery, csv?: true): Promise<Report | Blob> {
    // URLSearchParams writes the numbers as they print.
    const search = new URLSearchParams(query as unknown as Record<string, string>);
    return this.#call('GET', `/reports${csv ? '.csv' : ''}?${search}`, undefined, csv);
  }

  /** A request with the credentials; the answer's JSON, or with `blob` its body as a file (errors are JSON either way). */
  async #call<T>(method: string, path: string, body?: unknown, blob?: boolean): Promise<T> {
    const token = this.#credential;
    const headers: Record<string, string> = { accept: 'application/json' };
    // A token in the Authorization header; or the session cookie, with its CSRF token on every change.
    if (typeof token === 'string') headers['authorization'] = `Bearer ${token}`;
    else if (method !== 'GET') headers['x-parley-csrf'] = token.csrf;
    const init: RequestInit = {
      method,
      headers,
      credentials: typeof token === 'string' ? 'omit' : 'same-origin',
      cache: 'no-store',
    };
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
    if (blob && response.ok) return (await response.blob()) as T;
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
