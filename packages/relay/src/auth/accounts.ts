import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { DeepReadonly, Session, TotpSetup } from '@parley/protocol/admin';
import type { Account, AuthLink, AuthSession, Membership, ThrottleKey } from '../store/account-store.js';
import type { Repositories } from '../store/repositories.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import { DEFAULT_SITE_ID, type Site, type Staff, type StaffRole, type Store } from '../store/store.js';
import { AccountError } from './account-error.js';
import { proveMailboxByCode, type InvitationCodeMailer, type MailboxProof } from './invitation-code.js';
import { LINK_TTL_MS } from './link-ttl.js';
import { hashToken, randomId, randomToken } from './tokens.js';

export { AccountError, LINK_TTL_MS };

/** The session cookie's name: `__Host-` makes browsers require Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = '__Host-parley_session';

/** How long a session lives without use, and at most. */
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
/** A session's `lastSeenAt` is written at most this often (a write per request would be one too many). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Failed sign-ins in a row of one email (an account's or not) from one client address, after which that pair
 * waits, and for how long. Never the account for everyone: a stranger cannot lock its owner out (issue #33).
 */
export const MAX_LOGIN_FAILURES = 10;
export const THROTTLE_MS = 15 * 60_000;

/** How long the audit log keeps failed sign-ins (their client address): as long as a session lives at most. */
export const FAILED_LOGIN_AUDIT_MS = 30 * 24 * 3600_000;

/** What a throttled sign-in answers, for an account's email and any other alike. */
const THROTTLED = 'Too many failed sign-ins from this address; wait before trying again.';

/** Recovery codes made at once. */
const RECOVERY_CODES = 10;

/** Argon2id's cost: OWASP's minimum (19 MiB, 2 passes, 1 lane), @node-rs/argon2's defaults. */
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Why a request's credentials grant nothing. */
export type AuthRefusal = 'unauthorized' | 'token_expired';

/** A browser signed in: its session, the account, and the member on the session's current site. */
export interface SignedIn {
  readonly session: AuthSession;
  readonly account: Account;
  readonly staff: Staff;
  readonly site: Site;
  /** The current site requires two-factor authentication and the account has none: only `/v1/auth/*` answers. */
  readonly require2faSetup: boolean;
  /**
   * The current site requires two-factor authentication, the account has it, and this session was made without the
   * code (an invitation accepted, a setup, a session from before sessions recorded it): only `/v1/auth/*` answers
   * until the person signs in again with the code.
   */
  readonly require2faCode: boolean;
}

/** What the admin API, the socket and files say to a session held back by {@link SignedIn.require2faCode}. */
export const SECOND_FACTOR_MISSING =
  'This site requires two-factor authentication, and this session was opened without your code: sign in again with it.';

/** The session body every cookie-issuing route answers with (see docs/accounts.md): the contract's `Session`. */
export type SessionBody = DeepReadonly<Session>;

/**
 * A rule a feature adds to how accounts sign in (single sign-on: `sso/`), asked by {@link Accounts} without it
 * importing the feature.
 */
export interface SignInPolicy {
  /**
   * Whether a password may open a session for this account on these sites (asked once the password proved right,
   * so a refusal tells nothing to who does not know it): a reason to refuse, or `undefined`.
   */
  passwordRefusal(accountId: string | undefined, siteIds: readonly string[], now: number): Promise<string | undefined>;
  /** Whether this session's second factor is another's business (an identity provider's), not the site's rule. */
  secondFactorWaived(session: AuthSession): Promise<boolean>;
  /**
   * Why this session may not move to `siteId` (`POST /v1/auth/site`): the target's own sign-in rules, which a session
   * opened elsewhere did not meet. `undefined`: it may.
   */
  switchRefusal?(
    session: AuthSession,
    siteId: string,
    now: number,
  ): Promise<{ readonly code: 'sso_required' | 'forbidden'; readonly message: string } | undefined>;
  /**
   * The mailbox's owner took the account over: a password reset link, or an invitation to `siteId`, both sent to
   * its email. What other sites arranged for the account without that proof ends here.
   */
  mailboxProven?(
    accountId: string,
    siteId: string | null,
    reason: 'password_reset' | 'invitation',
    now: number,
  ): Promise<void>;
  /**
   * Whether {@link mailboxProven} for `siteId` would end something other sites arranged for the account (identities
   * their providers linked: a just-in-time account of another site's provider). Accepting an invitation whose link
   * was handed over, not emailed, proves nothing of the mailbox: the relay then asks for a code emailed to it.
   */
  mailboxStake?(accountId: string, siteId: string): Promise<boolean>;
}

/** What the relay knows of the browser a session is made for. */
export interface ClientMeta {
  readonly ip: string;
  readonly userAgent: string;
}

/** A new session: the cookie's value (secret; only its hash is stored) and the row. */
export interface NewSession {
  readonly secret: string;
  readonly session: AuthSession;
}

/** An invitation accepted: the new session, and how the invited address's mailbox was proven. */
export interface AcceptedAccount extends NewSession {
  readonly mailboxProof: MailboxProof;
}

/** What a login's first step came to. */
export type LoginStep =
  | { readonly kind: 'session'; readonly session: NewSession }
  | { readonly kind: 'totp'; readonly challengeToken: string };

/** The repositories {@link Accounts} uses: accounts, the audit log, and the site's settings (two-factor rule). */
export type AccountRepos = Pick<Repositories, 'accounts' | 'audit' | 'retention'>;

/** Options of {@link Accounts}. */
export interface AccountsOptions {
  readonly repos: AccountRepos;
  /** The message store (sites). */
  readonly store: Store;
  /** Seals TOTP secrets with the relay's data key. */
  readonly sealer: SecretSealer;
  /** The issuer authenticator apps show. Default `Parley`. */
  readonly issuer?: string;
}

/** A password's shape: 10–256 characters, not the account's email. */
export function checkPassword(password: string, email: string): void {
  const length = [...password].length;
  if (length < 10 || length > 256 || password.trim().toLowerCase() === email.trim().toLowerCase())
    throw new AccountError('weak_password');
}

/** Normalises a recovery code as typed (`abcd-efgh-…`, any case, spaces) before hashing it. */
function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

/** Ten new recovery codes: `xxxxx-xxxxx` of base32 lower-case letters and digits (50 bits each). */
function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The cookie that carries a new session. */
export function sessionCookie(secret: string): string {
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${SESSION_ABSOLUTE_MS / 1000}`;
}

/** The cookie that removes the session from the browser. */
export const CLEARED_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;

/** The session cookie's value in a `Cookie` header, if any. */
export function sessionSecret(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * Staff accounts (issue #19): passwords (Argon2id), TOTP two-factor with recovery codes, sessions, one-time links
 * (setup, invitation, reset), and the lockout. The HTTP routes (`admin-api/auth-api.ts`, `admin/team/team-routes.ts`), the
 * admin API's authentication and the WebSocket's session hello all go through it.
 */
export class Accounts {
  readonly repos: AccountRepos;
  readonly #store: Store;
  readonly #sealer: SecretSealer;
  readonly #issuer: string;
  #dummyHash: Promise<string> | undefined;
  #prunedAt = 0;
  readonly #policies: SignInPolicy[] = [];

  constructor(options: AccountsOptions) {
    this.repos = options.repos;
    this.#store = options.store;
    this.#sealer = options.sealer;
    this.#issuer = options.issuer ?? 'Parley';
  }

  /** Adds a rule to how accounts sign in (a feature, when it is made). */
  addSignInPolicy(policy: SignInPolicy): void {
    this.#policies.push(policy);
  }

  /**
   * Throws when `session` may not move to `siteId`: a rule refuses it (its own sign-in rules were not met), or the
   * site requires two-factor and the session was made without the account's code.
   */
  async checkSwitch(session: AuthSession, siteId: string, now: number): Promise<void> {
    for (const policy of this.#policies) {
      const refusal = await policy.switchRefusal?.(session, siteId, now);
      if (refusal) throw new AccountError(refusal.code, refusal.message);
    }
    const [account, settings] = await Promise.all([
      this.repos.accounts.getAccount(session.accountId),
      this.repos.retention.getSettings(siteId),
    ]);
    if (account && (await this.#codeMissing({ ...session, siteId }, account, settings.require2fa)))
      throw new AccountError(
        '2fa_required',
        'That site requires two-factor authentication, and this session was opened without your code: sign in again with it, then switch.',
      );
  }

  /**
   * Whether the site `session` is on requires two-factor the account has but the session was made without: the rule
   * is the site's, so the account having TOTP set up is not enough (issue #80). A provider's own session is its
   * provider's business there.
   */
  async #codeMissing(session: AuthSession, account: Account, require2fa: boolean): Promise<boolean> {
    if (!require2fa || account.totpEnabledAt === null || session.secondFactorAt !== null) return false;
    for (const policy of this.#policies) if (await policy.secondFactorWaived(session)) return false;
    return true;
  }

  /** Tells the rules that the mailbox's owner took the account over (see {@link SignInPolicy.mailboxProven}). */
  async #mailboxProven(
    accountId: string,
    siteId: string | null,
    reason: 'password_reset' | 'invitation',
    now: number,
  ): Promise<void> {
    for (const policy of this.#policies) await policy.mailboxProven?.(accountId, siteId, reason, now);
  }

  /** Whether proving the mailbox would end what another site arranged for the account (see the policy's hook). */
  async #mailboxAtStake(accountId: string, siteId: string): Promise<boolean> {
    for (const policy of this.#policies) if (await policy.mailboxStake?.(accountId, siteId)) return true;
    return false;
  }

  /** Whether a rule refuses passwords for this account on these sites. */
  async #passwordRefused(accountId: string, siteIds: readonly string[], now: number): Promise<boolean> {
    for (const policy of this.#policies)
      if ((await policy.passwordRefusal(accountId, siteIds, now)) !== undefined) return true;
    return false;
  }

  /** Throws `sso_required` when a rule refuses passwords for this account (or an invitation's site). */
  async #checkPasswordAllowed(accountId: string | undefined, siteIds: readonly string[], now: number): Promise<void> {
    for (const policy of this.#policies) {
      const reason = await policy.passwordRefusal(accountId, siteIds, now);
      if (reason !== undefined) throw new AccountError('sso_required', reason);
    }
  }

  // ---- passwords -------------------------------------------------------------------------------------------

  hashPassword(password: string): Promise<string> {
    return argon2Hash(password, argon2Options);
  }

  async verifyPassword(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await argon2Verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time a real verification takes, so that an unknown email answers as slowly as a wrong password. */
  async verifyDummy(password: string): Promise<void> {
    this.#dummyHash ??= this.hashPassword(randomBytes(16).toString('base64url'));
    await this.verifyPassword(await this.#dummyHash, password);
  }

  // ---- login -------------------------------------------------------------------------------------------------

  /** The throttle's key of a sign-in: the email as typed and the client's address. */
  #throttleKey(email: string, meta: ClientMeta): ThrottleKey {
    return { email: email.trim().toLowerCase(), address: meta.ip };
  }

  /** Throws `rate_limited` while this email waits at this address; the same for an unknown email. */
  async #checkThrottle(key: ThrottleKey, now: number): Promise<void> {
    const until = await this.repos.accounts.loginBlockedUntil(key, now);
    if (until !== null) throw new AccountError('rate_limited', THROTTLED, until);
  }

  /**
   * A login's first step: the password. Unknown emails and wrong passwords answer alike (`login_failed`, after an
   * Argon2 verification either way, and `rate_limited` at the same failure); the `MAX_LOGIN_FAILURES`-th failure
   * in a row of the email at the client's address makes that pair wait `THROTTLE_MS`. Other addresses are not
   * affected.
   */
  async login(email: string, password: string, meta: ClientMeta, now: number): Promise<LoginStep> {
    const key = this.#throttleKey(email, meta);
    await this.#checkThrottle(key, now);
    const account = await this.repos.accounts.findAccountByEmail(key.email);
    if (!account) {
      await this.verifyDummy(password);
      return this.#failed(key, undefined, meta, now, 'password');
    }
    if (!(await this.verifyPassword(account.passwordHash, password)))
      await this.#failed(key, account, meta, now, 'password');
    const sites = (await this.repos.accounts.memberships(account.id))
      .filter((m) => m.deactivatedAt === null)
      .map((m) => m.siteId);
    // The session opens on a site whose rules take a password: one site requiring its provider does not lock the
    // account out of its other sites (another site's admin decides nothing here), and the session never moves
    // there (`checkSwitch`).
    let siteId: string | undefined;
    for (const site of sites)
      if (!(await this.#passwordRefused(account.id, [site], now))) {
        siteId = site;
        break;
      }
    if (siteId === undefined) await this.#checkPasswordAllowed(account.id, sites, now);
    if (account.totpEnabledAt !== null && account.totpSecret !== null) {
      const challengeToken = randomToken('lc', 24);
      await this.repos.accounts.createAuthLink(
        this.#link('login', challengeToken, now, { accountId: account.id, ...(siteId ? { siteId } : {}) }),
      );
      return { kind: 'totp', challengeToken };
    }
    const session = await this.startSession(account, meta, now, siteId);
    await this.repos.accounts.clearLoginFailures(key.email, key.address);
    return { kind: 'session', session };
  }

  /**
   * Proves an account's password (and its two-factor code, when it has two-factor on) without signing in: linking a
   * provider's identity to the account of its email. Throttled and audited as a sign-in is: a wrong password or code
   * counts as a failed sign-in of the email at the client's address.
   */
  async proveAccount(
    account: Account,
    proof: { readonly password: string; readonly code?: string | undefined },
    meta: ClientMeta,
    now: number,
  ): Promise<void> {
    const key = this.#throttleKey(account.email, meta);
    await this.#checkThrottle(key, now);
    if (!(await this.verifyPassword(account.passwordHash, proof.password)))
      await this.#failed(key, account, meta, now, 'password');
    if (account.totpEnabledAt !== null && !(await this.#checkTotp(account, proof.code ?? '', now)))
      await this.#failed(key, account, meta, now, 'totp');
    await this.repos.accounts.clearLoginFailures(key.email, key.address);
  }

  /** A login's second step: a TOTP code or an unused recovery code, against the challenge of the first. */
  async loginSecondStep(
    challengeToken: string,
    proof: { code?: string | undefined; recoveryCode?: string | undefined },
    meta: ClientMeta,
    now: number,
  ): Promise<NewSession> {
    const wrong = (): AccountError => new AccountError('login_failed', 'Wrong code.');
    const link = await this.repos.accounts.findAuthLink(hashToken(challengeToken));
    if (!link || link.kind !== 'login' || link.usedAt !== null || link.expiresAt <= now || link.accountId === null)
      throw wrong();
    const account = await this.repos.accounts.getAccount(link.accountId);
    if (!account) throw wrong();
    const key = this.#throttleKey(account.email, meta);
    await this.#checkThrottle(key, now);
    let ok = false;
    if (proof.code !== undefined) ok = await this.#checkTotp(account, proof.code, now);
    else if (proof.recoveryCode !== undefined)
      ok = await this.repos.accounts.useRecoveryCode(
        account.id,
        hashToken(normalizeRecoveryCode(proof.recoveryCode)),
        now,
      );
    if (!ok) await this.#failed(key, account, meta, now, proof.code !== undefined ? 'totp' : 'recovery_code');
    const used = await this.repos.accounts.useAuthLink(link.tokenHash, now);
    if (!used.ok) throw wrong();
    // On the site the first step chose (one whose rules take a password).
    const session = await this.startSession(account, meta, now, link.siteId ?? undefined, { secondFactor: true });
    await this.repos.accounts.clearLoginFailures(key.email, key.address);
    return session;
  }

  /**
   * A failed sign-in: counted for the pair, and written to the audit log — of every site of the account, or of
   * the default site for an email no account has — with the client's address (never what was typed).
   */
  async #failed(
    key: ThrottleKey,
    account: Account | undefined,
    meta: ClientMeta,
    now: number,
    method: string,
  ): Promise<never> {
    const { blockedUntil } = await this.repos.accounts.recordLoginFailure(key, now, MAX_LOGIN_FAILURES, THROTTLE_MS);
    const sites = account
      ? (await this.repos.accounts.memberships(account.id)).map((m) => m.siteId)
      : [DEFAULT_SITE_ID];
    for (const siteId of sites)
      await this.repos.audit.appendAudit({
        siteId,
        at: now,
        actorId: 'anonymous',
        actorName: 'Failed sign-in',
        action: 'account.login_failed',
        targetType: 'account',
        targetId: account?.id ?? '',
        details: { ip: meta.ip, method, ...(account ? {} : { unknownEmail: true }) },
      });
    this.#prune(now);
    if (blockedUntil !== null && blockedUntil > now) throw new AccountError('rate_limited', THROTTLED, blockedUntil);
    throw new AccountError('login_failed', method === 'password' ? undefined : 'Wrong code.');
  }

  /** Ended sessions, spent links, old throttle counts and failed sign-ins go, checked at most hourly. */
  #prune(now: number): void {
    if (now - this.#prunedAt <= 3600_000) return;
    this.#prunedAt = now;
    this.repos.accounts.pruneAuthLinks(now - 24 * 3600_000).catch(() => undefined);
    this.repos.audit.pruneAudit('account.login_failed', now - FAILED_LOGIN_AUDIT_MS).catch(() => undefined);
  }

  /** Verifies a TOTP code (±1 step) and uses its time step, so a code works once. */
  async #checkTotp(account: Account, code: string, now: number): Promise<boolean> {
    if (account.totpSecret === null || !/^\d{6}$/.test(code.trim())) return false;
    return this.#checkCode(account.id, this.#sealer.open(account.totpSecret), code.trim(), now);
  }

  async #checkCode(accountId: string, secret: string, code: string, now: number): Promise<boolean> {
    const result = await verifyTotp({ secret, token: code, epoch: Math.floor(now / 1000), epochTolerance: 30 });
    if (!result.valid || !('timeStep' in result)) return false;
    return this.repos.accounts.useTotpStep(accountId, result.timeStep);
  }

  // ---- sessions ----------------------------------------------------------------------------------------------

  /**
   * Opens a session on `siteId` (the account's first active membership without it). `secondFactor`: the caller
   * checked the account's TOTP or recovery code for it (default: not, and a site requiring two-factor holds it back).
   */
  async startSession(
    account: Account,
    meta: ClientMeta,
    now: number,
    siteId?: string,
    options: { readonly secondFactor?: boolean } = {},
  ): Promise<NewSession> {
    const active = (await this.repos.accounts.memberships(account.id)).filter((m) => m.deactivatedAt === null);
    const membership = active.find((m) => m.siteId === siteId) ?? active[0];
    // An account with no site left signs in to nothing: the same answer as a wrong password.
    if (!membership) throw new AccountError('login_failed');
    const secret = randomToken('ps', 32);
    const session: AuthSession = {
      id: randomId('sess'),
      accountId: account.id,
      siteId: membership.siteId,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + SESSION_IDLE_MS, now + SESSION_ABSOLUTE_MS),
      userAgent: meta.userAgent.slice(0, 256),
      ip: meta.ip,
      revokedAt: null,
      secondFactorAt: options.secondFactor === true ? now : null,
    };
    await this.repos.accounts.createSession(session, hashToken(secret));
    // Ended sessions and spent links go a day after they end, on sign-ins.
    this.#prune(now);
    return { secret, session };
  }

  /**
   * The signed-in browser behind a session cookie's value: the session (live, not revoked), the account, and the
   * active member on its current site. Moves the idle expiry (at most once a minute). `undefined`: no session.
   */
  async resolve(secret: string, now: number): Promise<SignedIn | undefined> {
    const session = await this.repos.accounts.findSession(hashToken(secret));
    if (!session || session.revokedAt !== null || session.expiresAt <= now) return undefined;
    return this.resolveSession(session, now);
  }

  /** As {@link resolve}, from a session row. */
  async resolveSession(session: AuthSession, now: number): Promise<SignedIn | undefined> {
    const [account, staff, site, settings] = await Promise.all([
      this.repos.accounts.getAccount(session.accountId),
      this.repos.accounts.memberOf(session.accountId, session.siteId),
      this.#store.getSite(session.siteId),
      this.repos.retention.getSettings(session.siteId),
    ]);
    if (!account || !staff || staff.deactivatedAt != null || !site) return undefined;
    let require2faSetup = settings.require2fa && account.totpEnabledAt === null;
    for (const policy of this.#policies)
      if (require2faSetup && (await policy.secondFactorWaived(session))) require2faSetup = false;
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      const expiresAt = Math.min(now + SESSION_IDLE_MS, session.createdAt + SESSION_ABSOLUTE_MS);
      await this.repos.accounts.touchSession(session.id, now, expiresAt);
      session = { ...session, lastSeenAt: now, expiresAt };
    }
    const require2faCode = await this.#codeMissing(session, account, settings.require2fa);
    return { session, account, staff, site, require2faSetup, require2faCode };
  }

  /** The body of `GET /v1/auth/session` and of every route that signs in. */
  async sessionBody(signedIn: SignedIn): Promise<SessionBody> {
    const { account, site, staff, session } = signedIn;
    const memberships = await this.repos.accounts.memberships(account.id);
    return {
      account: {
        id: account.id,
        email: account.email,
        name: account.name,
        totpEnabled: account.totpEnabledAt !== null,
      },
      site: { id: site.id, name: site.name },
      role: staff.role,
      sites: memberships
        .filter((m) => m.deactivatedAt === null)
        .map((m: Membership) => ({ id: m.siteId, name: m.siteName, role: m.role })),
      csrfToken: session.csrfToken,
      require2faSetup: signedIn.require2faSetup,
      require2faCode: signedIn.require2faCode,
    };
  }

  /** The session body of a session just made. */
  async newSessionBody(made: NewSession, now: number): Promise<SessionBody> {
    const signedIn = await this.resolveSession(made.session, now);
    if (!signedIn) throw new AccountError('login_failed');
    return this.sessionBody(signedIn);
  }

  // ---- two-factor ----------------------------------------------------------------------------------------------

  /** Starts (or restarts) setting up TOTP: a new secret, pending until a code confirms it. */
  async totpSetup(account: Account, now: number): Promise<TotpSetup> {
    const secret = generateSecret();
    await this.repos.accounts.updateAccount(account.id, { totpPending: this.#sealer.seal(secret) }, now);
    const otpauthUrl = generateURI({ issuer: this.#issuer, label: account.email, secret });
    const { default: QRCode } = await import('qrcode');
    const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return { secret, otpauthUrl, qrSvg };
  }

  /**
   * Confirms the pending secret with a code: two-factor is on, and ten recovery codes are made (shown once). The
   * session it was turned on in (`sessionId`) gave the code: a site that requires two-factor takes it from now.
   */
  async totpEnable(account: Account, code: string, now: number, sessionId?: string): Promise<string[]> {
    if (account.totpPending === null) throw new AccountError('conflict', 'Set up two-factor authentication first.');
    const secret = this.#sealer.open(account.totpPending);
    await this.repos.accounts.updateAccount(account.id, { resetTotpStep: true }, now);
    if (!/^\d{6}$/.test(code.trim()) || !(await this.#checkCode(account.id, secret, code.trim(), now)))
      throw new AccountError('login_failed', 'Wrong code.');
    const codes = newRecoveryCodes();
    await this.repos.accounts.updateAccount(
      account.id,
      {
        totpSecret: this.#sealer.seal(secret),
        totpPending: null,
        totpEnabledAt: now,
        recoveryCodes: codes.map((c) => hashToken(normalizeRecoveryCode(c))),
      },
      now,
    );
    if (sessionId !== undefined) await this.repos.accounts.markSecondFactor(sessionId, now);
    return codes;
  }

  /** Checks a current TOTP code of the account (used once). */
  async checkCode(account: Account, code: string, now: number): Promise<boolean> {
    return this.#checkTotp(account, code, now);
  }

  /** Turns two-factor off; refused while a site of the account requires it. */
  async totpDisable(account: Account, now: number): Promise<void> {
    for (const membership of await this.repos.accounts.memberships(account.id)) {
      if (membership.deactivatedAt !== null) continue;
      if ((await this.repos.retention.getSettings(membership.siteId)).require2fa)
        throw new AccountError('2fa_required', `${membership.siteName} requires two-factor authentication.`);
    }
    await this.repos.accounts.updateAccount(
      account.id,
      { totpSecret: null, totpPending: null, totpEnabledAt: null, recoveryCodes: [], resetTotpStep: true },
      now,
    );
  }

  /** Replaces the recovery codes (the old ones stop working). */
  async newRecoveryCodes(account: Account, now: number): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.repos.accounts.updateAccount(
      account.id,
      { recoveryCodes: codes.map((c) => hashToken(normalizeRecoveryCode(c))) },
      now,
    );
    return codes;
  }

  // ---- one-time links ------------------------------------------------------------------------------------------

  #link(
    kind: AuthLink['kind'],
    token: string,
    now: number,
    fields: Partial<Pick<AuthLink, 'siteId' | 'accountId' | 'email' | 'name' | 'role' | 'createdBy'>>,
  ): AuthLink {
    return {
      id: randomId(kind === 'invite' ? 'inv' : 'link'),
      tokenHash: hashToken(token),
      kind,
      siteId: fields.siteId ?? null,
      accountId: fields.accountId ?? null,
      email: fields.email ?? null,
      name: fields.name ?? null,
      role: fields.role ?? null,
      createdBy: fields.createdBy ?? null,
      createdAt: now,
      expiresAt: now + LINK_TTL_MS[kind],
      usedAt: null,
    };
  }

  /** The first start's setup link for `siteId` (a new one replaces any unused one). Resolves its token. */
  async createSetupLink(siteId: string, now: number): Promise<string> {
    const token = randomToken('ls', 24);
    await this.repos.accounts.createAuthLink(this.#link('setup', token, now, { siteId, role: 'owner' }), true);
    return token;
  }

  /** An invitation to a site. Resolves its token and row. */
  async createInvitation(
    siteId: string,
    fields: { email: string; role: StaffRole; name?: string | undefined; createdBy: string },
    now: number,
  ): Promise<{ token: string; link: AuthLink }> {
    const token = randomToken('li', 24);
    const link = this.#link('invite', token, now, { siteId, ...fields, email: fields.email.toLowerCase() });
    await this.repos.accounts.createAuthLink(link);
    return { token, link };
  }

  /** A password reset link for an account. Resolves its token and row. */
  async createResetLink(
    accountId: string,
    fields: { siteId?: string | undefined; createdBy?: string | undefined },
    now: number,
  ): Promise<{ token: string; link: AuthLink }> {
    const token = randomToken('lr', 24);
    const link = this.#link('reset', token, now, { accountId, ...fields });
    await this.repos.accounts.createAuthLink(link);
    return { token, link };
  }

  /** A usable link of `kind` by its token, or the reason it is not. */
  async inspectLink(token: string, kind: AuthLink['kind'], now: number): Promise<AuthLink> {
    const link = await this.repos.accounts.findAuthLink(hashToken(token));
    if (!link || link.kind !== kind) throw new AccountError('not_found', 'No such link.');
    if (link.usedAt !== null) throw new AccountError('link_used');
    if (link.expiresAt <= now) throw new AccountError('link_expired');
    return link;
  }

  /** The first owner: the setup link's site, a new account, a session. */
  async setup(
    token: string,
    fields: { email: string; name: string; password: string },
    meta: ClientMeta,
    now: number,
  ): Promise<NewSession> {
    const link = await this.inspectLink(token, 'setup', now);
    checkPassword(fields.password, fields.email);
    const account = this.#newAccount(fields.email, fields.name, await this.hashPassword(fields.password), now);
    const member = this.#newMember(account, link.siteId ?? '', 'owner', now);
    const done = await this.repos.accounts.completeSetup(hashToken(token), account, member, now);
    if (!done.ok) throw this.#linkRefusal(done.reason);
    return this.startSession(account, meta, now, member.siteId);
  }

  /**
   * Accepts an invitation: a new account (the invitation's email, `name`, `password`), or a new membership for the
   * existing account of that email when `password` is its password. Accepting proves the mailbox (the account's
   * owner takes it over: {@link SignInPolicy.mailboxProven}) when the link was emailed to it; a handed-over link
   * proves nothing, so where that proof would end what other sites arranged for the account, the code `mailer`
   * emails to the address must be given too ({@link proveMailboxByCode}), and otherwise nothing is claimed.
   */
  async acceptInvitation(
    token: string,
    fields: { name?: string | undefined; password: string; code?: string | undefined },
    meta: ClientMeta,
    now: number,
    mailer?: InvitationCodeMailer,
  ): Promise<AcceptedAccount> {
    const link = await this.inspectLink(token, 'invite', now);
    const email = link.email ?? '';
    const siteId = link.siteId ?? '';
    const existing = await this.repos.accounts.findAccountByEmail(email);
    // A site that signs in through its provider takes its people through it (just in time), not a password.
    await this.#checkPasswordAllowed(existing?.id, [siteId], now);
    let account: Account;
    let created: Account | undefined;
    let proof: MailboxProof = link.mailedAt == null ? 'none' : 'link';
    if (existing) {
      const key = this.#throttleKey(existing.email, meta);
      await this.#checkThrottle(key, now);
      if (!(await this.verifyPassword(existing.passwordHash, fields.password)))
        await this.#failed(key, existing, meta, now, 'password');
      await this.repos.accounts.clearLoginFailures(key.email, key.address);
      account = existing;
      if (link.mailedAt == null && (await this.#mailboxAtStake(existing.id, siteId))) {
        await proveMailboxByCode(this.repos.accounts, link, fields.code, mailer, now);
        proof = 'code';
      }
    } else {
      checkPassword(fields.password, email);
      const name = fields.name?.trim() || link.name || email.split('@')[0] || email;
      created = account = this.#newAccount(email, name, await this.hashPassword(fields.password), now);
    }
    const member = this.#newMember(account, siteId, link.role === 'admin' ? 'admin' : 'agent', now);
    const done = await this.repos.accounts.acceptInvitation(hashToken(token), created, member, now);
    if (!done.ok)
      throw done.reason === 'conflict'
        ? new AccountError('conflict', 'This account is a member of that site already.')
        : this.#linkRefusal(done.reason);
    if (proof !== 'none') await this.#mailboxProven(account.id, siteId, 'invitation', now);
    return { ...(await this.startSession(account, meta, now, siteId)), mailboxProof: proof };
  }

  /**
   * Stores a new password hash, and ends what the old password started: sign-in challenges waiting for their
   * second factor, and reset links made before (issue #33). The throttle's counts of the email go too, from every
   * address. The caller revokes the sessions it means to end.
   */
  async setPasswordHash(account: Account, passwordHash: string, now: number): Promise<void> {
    await this.repos.accounts.updateAccount(account.id, { passwordHash }, now);
    await this.repos.accounts.spendAuthLinks(account.id, ['login', 'reset'], now);
    await this.repos.accounts.clearLoginFailures(account.email);
  }

  /**
   * Sets a new password with a reset link; every session of the account ends. Resolves the account, the link and
   * the sessions revoked.
   */
  async resetPassword(
    token: string,
    password: string,
    now: number,
  ): Promise<{ account: Account; link: AuthLink; revoked: string[] }> {
    const link = await this.inspectLink(token, 'reset', now);
    const account = link.accountId === null ? undefined : await this.repos.accounts.getAccount(link.accountId);
    if (!account) throw new AccountError('not_found', 'No such link.');
    checkPassword(password, account.email);
    const passwordHash = await this.hashPassword(password);
    const used = await this.repos.accounts.useAuthLink(link.tokenHash, now);
    if (!used.ok) throw this.#linkRefusal(used.reason);
    await this.setPasswordHash(account, passwordHash, now);
    const revoked = await this.repos.accounts.revokeSessions(account.id, now);
    await this.#mailboxProven(account.id, link.siteId, 'password_reset', now);
    return { account, link, revoked };
  }

  /**
   * Makes `account` (or a new account of `fresh`'s email and name, with an unusable password) a member of `siteId`
   * with `role`, in one transaction, for single sign-on's just-in-time members. Resolves the account, and `false`
   * for `joined` when it was a member already (deactivated or not: the caller decides).
   */
  async joinSite(
    who: { readonly account: Account } | { readonly email: string; readonly name: string },
    siteId: string,
    role: StaffRole,
    createdBy: string,
    now: number,
  ): Promise<{ account: Account; joined: boolean }> {
    const created =
      'account' in who
        ? undefined
        : this.#newAccount(
            who.email,
            who.name.trim() || who.email.split('@')[0] || who.email,
            // Nobody knows it: the account signs in through its provider, or after a reset link.
            await this.hashPassword(randomBytes(32).toString('base64url')),
            now,
          );
    const account = 'account' in who ? who.account : created!;
    // An invitation made and accepted in one go: the store's one transaction for an account and its membership.
    const token = randomToken('li', 24);
    const link = this.#link('invite', token, now, {
      siteId,
      email: account.email,
      name: account.name,
      role,
      createdBy,
    });
    await this.repos.accounts.createAuthLink(link);
    const done = await this.repos.accounts.acceptInvitation(
      hashToken(token),
      created,
      this.#newMember(account, siteId, role, now),
      now,
    );
    if (!done.ok) {
      if (done.reason !== 'conflict') throw this.#linkRefusal(done.reason);
      await this.repos.accounts.deleteInvitation(siteId, link.id);
    }
    return { account, joined: done.ok };
  }

  #linkRefusal(reason: 'unknown' | 'used' | 'expired'): AccountError {
    if (reason === 'used') return new AccountError('link_used');
    if (reason === 'expired') return new AccountError('link_expired');
    return new AccountError('not_found', 'No such link.');
  }

  #newAccount(email: string, name: string, passwordHash: string, now: number): Account {
    return {
      id: randomId('acct'),
      email: email.trim().toLowerCase(),
      name: name.trim(),
      passwordHash,
      totpSecret: null,
      totpPending: null,
      totpEnabledAt: null,
      recoveryCodes: [],
      createdAt: now,
      updatedAt: now,
    };
  }

  #newMember(account: Account, siteId: string, role: StaffRole, now: number): Staff {
    return {
      id: randomId('staff'),
      siteId,
      name: account.name,
      role,
      tokenHash: null,
      createdAt: now,
      revokedAt: null,
      accountId: account.id,
    };
  }
}
