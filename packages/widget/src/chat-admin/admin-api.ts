import type {
  AdminConversation,
  Availability,
  CannedResponse,
  ConversationPage,
  ConversationPatch,
  ConversationQuery,
  Message,
  MessagePage,
  RoutingAnswer,
  RoutingStaff,
  StaffMe,
  TeamAnswer,
} from './admin-types.js';

/**
 * The calls of the admin API that the inbox's first load makes (sign-in, the list, a conversation, the composer's
 * saved replies, availability, teams and staff to assign to), and {@link AdminApi.request}, on which every page's own
 * client is built (`pages/<page>/<page>-api.ts`, shipped with its chunk); tests pass a fake that implements it.
 */
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
  cannedResponses(): Promise<CannedResponse[]>;
  /** The site's routing and SLA settings, its staff's availability and capacity, its teams. */
  routing(): Promise<RoutingAnswer>;
  /** The signed-in staff member's availability. */
  availability(): Promise<RoutingStaff>;
  setAvailability(availability: Availability): Promise<RoutingStaff>;
  /** Marks my mentions in a conversation read (opening it does). */
  readMentions(conversationId: string): Promise<{ read: number }>;
  /** The site's members and pending invitations (any member). */
  team(): Promise<TeamAnswer>;
  /**
   * Any other call of the admin API, with the same credentials: `path` is under the API root (`/site`), `body` is
   * sent as JSON; with `as: 'blob'` the answer is the body as a file (a CSV export), with `as: 'stream'` the
   * `Response` itself, asked with `Accept: text/event-stream`, for its body to be read as it comes (an error answer
   * still throws). The pages build their calls on it (`pages/<page>/<page>-api.ts`), so the shell carries none of
   * them.
   */
  request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    as?: 'blob' | 'stream',
  ): Promise<T>;
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
/**
 * The signed-in session's CSRF token, asked of the relay (`GET /v1/auth/session` at `url`); '' when it cannot be
 * asked. For a session opened offline from the one kept on the device, which holds no token.
 */
export async function sessionCsrf(
  url = '/v1/auth/session',
  fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
): Promise<string> {
  const session = await fetchImpl(url, { credentials: 'same-origin', cache: 'no-store' })
    .then((response) => response.json() as Promise<{ csrfToken?: unknown }>)
    .catch(() => undefined);
  return typeof session?.csrfToken === 'string' ? session.csrfToken : '';
}

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
  async cannedResponses(): Promise<CannedResponse[]> {
    return items(await this.request<{ items: CannedResponse[] } | CannedResponse[]>('GET', '/canned-responses'));
  }
  routing(): Promise<RoutingAnswer> {
    return this.request('GET', '/routing');
  }
  availability(): Promise<RoutingStaff> {
    return this.request('GET', '/me/availability');
  }
  setAvailability(availability: Availability): Promise<RoutingStaff> {
    return this.request('PUT', '/me/availability', { availability });
  }
  readMentions(conversationId: string): Promise<{ read: number }> {
    return this.#call('POST', '/me/mentions/read', { conversationId });
  }
  team(): Promise<TeamAnswer> {
    return this.#call('GET', '/team');
  }
  /** See {@link AdminApi.request}. */
  request<T>(method: string, path: string, body?: unknown, as?: 'blob' | 'stream'): Promise<T> {
    return this.#call<T>(method, path, body, as);
  }

  /** The session's CSRF token, as the relay says it now ('' when it cannot be asked). */
  #csrf(): Promise<string> {
    return sessionCsrf(this.#base.replace(/\/admin$/, '/auth/session'), this.#fetch);
  }

  /**
   * A request with the credentials; the answer's JSON, with `blob` its body as a file, with `stream` the response
   * (errors are JSON either way).
   */
  async #call<T>(method: string, path: string, body?: unknown, as?: 'blob' | 'stream'): Promise<T> {
    const token = this.#credential;
    const headers: Record<string, string> = { accept: as === 'stream' ? 'text/event-stream' : 'application/json' };
    // A token in the Authorization header; or the session cookie, with its CSRF token on every change.
    if (typeof token === 'string') headers['authorization'] = `Bearer ${token}`;
    // A session opened offline from the one kept on the device has no token (none is kept): the relay's, first.
    else if (method !== 'GET') headers['x-parley-csrf'] = token.csrf ||= await this.#csrf();
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
    if (response.ok && as) return (as === 'stream' ? response : await response.blob()) as T;
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
