import type {
  InvitationAccept,
  InvitationInfo,
  SetupInfo,
  LoginTotpBody,
  RecoveryCodes,
  Session,
  SessionInfo as SessionWire,
  SetupBody,
  TotpChallenge,
  TotpSetup,
} from '@parley/protocol/admin';
import { AdminApiError } from './admin-api.js';

// The answers and bodies of `/v1/auth/*` are the admin API's contract (`@parley/protocol/admin`): types only, so
// the inbox's bundle carries none of it.

/** What an invitation link is for (`POST /v1/auth/invitations/inspect`). */
export type { InvitationInfo, SetupInfo };
/** A two-factor setup in progress: the secret, as a QR code (SVG) and as text. */
export type { TotpSetup };

/** The signed-in account's session, as `GET /v1/auth/session` (and every sign-in) answers it. */
export type AuthSession = Session;

/** A member's role on a site. */
export type MemberRole = Session['role'];

/** A sign-in's answer: signed in, or the second step (a TOTP or recovery code) is due. */
export type LoginAnswer = AuthSession | TotpChallenge;

/**
 * A signed-in session of the account (`GET /v1/auth/sessions`). The relay always sends the browser and the
 * address (an empty string when it had none); the inbox also shows one without them.
 */
export type SessionInfo = Omit<SessionWire, 'userAgent' | 'ip'> & { userAgent: string | null; ip: string | null };

/** The relay's account routes, `/v1/auth/*`, that `<chat-admin>` calls; tests pass a fake. */
export interface AuthApi {
  session(): Promise<AuthSession>;
  login(email: string, password: string): Promise<LoginAnswer>;
  loginTotp(body: LoginTotpBody): Promise<AuthSession>;
  /** Ends the session; `csrf`: its token, when the caller has let go of the session already (the inbox's sign-out). */
  logout(csrf?: string): Promise<void>;
  setup(body: SetupBody): Promise<AuthSession>;
  /** Whether a setup link is usable (404 no such link, 410 used or expired), before its form is filled. */
  inspectSetup(token: string): Promise<SetupInfo>;
  inspectInvitation(token: string): Promise<InvitationInfo>;
  acceptInvitation(body: InvitationAccept): Promise<AuthSession>;
  requestPasswordReset(email: string): Promise<void>;
  resetPassword(token: string, password: string): Promise<void>;
  switchSite(siteId: string): Promise<AuthSession>;
  sessions(): Promise<SessionInfo[]>;
  revokeSession(id: string): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  totpSetup(): Promise<TotpSetup>;
  /** Turns two-factor on: the account's password again, and a code of the new secret. */
  totpEnable(password: string, code: string): Promise<RecoveryCodes>;
  totpDisable(password: string, code: string): Promise<void>;
  /** New recovery codes: the account's password again, and a current code. */
  regenerateRecoveryCodes(password: string, code: string): Promise<RecoveryCodes>;
}

/** A refusal of the account routes; `retryAfter` (seconds) when rate-limited (429) or locked (423). */
export class AuthApiError extends AdminApiError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly retryAfter: number | undefined,
  ) {
    super(code, message, status);
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * `/v1/auth/*` over HTTP, with the session cookie (`credentials: 'same-origin'`). The CSRF token of the last
 * session body is sent in `X-Parley-CSRF` on every POST and DELETE. Tokens of one-time links travel only in
 * bodies, never in a URL.
 *
 * @example
 * const auth = new HttpAuthApi(`${location.origin}/v1/auth`);
 * const session = await auth.session(); // rejects with status 401 when signed out
 */
export class HttpAuthApi implements AuthApi {
  readonly #base: string;
  readonly #fetch: Fetch;
  #csrf = '';
  readonly #currentCsrf: (() => string | undefined) | undefined;

  /**
   * @param csrf - the CSRF token of a session already read (the next session answer replaces it), or where to read
   *   the current session's when a change is sent (the inbox's state: a session it learnt of after this was made,
   *   by the page's first request or a site switch, is the one a sign-out must name).
   */
  constructor(
    base: string,
    fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
    csrf: string | (() => string | undefined) = '',
  ) {
    this.#base = base.replace(/\/+$/, '');
    this.#fetch = fetchImpl;
    if (typeof csrf === 'function') this.#currentCsrf = csrf;
    else this.#csrf = csrf;
  }

  session(): Promise<AuthSession> {
    return this.#call('GET', '/session');
  }
  login(email: string, password: string): Promise<LoginAnswer> {
    return this.#call('POST', '/login', { email, password });
  }
  loginTotp(body: LoginTotpBody): Promise<AuthSession> {
    return this.#call('POST', '/login/totp', body);
  }
  logout(csrf?: string): Promise<void> {
    return this.#call('POST', '/logout', {}, csrf);
  }
  setup(body: SetupBody): Promise<AuthSession> {
    return this.#call('POST', '/setup', body);
  }
  inspectSetup(token: string): Promise<SetupInfo> {
    return this.#call('POST', '/setup/inspect', { token });
  }
  inspectInvitation(token: string): Promise<InvitationInfo> {
    return this.#call('POST', '/invitations/inspect', { token });
  }
  acceptInvitation(body: InvitationAccept): Promise<AuthSession> {
    return this.#call('POST', '/invitations/accept', body);
  }
  requestPasswordReset(email: string): Promise<void> {
    return this.#call('POST', '/password-reset/request', { email });
  }
  resetPassword(token: string, password: string): Promise<void> {
    return this.#call('POST', '/password-reset', { token, password });
  }
  switchSite(siteId: string): Promise<AuthSession> {
    return this.#call('POST', '/site', { siteId });
  }
  async sessions(): Promise<SessionInfo[]> {
    return (await this.#call<{ items: SessionInfo[] }>('GET', '/sessions')).items;
  }
  revokeSession(id: string): Promise<void> {
    return this.#call('DELETE', `/sessions/${encodeURIComponent(id)}`);
  }
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.#call('POST', '/password', { currentPassword, newPassword });
  }
  totpSetup(): Promise<TotpSetup> {
    return this.#call('POST', '/totp/setup', {});
  }
  totpEnable(password: string, code: string): Promise<RecoveryCodes> {
    return this.#call('POST', '/totp/enable', { password, code });
  }
  totpDisable(password: string, code: string): Promise<void> {
    return this.#call('POST', '/totp/disable', { password, code });
  }
  regenerateRecoveryCodes(password: string, code: string): Promise<RecoveryCodes> {
    return this.#call('POST', '/recovery-codes', { password, code });
  }

  async #call<T>(method: string, path: string, body?: unknown, csrf?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    // A session opened offline from the one kept on the device has no token (none is kept): the relay's, first.
    if (method !== 'GET' && !(csrf || this.#currentCsrf?.() || this.#csrf)) await this.session().catch(() => undefined);
    const token = csrf || this.#currentCsrf?.() || this.#csrf;
    if (method !== 'GET' && token) headers['x-parley-csrf'] = token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new AuthApiError('network', error instanceof Error ? error.message : 'Network error', 0, undefined);
    }
    const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = (payload as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const retry = Number(response.headers.get('retry-after'));
      throw new AuthApiError(
        typeof error?.code === 'string' ? error.code : `http_${response.status}`,
        typeof error?.message === 'string' ? error.message : response.statusText || `HTTP ${response.status}`,
        response.status,
        retry > 0 ? retry : undefined,
      );
    }
    const answered = (payload as Partial<AuthSession> | undefined)?.csrfToken;
    if (typeof answered === 'string') this.#csrf = answered;
    return payload as T;
  }
}

/** Whether a sign-in answer asks for the second step. */
export function isChallenge(answer: LoginAnswer): answer is TotpChallenge {
  return 'challenge' in answer;
}
