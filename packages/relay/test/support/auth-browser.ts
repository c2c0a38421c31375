import assert from 'node:assert/strict';
import type { RunningRelay } from '../../src/index.js';
import { TestClient } from './client.js';

/** What {@link Browser.call} answers. */
export interface BrowserAnswer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/**
 * A browser of the inbox: keeps the session cookie and the CSRF token, and sends the relay's own Origin. `headers`
 * go with every request (an `x-forwarded-for` to play another address behind a trusted proxy).
 */
export class Browser {
  cookie: string | undefined;
  csrf: string | undefined;
  lastSetCookie: string | null = null;

  constructor(
    private readonly relay: RunningRelay,
    readonly origin: string = relay.httpUrl,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: string | null; origin?: string | null } = {},
  ): Promise<BrowserAnswer> {
    const headers: Record<string, string> = { ...this.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (origin !== null) headers.origin = origin;
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf && method !== 'GET') headers['x-parley-csrf'] = csrf;
    const response = await fetch(`${this.relay.httpUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    this.lastSetCookie = response.headers.get('set-cookie');
    const match = /^(__Host-parley_session=[^;]*)/.exec(this.lastSetCookie ?? '');
    if (match) this.cookie = match[1]!.endsWith('=') ? undefined : match[1];
    const text = await response.text();
    const parsed = text === '' ? undefined : (JSON.parse(text) as { csrfToken?: string });
    if (parsed && typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** A staff WebSocket authenticated by this browser's cookie. */
  socket(origin = this.origin, headers: Record<string, string> = {}): Promise<TestClient> {
    return TestClient.open(this.relay.wsUrl, {
      protocol: 'parley.v3',
      origin,
      headers: { ...headers, ...(this.cookie ? { cookie: this.cookie } : {}) },
    });
  }
}

/** The token in a one-time link's fragment (`#setup=…`, `#invite=…`, `#reset=…`). */
export function fragmentToken(link: string, name: string): string {
  const match = new RegExp(`#${name}=([A-Za-z0-9_-]+)$`).exec(link);
  assert.ok(match, `a #${name}= link: ${link}`);
  return match[1]!;
}

/**
 * The relay's first owner (owner@example.com, "Owner"), made through its setup link as a person would: resolves with
 * their browser, signed in. `setupLink`: the relay's own, unless another relay of the same store made a newer one.
 */
export async function setUpOwner(relay: RunningRelay, setupLink = relay.setupLink): Promise<Browser> {
  const owner = new Browser(relay);
  const setup = await owner.call('POST', '/v1/auth/setup', {
    token: fragmentToken(setupLink!, 'setup'),
    email: 'owner@example.com',
    name: 'Owner',
    password: 'owner password 12',
  });
  assert.equal(setup.status, 200, JSON.stringify(setup.body));
  return owner;
}

/**
 * Invites `email` as `role` to the site `by` is signed in on, accepts the invitation in a new browser, and resolves
 * with that browser, signed in as the new member.
 */
export async function invite(
  relay: RunningRelay,
  by: Browser,
  role: 'admin' | 'agent',
  email: string,
  password = 'a long enough password',
): Promise<Browser> {
  const sent = await by.call('POST', '/v1/admin/team/invitations', { email, role });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const browser = new Browser(relay);
  const accepted = await browser.call('POST', '/v1/auth/invitations/accept', {
    token: fragmentToken(sent.body.link, 'invite'),
    name: email.split('@')[0],
    password,
  });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  return browser;
}
