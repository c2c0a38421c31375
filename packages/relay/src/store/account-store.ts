import type { Staff, StaffRole } from './store.js';

/**
 * A person across sites (issue #19, ADR 0016). Their memberships are `staff` rows with `accountId` set. Secrets
 * are kept only as hashes (password: Argon2id; recovery codes: SHA-256) or sealed (the TOTP secret, with the
 * relay's data key).
 */
export interface Account {
  readonly id: string;
  /** Lower-cased; unique on the relay. */
  readonly email: string;
  readonly name: string;
  /** Argon2id, in PHC string form. */
  readonly passwordHash: string;
  /** The TOTP secret in use, sealed; `null` without two-factor. */
  readonly totpSecret: string | null;
  /** A TOTP secret set up but not yet confirmed by a code, sealed; `null` when none. */
  readonly totpPending: string | null;
  readonly totpEnabledAt: number | null;
  /** SHA-256 (hex) of each recovery code not used yet. */
  readonly recoveryCodes: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What may change on an account (each field present is written). */
export type AccountPatch = Partial<
  Pick<Account, 'name' | 'passwordHash' | 'totpSecret' | 'totpPending' | 'totpEnabledAt' | 'recoveryCodes'>
> & {
  /** Clears the last TOTP time step used (when the secret changes). */
  readonly resetTotpStep?: boolean;
};

/** An account's membership of one site, with the site's name. */
export interface Membership {
  readonly staffId: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly role: StaffRole;
  readonly deactivatedAt: number | null;
}

/** A member as the team page lists them: their staff row, their account, their availability. */
export interface TeamMemberRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  readonly role: StaffRole;
  readonly totpEnabled: boolean;
  readonly deactivatedAt: number | null;
  readonly createdAt: number;
}

/** A signed-in browser: the cookie's secret is kept as its SHA-256 only. */
export interface AuthSession {
  readonly id: string;
  readonly accountId: string;
  /** The site the session works on now (one of the account's memberships). */
  readonly siteId: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** The earlier of 12 h after `lastSeenAt` and 30 days after `createdAt`. */
  readonly expiresAt: number;
  readonly userAgent: string;
  readonly ip: string;
  readonly revokedAt: number | null;
  /**
   * When a second factor was given in this session (a TOTP or recovery code at sign-in, or two-factor turned on in
   * it); `null`: never, or a session from before the relay recorded it. A site that requires two-factor refuses a
   * session without one when the account has TOTP on (docs/accounts.md "Two-factor").
   */
  readonly secondFactorAt: number | null;
}

/**
 * What the sign-in throttle counts by: the email as typed (lower-cased, whether an account has it or not) and the
 * client's address. Never the account alone, or anyone could lock anyone out (issue #33).
 */
export interface ThrottleKey {
  readonly email: string;
  readonly address: string;
}

/** What a one-time link is for; `login` is a login's second step (the TOTP challenge). */
export type AuthLinkKind = 'setup' | 'invite' | 'reset' | 'login';

/** A one-time link (or challenge): only its token's SHA-256 is stored. */
export interface AuthLink {
  readonly id: string;
  readonly tokenHash: string;
  readonly kind: AuthLinkKind;
  readonly siteId: string | null;
  readonly accountId: string | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly role: StaffRole | null;
  /** The staff id who made it (an invitation, a reset link), or `null`. */
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  /**
   * An invitation: when the relay emailed its link to the invited address (`null`: it was handed to the admin who
   * made it). Read from the store; {@link AccountRepository.markInvitationMailed} sets it, never `createAuthLink`.
   */
  readonly mailedAt?: number | null;
}

/** What entering the code emailed for an invitation came to (see {@link AccountRepository.useInvitationCode}). */
export type InvitationCodeUse = 'right' | 'wrong' | 'expired';

/** What using a link came to. */
export type LinkUse =
  | { readonly ok: true; readonly link: AuthLink }
  | { readonly ok: false; readonly reason: 'unknown' | 'used' | 'expired' };

/**
 * The accounts repository (`Repositories.accounts`): accounts, memberships, sessions and one-time links. Passes
 * `test/account-store-contract.ts` on SQLite and PostgreSQL. Unlike the other repositories, accounts and
 * sessions are not scoped to a site: a person signs in once for every site they belong to.
 */
export interface AccountRepository {
  /** How many accounts exist (0 on a new install: the first start prints a setup link). */
  countAccounts(): Promise<number>;
  /** Creates an account; false (nothing stored) when the email is taken. */
  createAccount(account: Account): Promise<boolean>;
  getAccount(id: string): Promise<Account | undefined>;
  /** By email, compared lower-cased. */
  findAccountByEmail(email: string): Promise<Account | undefined>;
  /** Resolves the account as now stored, `undefined` when there is none. */
  updateAccount(id: string, patch: AccountPatch, now: number): Promise<Account | undefined>;
  /** Until when sign-ins of this email from this address wait (ms), or `null` when they need not. */
  loginBlockedUntil(key: ThrottleKey, now: number): Promise<number | null>;
  /**
   * Counts a failed sign-in of the pair, in one statement (relays sharing the database count together); the
   * `max`-th failure in a row blocks the pair until `now + blockMs`. A failure after a block ended counts from 1
   * again. Resolves with the failures counted and the block.
   */
  recordLoginFailure(
    key: ThrottleKey,
    now: number,
    max: number,
    blockMs: number,
  ): Promise<{ failures: number; blockedUntil: number | null }>;
  /** Clears the pair's count and block (a success), or every pair of the email (`address` left out: a new password). */
  clearLoginFailures(email: string, address?: string): Promise<void>;
  /** Uses a TOTP time step at most once: false when this step (or a later one) was already used. */
  useTotpStep(id: string, step: number): Promise<boolean>;
  /** Uses a recovery code (by its hash) at most once: false when it is not one of the account's unused codes. */
  useRecoveryCode(id: string, codeHash: string, now: number): Promise<boolean>;

  /** The account's memberships (deactivated ones included), oldest first. */
  memberships(accountId: string): Promise<Membership[]>;
  /** The account's staff row on a site, if any (deactivated or not). */
  memberOf(accountId: string, siteId: string): Promise<Staff | undefined>;
  /** The site's members with their accounts, oldest first (API tokens are not members). */
  listMembers(siteId: string): Promise<TeamMemberRecord[]>;
  /** A member of the site by staff id (not an API token). */
  getMember(siteId: string, staffId: string): Promise<TeamMemberRecord | undefined>;
  /** Changes a member's role or activity; resolves the member as now stored. */
  updateMember(
    siteId: string,
    staffId: string,
    patch: { readonly role?: StaffRole; readonly deactivatedAt?: number | null },
  ): Promise<TeamMemberRecord | undefined>;
  /**
   * The first start's setup, in one transaction: uses the link, creates the account and makes it the owner of the
   * link's site. `link_used` semantics: resolves the link's refusal when it cannot be used, or when an account
   * exists already (`used`).
   */
  completeSetup(
    tokenHash: string,
    account: Account,
    member: Staff,
    now: number,
  ): Promise<{ ok: true } | { ok: false; reason: 'unknown' | 'used' | 'expired' }>;
  /**
   * Accepts an invitation in one transaction: uses the link, creates the account when `account` is given, and the
   * membership (`conflict` when the account is a member of the site already).
   */
  acceptInvitation(
    tokenHash: string,
    account: Account | undefined,
    member: Staff,
    now: number,
  ): Promise<{ ok: true } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'conflict' }>;

  createSession(session: AuthSession, secretHash: string): Promise<void>;
  /** A session by its cookie secret's hash, revoked or expired or not. */
  findSession(secretHash: string): Promise<AuthSession | undefined>;
  getSession(id: string): Promise<AuthSession | undefined>;
  /** Records activity: moves `lastSeenAt` and `expiresAt`. */
  touchSession(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  /** Moves the session to another site (the caller checked the membership). */
  switchSessionSite(id: string, siteId: string): Promise<void>;
  /** Records that a second factor was given in the session, at `at`. */
  markSecondFactor(id: string, at: number): Promise<void>;
  /** The account's live sessions (not revoked, not expired), most recent first. */
  listSessions(accountId: string, now: number): Promise<AuthSession[]>;
  /**
   * Revokes sessions of the account: one (`only`), all but one (`except`), or those on one site (`siteId`).
   * Resolves with the ids revoked.
   */
  revokeSessions(
    accountId: string,
    now: number,
    which?: { readonly only?: string; readonly except?: string; readonly siteId?: string },
  ): Promise<string[]>;

  /** Stores a link; with `replaceKind`, unused links of that kind for the same site are deleted first. */
  createAuthLink(link: AuthLink, replaceKind?: boolean): Promise<void>;
  /** A link by its token's hash, whatever its state. */
  findAuthLink(tokenHash: string): Promise<AuthLink | undefined>;
  /** Uses a link at most once, before it expires. */
  useAuthLink(tokenHash: string, now: number): Promise<LinkUse>;
  /**
   * Marks the account's unused links of these kinds used (a password changed: sign-in challenges and reset links
   * made before stop working). Resolves with how many.
   */
  spendAuthLinks(accountId: string, kinds: readonly AuthLinkKind[], now: number): Promise<number>;
  /** The site's pending invitations (unused, unexpired), oldest first. */
  listInvitations(siteId: string, now: number): Promise<AuthLink[]>;
  /** Deletes a pending invitation of the site; false when there is none with that id. */
  deleteInvitation(siteId: string, id: string): Promise<boolean>;
  /** Records that the invitation's link was emailed to its address: accepting it proves the mailbox. */
  markInvitationMailed(id: string, now: number): Promise<void>;
  /**
   * Stores the hash of a new code for the unused invitation of `tokenHash` (the old one stops working, its tries
   * start again), unless one was sent less than `resendAfterMs` ago: then resolves how long until one may be.
   */
  issueInvitationCode(
    tokenHash: string,
    codeHash: string,
    now: number,
    resendAfterMs: number,
  ): Promise<{ readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number }>;
  /**
   * Tries a code for the invitation of `tokenHash`, in statements that count every try (relays sharing the
   * database count together): `right` (the code is spent), `wrong`, or `expired` (none sent, sent `ttlMs` ago or
   * more, spent, or tried `maxAttempts` times already).
   */
  useInvitationCode(
    tokenHash: string,
    codeHash: string,
    now: number,
    ttlMs: number,
    maxAttempts: number,
  ): Promise<InvitationCodeUse>;
  /**
   * Deletes links expired before `before` (a day's grace keeps "expired" answers meaningful), sessions that
   * expired or were revoked before it, and sign-in throttle counts last changed before it. Resolves with how many
   * rows went.
   */
  pruneAuthLinks(before: number): Promise<number>;
}
