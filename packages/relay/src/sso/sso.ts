import { timingSafeEqual } from 'node:crypto';
import type { SsoKind } from '@parley/protocol/admin';
import type { AdminServices } from '../admin/public.js';
import { AccountError, type Accounts, type ClientMeta, type NewSession, type SignInPolicy } from '../auth/accounts.js';
import { hashToken, randomToken } from '../auth/tokens.js';
import { DnsVerifier } from '../domains/dns-verification.js';
import type { PublicOrigin } from '../http/public-origin.js';
import type { Logger } from '../log.js';
import type { Account, AuthSession } from '../store/account-store.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import { OidcClient, OidcError, type IdentityClaims } from './oidc-client.js';
import { SamlRefusal, SamlSignIn } from './saml-sign-in.js';
import { SsoDomainRepository } from './sso-domain-repository.js';
import { SsoDomains } from './sso-domains.js';
import { SsoProviders } from './sso-providers.js';
import type { SsoProviderRecord, SsoRepository } from './sso-repository.js';

/** How long a sign-in may take at the provider, and a pending link may wait for its password. */
export const SSO_FLOW_TTL_MS = 10 * 60_000;
export const SSO_LINK_TTL_MS = 15 * 60_000;

/** A refusal of single sign-on, with the catalog's code the callback or the route answers. */
export class SsoError extends Error {
  override name = 'SsoError';
  constructor(
    readonly code: 'sso_failed' | 'sso_refused' | 'not_found' | 'bad_request' | 'link_used',
    message: string,
  ) {
    super(message);
  }
}

/** What a callback came to: a session, or an identity waiting for the password of the account of its email. */
export type SsoOutcome =
  | { readonly kind: 'session'; readonly session: NewSession; readonly siteId: string }
  | {
      readonly kind: 'link';
      readonly token: string;
      /** The secret of the link cookie: the link works in this browser only. */
      readonly binding: string;
    };

/** What {@link Sso} is made with. */
export interface SsoOptions {
  readonly repository: SsoRepository;
  readonly accounts: Accounts;
  readonly admin: AdminServices;
  /** Seals client secrets and PKCE verifiers with the data key. */
  readonly sealer: SecretSealer;
  readonly publicOrigin: PublicOrigin;
  readonly log: Logger;
  /** Accept `http:` issuers (`PARLEY_SSO_ALLOW_HTTP`: development, tests). */
  readonly allowHttp: boolean;
  /** Reach providers at loopback and private addresses (`PARLEY_SSO_ALLOW_PRIVATE`). */
  readonly allowPrivate?: boolean | undefined;
  /** The DNS servers a domain's verification asks (`PARLEY_DNS_SERVERS`; the system's when empty). */
  readonly dnsServers?: readonly string[] | undefined;
  readonly now?: (() => number) | undefined;
}

const safeEqual = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Single sign-on for staff (docs/accounts.md, "Single sign-on"): a site's providers, the sign-in (OpenID Connect:
 * authorization code with PKCE, state and nonce kept server-side and tied to the browser; SAML 2.0 through
 * {@link SamlSignIn}), and what both lead to: just-in-time members, linking an existing account after its password,
 * a site's requirement, and back-channel logout. It is also the accounts' {@link SignInPolicy}: passwords refused
 * where SSO is required, two-factor left to the provider.
 */
export class Sso implements SignInPolicy {
  readonly repository: SsoRepository;
  readonly oidc: OidcClient;
  readonly saml: SamlSignIn;
  /** The providers as the admin API manages them. */
  readonly providers: SsoProviders;
  readonly now: () => number;
  /** The email domains of the sites' providers, and their verification. */
  readonly domains: SsoDomains;
  readonly #options: SsoOptions;
  #prunedAt = 0;

  constructor(options: SsoOptions) {
    this.#options = options;
    this.repository = options.repository;
    this.now = options.now ?? Date.now;
    this.domains = new SsoDomains(
      new SsoDomainRepository(options.repository.db),
      new DnsVerifier({ servers: options.dnsServers }),
    );
    this.oidc = new OidcClient({ allowHttp: options.allowHttp, allowPrivate: options.allowPrivate, now: this.now });
    const saml = new SamlSignIn({
      repository: options.repository,
      publicOrigin: options.publicOrigin,
      log: options.log,
      allowHttp: options.allowHttp,
      now: this.now,
      bound: (binding, bindingHash) => binding !== undefined && safeEqual(hashToken(binding), bindingHash),
    });
    this.saml = saml;
    this.providers = new SsoProviders({
      repository: options.repository,
      sealer: options.sealer,
      publicOrigin: options.publicOrigin,
      allowHttp: options.allowHttp,
      oidc: this.oidc,
      saml,
      log: options.log,
    });
  }

  async #enabled(providerId: string, kind?: SsoKind): Promise<SsoProviderRecord> {
    const provider = await this.repository.provider(providerId);
    if (!provider || !provider.enabled || (kind !== undefined && provider.kind !== kind))
      throw new SsoError('not_found', 'No such provider.');
    return provider;
  }

  // ---- the sign-in -----------------------------------------------------------------------------------------

  /**
   * Starts a sign-in: the authorization URL to send the browser to, the binding secret for its cookie, and the
   * provider's kind (which cookie). OpenID Connect: the state (by its hash), the PKCE verifier (sealed) and the
   * nonce stay in the database; nothing secret goes in a URL. SAML: the AuthnRequest's id, as {@link SamlSignIn} keeps it.
   */
  async start(providerId: string): Promise<{ url: string; binding: string; kind: SsoKind }> {
    const provider = await this.#enabled(providerId);
    if (provider.kind === 'saml') {
      this.#prune(this.now());
      return { ...(await this.saml.start(provider)), kind: 'saml' };
    }
    let config;
    try {
      config = await this.providers.configuration(provider);
    } catch (error) {
      this.#options.log.warn('sso: the provider could not be discovered', {
        provider: provider.id,
        error: error instanceof Error ? error.message : 'unknown',
      });
      throw new SsoError('sso_failed', 'The identity provider does not answer.');
    }
    const { url, state, nonce, verifier } = await this.oidc.authorization(
      config,
      provider,
      this.providers.redirectUri(provider.id),
    );
    const binding = randomToken('sb', 24);
    const now = this.now();
    await this.repository.putFlow({
      stateHash: hashToken(state),
      providerId: provider.id,
      bindingHash: hashToken(binding),
      verifierSealed: this.#options.sealer.seal(verifier),
      nonce,
      createdAt: now,
      expiresAt: now + SSO_FLOW_TTL_MS,
    });
    this.#prune(now);
    return { url: url.href, binding, kind: 'oidc' };
  }

  /**
   * The provider sent the browser back (`callbackUrl`, with `code`, `state`, maybe `iss`): the sign-in is used
   * (once: a replayed callback is refused), checked against the browser that started it, the code exchanged and
   * the ID token verified; then the identity signs in, joins just in time, or waits for its account's password.
   */
  async callback(
    providerId: string,
    callbackUrl: URL,
    binding: string | undefined,
    meta: ClientMeta,
  ): Promise<SsoOutcome> {
    const now = this.now();
    const state = callbackUrl.searchParams.get('state');
    if (state === null || state.length > 512) throw new SsoError('sso_failed', 'The sign-in has no state.');
    const used = await this.repository.useFlow(hashToken(state), now);
    if (!used.ok) throw new SsoError('sso_failed', 'The sign-in is unknown, was used, or expired.');
    const flow = used.row;
    if (flow.providerId !== providerId) throw new SsoError('sso_failed', 'The sign-in is another provider’s.');
    if (binding === undefined || !safeEqual(hashToken(binding), flow.bindingHash))
      throw new SsoError('sso_failed', 'The sign-in was started in another browser.');
    const provider = await this.#enabled(providerId, 'oidc');
    let claims: IdentityClaims;
    try {
      const config = await this.providers.configuration(provider);
      claims = await this.oidc.exchange(config, callbackUrl, {
        state,
        nonce: flow.nonce,
        verifier: this.#options.sealer.open(flow.verifierSealed),
      });
    } catch (error) {
      const reason = error instanceof OidcError ? error.message : 'the provider could not be reached';
      this.#options.log.warn('sso: a callback was refused', { provider: provider.id, reason });
      throw new SsoError('sso_failed', 'The identity provider’s answer was refused.');
    }
    return this.#signIn(provider, claims, meta, now);
  }

  /**
   * A SAML provider POSTed a response to its ACS: verified by {@link SamlSignIn} (signature, InResponseTo of a
   * request made in this browser, used once, times, audience, recipient, replay), then the same rules as an OpenID
   * sign-in's.
   */
  async samlResponse(
    providerId: string,
    samlResponse: string,
    binding: string | undefined,
    meta: ClientMeta,
  ): Promise<SsoOutcome> {
    const provider = await this.#enabled(providerId, 'saml');
    let claims: IdentityClaims;
    try {
      claims = await this.saml.verify(provider, samlResponse, binding);
    } catch (error) {
      if (error instanceof SamlRefusal) throw new SsoError('sso_failed', 'The identity provider’s answer was refused.');
      throw error;
    }
    return this.#signIn(provider, claims, meta, this.now());
  }

  /** A SAML provider's SP metadata (public). */
  async samlMetadata(providerId: string): Promise<string> {
    return this.saml.metadata(await this.#enabled(providerId, 'saml'));
  }

  /**
   * An identity a provider vouched for, of either kind: the rules of the site, then a session or a link to make.
   * The one path both protocols take.
   */
  async #signIn(
    provider: SsoProviderRecord,
    claims: IdentityClaims,
    meta: ClientMeta,
    now: number,
  ): Promise<SsoOutcome> {
    const email = claims.email;
    if (email === undefined || !claims.emailVerified)
      throw new SsoError('sso_refused', 'The provider did not vouch for the email (email_verified).');
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!email.includes('@') || !provider.allowedDomains.includes(domain))
      throw new SsoError('sso_refused', 'This email’s domain may not sign in through this provider.');
    const repos = this.#options.accounts.repos.accounts;
    const linkedId = await this.repository.identity(provider.id, claims.subject);
    let account = linkedId === undefined ? undefined : await repos.getAccount(linkedId);
    let joined = false;
    if (!account) {
      const existing = await repos.findAccountByEmail(email);
      if (existing) {
        // A provider links only to its own site's people: another site's provider would otherwise collect
        // identities of accounts it has no say over, to be used wherever those accounts go next.
        if (!(await repos.memberOf(existing.id, provider.siteId)))
          throw new SsoError(
            'sso_refused',
            'An account with this email exists and is not a member of this site: ask the site’s admins for an invitation.',
          );
        // The provider says this person has the email; only the account's password says they are its owner. The
        // link is this browser's (its cookie): a link sent to someone else links nothing with their password.
        const token = randomToken('sl', 24);
        const binding = randomToken('sk', 24);
        await this.repository.putPendingLink({
          tokenHash: hashToken(token),
          providerId: provider.id,
          subject: claims.subject,
          accountId: existing.id,
          email,
          sid: claims.sid ?? null,
          bindingHash: hashToken(binding),
          createdAt: now,
          expiresAt: now + SSO_LINK_TTL_MS,
        });
        return { kind: 'link', token, binding };
      }
      // A new account only for a domain the site proved it owns: any site's admin may type any domain.
      if (!(await this.domains.verified(provider.siteId, domain)))
        throw new SsoError(
          'sso_refused',
          'This email’s domain is not verified for this site yet: its admins verify it under Single sign-on.',
        );
      const made = await this.#options.accounts.joinSite(
        { email, name: claims.name ?? '' },
        provider.siteId,
        provider.defaultRole,
        `sso:${provider.id}`,
        now,
      );
      account = made.account;
      joined = made.joined;
      await this.repository.link(provider.id, claims.subject, account.id, email, now);
    }
    return this.#session(provider, account, claims.subject, claims.sid ?? null, email, meta, now, joined);
  }

  /** A session on the provider's site for a linked account: a member there (joined now, when not), not deactivated. */
  async #session(
    provider: SsoProviderRecord,
    account: Account,
    subject: string,
    sid: string | null,
    email: string,
    meta: ClientMeta,
    now: number,
    joinedNow: boolean,
  ): Promise<SsoOutcome> {
    let joined = joinedNow;
    let member = await this.#options.accounts.repos.accounts.memberOf(account.id, provider.siteId);
    if (!member) {
      joined = (
        await this.#options.accounts.joinSite(
          { account },
          provider.siteId,
          provider.defaultRole,
          `sso:${provider.id}`,
          now,
        )
      ).joined;
      member = await this.#options.accounts.repos.accounts.memberOf(account.id, provider.siteId);
    }
    if (!member || member.deactivatedAt != null)
      throw new SsoError('sso_refused', 'Your membership of this site is deactivated.');
    let session: NewSession;
    try {
      session = await this.#options.accounts.startSession(account, meta, now, provider.siteId);
    } catch (error) {
      if (error instanceof AccountError) throw new SsoError('sso_refused', 'No active membership.');
      throw error;
    }
    if (session.session.siteId !== provider.siteId) throw new SsoError('sso_refused', 'No active membership.');
    await this.repository.recordSession(session.session.id, provider.id, subject, sid, account.id, now);
    await this.repository.touchIdentity(provider.id, subject, email, now);
    const audit = this.#options.admin.repos.audit;
    if (joined)
      await audit.appendAudit({
        siteId: provider.siteId,
        at: now,
        actorId: member.id,
        actorName: member.name,
        action: 'member.sso_join',
        targetType: 'staff',
        targetId: member.id,
        details: { providerId: provider.id, role: member.role },
      });
    await audit.appendAudit({
      siteId: provider.siteId,
      at: now,
      actorId: member.id,
      actorName: member.name,
      action: 'account.login',
      targetType: 'account',
      targetId: account.id,
      details: { method: 'sso', providerId: provider.id, sessionId: session.session.id, ip: meta.ip },
    });
    return { kind: 'session', session, siteId: provider.siteId };
  }

  // ---- linking an existing account -------------------------------------------------------------------------

  /** A usable pending link of this browser (its link cookie), or `not_found` as for an unknown one. */
  async #pendingLink(token: string, binding: string | undefined, now: number) {
    const link = await this.repository.pendingLink(hashToken(token), now);
    if (!link || link.bindingHash === null || binding === undefined || !safeEqual(hashToken(binding), link.bindingHash))
      throw new SsoError('not_found', 'No such link in this browser, or it was used or expired: sign in again.');
    return link;
  }

  /**
   * What a pending link is for (the inbox asks for the password of that email, and says whose provider it is):
   * only in the browser the sign-in came back to.
   */
  async inspectLink(
    token: string,
    binding: string | undefined,
  ): Promise<{ email: string; provider: string; site: string; totpRequired: boolean }> {
    const link = await this.#pendingLink(token, binding, this.now());
    const provider = await this.repository.provider(link.providerId);
    const account = await this.#options.accounts.repos.accounts.getAccount(link.accountId);
    if (!provider || !account) throw new SsoError('not_found', 'No such link.');
    const site = (await this.#options.accounts.repos.accounts.memberships(account.id)).find(
      (m) => m.siteId === provider.siteId,
    );
    if (!site) throw new SsoError('not_found', 'No such link.');
    return {
      email: link.email,
      provider: provider.name,
      site: site.siteName,
      totpRequired: account.totpEnabledAt !== null,
    };
  }

  /**
   * Links the identity to the existing account of its email once that account's password (and two-factor code) is
   * given, in the browser the sign-in came back to, then signs in as a callback would. A wrong password counts as a
   * failed sign-in of the email.
   */
  async completeLink(
    token: string,
    binding: string | undefined,
    proof: { readonly password: string; readonly code?: string | undefined },
    meta: ClientMeta,
  ): Promise<SsoOutcome> {
    const now = this.now();
    const tokenHash = hashToken(token);
    const link = await this.#pendingLink(token, binding, now);
    const provider = await this.#enabled(link.providerId);
    const account = await this.#options.accounts.repos.accounts.getAccount(link.accountId);
    if (!account) throw new SsoError('not_found', 'No such link.');
    await this.#options.accounts.proveAccount(account, proof, meta, now);
    if (!(await this.repository.usePendingLink(tokenHash, now)))
      throw new SsoError('link_used', 'This link was used already: sign in again.');
    await this.repository.link(provider.id, link.subject, account.id, link.email, now);
    await this.#options.admin.repos.audit.appendAudit({
      siteId: provider.siteId,
      at: now,
      actorId: 'sso',
      actorName: provider.name,
      action: 'account.sso_link',
      targetType: 'account',
      targetId: account.id,
      details: { providerId: provider.id, ip: meta.ip },
    });
    return this.#session(provider, account, link.subject, link.sid, link.email, meta, now, false);
  }

  // ---- the accounts' policy --------------------------------------------------------------------------------

  async passwordRefusal(
    accountId: string | undefined,
    siteIds: readonly string[],
    now: number,
  ): Promise<string | undefined> {
    const requiring = await this.repository.sitesRequiringSso(siteIds);
    if (requiring.length === 0) return undefined;
    if (accountId !== undefined) {
      const until = await this.repository.breakGlassUntil(accountId);
      if (until !== undefined && until > now) return undefined;
    }
    return 'This site signs in through its identity provider: use its button, passwords are refused.';
  }

  secondFactorWaived(session: AuthSession): Promise<boolean> {
    // Only on the provider's own site: a session moved to another site is that site's rules'.
    return this.repository.isSsoSessionOf(session.id, session.siteId);
  }

  async switchRefusal(
    session: AuthSession,
    siteId: string,
    now: number,
  ): Promise<{ code: 'sso_required' | 'forbidden'; message: string } | undefined> {
    const openedBy = await this.repository.sessionProviderSite(session.id);
    if (openedBy === siteId) return undefined;
    // A provider vouches for people on its own site only: its admin chose it, and another site never did.
    if (openedBy !== undefined)
      return {
        code: 'forbidden',
        message: 'This session was opened by another site’s identity provider: sign in to that site on its own.',
      };
    const refusal = await this.passwordRefusal(session.accountId, [siteId], now);
    return refusal === undefined ? undefined : { code: 'sso_required', message: refusal };
  }

  async mailboxProven(
    accountId: string,
    siteId: string | null,
    reason: 'password_reset' | 'invitation',
    now: number,
  ): Promise<void> {
    const dropped = await this.repository.dropIdentities(accountId, siteId);
    const bySite = new Map<string, string[]>();
    for (const d of dropped) bySite.set(d.siteId, [...(bySite.get(d.siteId) ?? []), d.providerId]);
    // Said on the sites whose providers lost the link, and on the site the owner of the mailbox came through.
    if (siteId !== null && bySite.size > 0 && !bySite.has(siteId)) bySite.set(siteId, []);
    for (const [auditSite, providerIds] of bySite)
      await this.#options.admin.repos.audit.appendAudit({
        siteId: auditSite,
        at: now,
        actorId: 'sso',
        actorName: 'Single sign-on',
        action: 'account.sso_unlink',
        targetType: 'account',
        targetId: accountId,
        details: {
          reason,
          providerIds,
          droppedElsewhere: dropped.filter((d) => d.siteId !== auditSite).length,
        },
      });
  }

  async mailboxStake(accountId: string, siteId: string): Promise<boolean> {
    // What `mailboxProven` would unlink: identities of other sites' providers (the one that made it just in time).
    return (await this.repository.identitySites(accountId)).some((site) => site !== siteId);
  }

  /**
   * Ends the site's sessions that a password opened (the site requires single sign-on from now on), except
   * `keep` (the admin who turned it on). Resolves how many ended.
   */
  async endPasswordSessions(siteId: string, keep: string | undefined, now: number): Promise<number> {
    const revoked: string[] = [];
    for (const { sessionId, accountId } of await this.repository.passwordSessions(siteId, now))
      if (sessionId !== keep)
        revoked.push(
          ...(await this.#options.accounts.repos.accounts.revokeSessions(accountId, now, { only: sessionId })),
        );
    if (revoked.length > 0) this.#options.admin.closeSessionSockets(revoked);
    return revoked.length;
  }

  /** Whether a site may require SSO now: it has an enabled provider. */
  async canRequire(siteId: string): Promise<boolean> {
    return (await this.repository.providers(siteId)).some((p) => p.enabled);
  }

  // ---- back-channel logout ---------------------------------------------------------------------------------

  /**
   * A provider's back-channel logout: the token verified, used once, and the sessions it names (its subject's, or
   * its session's) revoked, their sockets closed. Resolves how many sessions ended.
   */
  async backChannelLogout(providerId: string, logoutToken: string): Promise<number> {
    const provider = await this.#enabled(providerId, 'oidc');
    const now = this.now();
    let claims;
    try {
      claims = await this.oidc.verifyLogoutToken(provider, await this.providers.configuration(provider), logoutToken);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown';
      this.#options.log.warn('sso: a logout token was refused', { provider: provider.id, reason });
      throw new SsoError('bad_request', 'The logout token was refused.');
    }
    if (!(await this.repository.useLogoutToken(`${provider.id} ${claims.jti}`, claims.expiresAt, now)))
      throw new SsoError('bad_request', 'The logout token was used already.');
    const sessions = await this.repository.sessionsOf(provider.id, { subject: claims.subject, sid: claims.sid });
    const revoked: string[] = [];
    for (const { sessionId, accountId } of sessions)
      revoked.push(
        ...(await this.#options.accounts.repos.accounts.revokeSessions(accountId, now, { only: sessionId })),
      );
    if (revoked.length > 0) this.#options.admin.closeSessionSockets(revoked);
    await this.#options.admin.repos.audit.appendAudit({
      siteId: provider.siteId,
      at: now,
      actorId: 'sso',
      actorName: provider.name,
      action: 'session.backchannel_logout',
      targetType: 'provider',
      targetId: provider.id,
      details: { sessionsRevoked: revoked.length },
    });
    return revoked.length;
  }

  /** Finished sign-ins and links go a day after they end, checked at most hourly. */
  #prune(now: number): void {
    if (now - this.#prunedAt <= 3600_000) return;
    this.#prunedAt = now;
    this.repository.prune(now - 24 * 3600_000).catch(() => undefined);
  }
}
