import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import type { AuthApi, AuthSession, InvitationInfo, LoginAnswer, SessionInfo } from '../src/chat-admin/chat-admin.js';

// A fake of the account routes (/v1/auth/*) for <chat-admin>'s tests: one account, a password, a TOTP code.

export const PASSWORD = 'correct horse battery';
export const CODE = '123456';
export const RECOVERY = 'rc-aaaa-bbbb';

/** A refusal as the relay sends it; `retryAfter` seconds for 429 and 423. */
function refusal(code: string, message: string, status: number, retryAfter?: number): AdminApiError {
  return Object.assign(new AdminApiError(code, message, status), { retryAfter });
}

export function session(overrides: Partial<AuthSession> = {}): AuthSession {
  return {
    account: { id: 'acct_1', email: 'ada@example.com', name: 'Ada', totpEnabled: false },
    site: { id: 's1', name: 'Acme Outdoor' },
    role: 'owner',
    sites: [
      { id: 's1', name: 'Acme Outdoor', role: 'owner' },
      { id: 's2', name: 'Acme Kayaks', role: 'agent' },
    ],
    csrfToken: 'csrf_1',
    require2faSetup: false,
    ...overrides,
  };
}

export class FakeAuth implements AuthApi {
  /** The session the cookie holds, or none (signed out). */
  current: AuthSession | undefined;
  /** The account has two-factor sign-in on. */
  totp = false;
  /** The next sign-in is refused with this. */
  refuseNext: AdminApiError | undefined;
  calls: Array<[string, ...unknown[]]> = [];
  invitation: InvitationInfo = {
    email: 'grace@example.com',
    siteName: 'Acme Outdoor',
    role: 'agent',
    accountExists: false,
  };
  sessionList: SessionInfo[] = [
    {
      id: 'sess_1',
      createdAt: 1,
      lastSeenAt: Date.now(),
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      ip: '203.0.113.7',
      current: true,
    },
    {
      id: 'sess_2',
      createdAt: 1,
      lastSeenAt: Date.now() - 3_600_000,
      userAgent: 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0',
      ip: null,
      current: false,
    },
  ];

  static refusal = refusal;

  async session(): Promise<AuthSession> {
    this.calls.push(['session']);
    if (!this.current) throw refusal('unauthorized', 'Sign in first.', 401);
    return structuredClone(this.current);
  }
  async login(email: string, password: string): Promise<LoginAnswer> {
    this.calls.push(['login', email, password]);
    if (this.refuseNext) {
      const error = this.refuseNext;
      this.refuseNext = undefined;
      throw error;
    }
    if (email !== 'ada@example.com' || password !== PASSWORD)
      throw refusal('login_failed', 'Wrong email or password.', 401);
    if (this.totp) return { challenge: 'totp', challengeToken: 'chal_1' };
    return this.#signIn();
  }
  async loginTotp(body: { challengeToken: string; code: string } | { challengeToken: string; recoveryCode: string }) {
    this.calls.push(['loginTotp', structuredClone(body)]);
    const ok =
      body.challengeToken === 'chal_1' && ('code' in body ? body.code === CODE : body.recoveryCode === RECOVERY);
    if (!ok) throw refusal('login_failed', 'Wrong code.', 401);
    return this.#signIn({ account: { ...session().account, totpEnabled: true } });
  }
  #signIn(overrides: Partial<AuthSession> = {}): AuthSession {
    this.current = session(overrides);
    return structuredClone(this.current);
  }
  async logout() {
    this.calls.push(['logout']);
    this.current = undefined;
  }
  async setup(body: { token: string; email: string; name: string; password: string }) {
    this.calls.push(['setup', structuredClone(body)]);
    return this.#signIn({ account: { id: 'acct_1', email: body.email, name: body.name, totpEnabled: false } });
  }
  async inspectSetup(token: string) {
    this.calls.push(['inspectSetup', token]);
    if (token === 'used') throw refusal('link_used', 'This link was used.', 410);
    if (token === 'wrong') throw refusal('not_found', 'No such link.', 404);
    return { siteName: 'Acme Outdoor' };
  }
  async inspectInvitation(token: string) {
    this.calls.push(['inspect', token]);
    if (token === 'used') throw refusal('link_used', 'This link was used.', 410);
    return structuredClone(this.invitation);
  }
  /**
   * The code the relay emailed to the invited address, when it asks for one (a handed-over invitation that takes over
   * an account another site's provider made, issue #80): accepting without it is refused as the relay refuses it.
   */
  mailCode: string | undefined;
  async acceptInvitation(body: { token: string; name?: string; password: string; code?: string }) {
    this.calls.push(['accept', structuredClone(body)]);
    if (this.mailCode !== undefined && body.code === undefined)
      throw refusal(
        'mailbox_code_required',
        `This invitation was handed to you, not emailed, and accepting takes over an existing account: enter the code just emailed to ${this.invitation.email} (it works for 15 minutes).`,
        403,
      );
    if (this.mailCode !== undefined && body.code !== this.mailCode) throw refusal('login_failed', 'Wrong code.', 401);
    return this.#signIn({
      role: this.invitation.role,
      account: { id: 'acct_2', email: this.invitation.email, name: body.name ?? 'Grace', totpEnabled: false },
    });
  }
  async requestPasswordReset(email: string) {
    this.calls.push(['requestReset', email]);
  }
  async resetPassword(token: string, password: string) {
    this.calls.push(['reset', token, password]);
  }
  async switchSite(siteId: string) {
    this.calls.push(['switchSite', siteId]);
    const site = this.current!.sites.find((each) => each.id === siteId)!;
    return this.#signIn({ site: { id: site.id, name: site.name }, role: site.role, csrfToken: 'csrf_2' });
  }
  async sessions() {
    return structuredClone(this.sessionList);
  }
  async revokeSession(id: string) {
    this.calls.push(['revokeSession', id]);
    this.sessionList = this.sessionList.filter((each) => each.id !== id);
  }
  async changePassword(currentPassword: string, newPassword: string) {
    this.calls.push(['changePassword', currentPassword, newPassword]);
    if (currentPassword !== PASSWORD) throw refusal('login_failed', 'Wrong password.', 401);
  }
  async totpSetup() {
    this.calls.push(['totpSetup']);
    return {
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUrl: 'otpauth://totp/Parley:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Parley',
      qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0h2v2H0z"/></svg>',
    };
  }
  recoveryCodes = Array.from({ length: 10 }, (_, i) => `rc-${String(i).padStart(4, '0')}-code`);
  async totpEnable(password: string, code: string) {
    this.calls.push(['totpEnable', password, code]);
    if (password !== PASSWORD) throw refusal('login_failed', 'Wrong password.', 401);
    if (code !== CODE) throw refusal('login_failed', 'Wrong code.', 401);
    if (this.current)
      this.current = {
        ...this.current,
        require2faSetup: false,
        account: { ...this.current.account, totpEnabled: true },
      };
    return { recoveryCodes: [...this.recoveryCodes] };
  }
  async totpDisable(password: string, code: string) {
    this.calls.push(['totpDisable', password, code]);
    if (this.current) this.current = { ...this.current, account: { ...this.current.account, totpEnabled: false } };
  }
  async regenerateRecoveryCodes(password: string, code: string) {
    this.calls.push(['regenerate', password, code]);
    if (password !== PASSWORD) throw refusal('login_failed', 'Wrong password or code.', 401);
    return { recoveryCodes: [...this.recoveryCodes].reverse() };
  }
}
