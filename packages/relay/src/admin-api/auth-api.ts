import { routeMatcher } from '../http/route-match.js';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import {
  InvitationAccept,
  InvitationInfo,
  InvitationInspect,
  LoginBody,
  LoginTotpBody,
  PasswordChange,
  PasswordReset,
  PasswordResetRequest,
  RecoveryCodes,
  Session,
  SessionList,
  SetupBody,
  SetupInfo,
  SetupInspect,
  SiteSwitch,
  TotpReauth,
  TotpSetup,
  type TotpChallenge,
} from '@parley/protocol/admin';
import type * as z from 'zod/mini';
import type { Desk } from '../features/desk.js';
import {
  AccountError,
  CLEARED_COOKIE,
  checkPassword,
  sessionCookie,
  sessionSecret,
  type Accounts,
  type NewSession,
  type SignedIn,
} from '../auth/accounts.js';
import type { AccountMail } from '../auth/account-mail.js';
import { acceptInvitation, type InvitationRoles } from '../auth/invitation-roles.js';
import type { AuthLink } from '../store/account-store.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { PublicOrigin } from '../http/public-origin.js';
import type { RouteDoc } from '../features/admin-routes/admin-route.js';
import { parseQuery } from '../features/admin-routes/route-query.js';
import { linkGone, session } from './auth-openapi.js';
import { errorResponse, ok } from '../http/openapi/openapi-parts.js';
import {
  ApiError,
  inboxOrigin,
  ownOrigins,
  parseBody,
  readAdminRequest,
  sendApiError,
  sendReply,
  type AdminRequest,
  type Reply,
} from '../http/admin-http.js';

/** Rate limits of the public auth routes: per client address, and per account (its email). */
export interface AuthLimits {
  /** Requests per address: a burst, then this many per second. 0 disables. */
  readonly addressBurst: number;
  readonly addressPerSecond: number;
  /** Login attempts per account (email): a burst, then this many per second. 0 disables. */
  readonly accountBurst: number;
  readonly accountPerSecond: number;
}

/** Defaults: 30 requests per address then one every 5 s; 10 attempts per account then one every 30 s. */
export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  addressBurst: 30,
  addressPerSecond: 0.2,
  accountBurst: 10,
  accountPerSecond: 1 / 30,
};

/** What {@link registerAuthApi} needs. */
export interface AuthApiOptions {
  readonly accounts: Accounts;
  readonly admin: Desk;
  /** Sends reset links and invitation codes (outgoing mail's); absent when the relay sends no email. */
  readonly accountMail?: AccountMail | undefined;
  /** Custom roles: an invitation may give one of the site's own (`auth/invitation-roles.ts`). */
  readonly roles?: InvitationRoles | undefined;
  /** Origins besides the relay's own whose pages may use the inbox's routes (`PARLEY_ADMIN_ORIGINS`). */
  readonly allowedOrigins: readonly string[];
  readonly trustProxy: boolean;
  /** Where reset links point ({@link PublicOrigin}: configured, learned from an admin's inbox, or where it listens). */
  readonly publicOrigin: PublicOrigin;
  readonly limits?: AuthLimits | undefined;
}

/** What an auth route works with. */
interface AuthCall<Body = unknown> {
  readonly request: AdminRequest;
  readonly now: number;
  /** Set on the routes that need a session. */
  readonly signedIn: SignedIn | undefined;
  readonly params: Readonly<Record<string, string>>;
  /**
   * The JSON body, parsed by the route's `requestBody` before the handler runs (strict: an unknown field is refused,
   * naming it); `undefined` for a route that takes none.
   */
  readonly body: Body;
  /** Takes a login attempt from the account's bucket (keyed by email or account id); throws 429 when empty. */
  readonly takeAccount: (key: string) => void;
}

/**
 * One account route, as admin routes are (`admin-routes/admin-route.ts`): its method and path, who may call it, the
 * body it takes, what the API document says of it (`openapi/auth.ts` makes its operation), and its handler.
 */
interface AuthRoute<Body = unknown> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  /** `session`: a signed-in browser (cookie; CSRF on POST and DELETE). `public`: anyone, rate-limited. */
  readonly access: 'public' | 'session';
  /** What the path's `{id}` names ("session"): the document's parameter says so. */
  readonly resource?: string;
  /**
   * The JSON body it takes, a schema of the admin API's contract (`@parley/protocol/admin`): the router parses the
   * body with it (strict) before the handler runs, and the OpenAPI document shows it.
   */
  readonly requestBody?: z.ZodMiniType<Body>;
  /** What the API document says of it; the errors every account route answers are added (`openapi/auth.ts`). */
  readonly doc: RouteDoc;
  readonly run: (call: AuthCall<Body>, api: AuthApi) => Promise<Reply>;
}

/** A route, with its handler's `call.body` typed by its `requestBody` (as `adminRoute` types an admin route's). */
function authRoute<Body = undefined>(route: AuthRoute<Body>): AuthRoute {
  return route as AuthRoute;
}

/** The parts the routes share. */
interface AuthApi {
  readonly accounts: Accounts;
  readonly admin: Desk;
  readonly options: AuthApiOptions;
  /** A 200 with the session body and its cookie. */
  signIn(made: NewSession, now: number): Promise<Reply>;
  /** Closes the sockets of sessions that were just revoked. */
  closeSessions(ids: readonly string[]): void;
}

function meta(request: AdminRequest): { ip: string; userAgent: string } {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
}

function signedIn(call: AuthCall): SignedIn {
  if (!call.signedIn) throw new ApiError('unauthorized');
  return call.signedIn;
}

async function auditAccount(api: AuthApi, who: SignedIn, action: string, details: Record<string, unknown> = {}) {
  await api.admin.repos.audit.appendAudit({
    siteId: who.site.id,
    at: Date.now(),
    actorId: who.staff.id,
    actorName: who.staff.name,
    action,
    targetType: 'account',
    targetId: who.account.id,
    details,
  });
}

/** Every `/v1/auth/*` route; the API document's operations of them are made from their `doc` (admin-openapi.ts). */
export const AUTH_ROUTES: readonly AuthRoute[] = [
  authRoute({
    method: 'GET',
    path: '/v1/auth/session',
    access: 'session',
    doc: {
      summary: 'The signed-in session',
      description: 'The account, its current site and role, its sites, and the CSRF token.',
      tag: 'accounts',
      responses: ok('The session.', Session),
    },
    run: async (call, api) => ({ status: 200, body: await api.accounts.sessionBody(signedIn(call)) }),
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/login',
    access: 'public',
    requestBody: LoginBody,
    doc: {
      summary: 'Sign in',
      description:
        'Checks the password (Argon2id). A wrong password and an unknown email answer alike, 401 `login_failed` “Wrong email or password.”, after the same work. With two-factor on, the answer is a challenge for `/v1/auth/login/totp` instead of a session. 10 failures in a row of one email (an account’s or not) from one client address make that pair wait 15 minutes (429 `rate_limited`, with `retry-after`, the same for unknown emails), on every relay; other addresses are not affected, and a success or a new password clears the count. Also limited per email and address in memory. Failures are in the audit log (the address, and the account when there is one).',
      tag: 'accounts',
      responses: {
        ...session('Signed in (or, with two-factor, `{ challenge: "totp", challengeToken }`: no cookie yet).'),
        '401': errorResponse('`login_failed`.'),
      },
    },
    run: async (call, api) => {
      const body = call.body;
      // Per email and address: a stranger's attempts never spend the bucket of the account's owner elsewhere.
      call.takeAccount(`${call.request.ip} ${body.email.trim().toLowerCase()}`);
      const step = await api.accounts.login(body.email, body.password, meta(call.request), call.now);
      if (step.kind === 'totp')
        return {
          status: 200,
          body: { challenge: 'totp', challengeToken: step.challengeToken } satisfies TotpChallenge,
        };
      return signInAudited(api, step.session, call.now, 'password');
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/login/totp',
    access: 'public',
    requestBody: LoginTotpBody,
    doc: {
      summary: 'Sign in: the second step',
      description:
        'A TOTP code (each works once) or one of the recovery codes (each works once), with the challenge of the first step (5 minutes). Failures count towards the wait of the email at this address. A password change or reset ends the challenges started before it.',
      tag: 'accounts',
      responses: { ...session('Signed in.'), '401': errorResponse('`login_failed`: “Wrong code.”') },
    },
    run: async (call, api) => {
      const body = call.body;
      call.takeAccount(`challenge:${body.challengeToken}`);
      const made = await api.accounts.loginSecondStep(
        body.challengeToken,
        'code' in body ? { code: body.code } : { recoveryCode: body.recoveryCode },
        meta(call.request),
        call.now,
      );
      return signInAudited(api, made, call.now, 'code' in body ? 'totp' : 'recovery_code');
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/logout',
    access: 'session',
    doc: {
      summary: 'Sign out',
      description: 'Ends the session, clears the cookie and closes its sockets (4014 `revoked`).',
      tag: 'accounts',
      responses: { '204': { description: 'Signed out.' } },
    },
    run: async (call, api) => {
      await call.request.body;
      const who = signedIn(call);
      const revoked = await api.accounts.repos.accounts.revokeSessions(who.account.id, call.now, {
        only: who.session.id,
      });
      api.closeSessions(revoked);
      return { status: 204, headers: { 'set-cookie': CLEARED_COOKIE } };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/setup',
    access: 'public',
    requestBody: SetupBody,
    doc: {
      summary: 'Create the first owner',
      description:
        'With the one-time setup link the relay prints at start while no account exists (`<relay>/admin#setup=<token>`, 2 hours; a restart or `parley-relay account setup-link` makes a new one). Makes the account the owner of the default site and signs in.',
      tag: 'accounts',
      notFound: true,
      responses: { ...session('The owner, signed in.'), '410': linkGone },
    },
    run: async (call, api) => {
      const body = call.body;
      const made = await api.accounts.setup(body.token, body, meta(call.request), call.now);
      return signInAudited(api, made, call.now, 'setup', 'account.setup', (who) => ({ email: who.account.email }));
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/setup/inspect',
    access: 'public',
    requestBody: SetupInspect,
    doc: {
      summary: 'Read a setup link',
      description:
        'Whether the one-time setup link is usable, before the owner form is filled (the token stays in the body, never in a URL): the site the owner account will own. 404 when no such link exists (a mistyped link, or one replaced by a newer one), 410 when it was used or has expired.',
      tag: 'accounts',
      notFound: true,
      responses: { ...ok('The setup link is usable.', SetupInfo), '410': linkGone },
    },
    // The inbox asks before it shows the owner form: a wrong, used or expired link is said at once, not after the
    // form is filled. Rate-limited per address like every public route, so it is no better an oracle than setup.
    run: async (call, api) => {
      const { token } = call.body;
      const link = await api.accounts.inspectLink(token, 'setup', call.now);
      const site = link.siteId === null ? undefined : await api.admin.core.store.getSite(link.siteId);
      return { status: 200, body: { siteName: site?.name ?? '' } };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/invitations/inspect',
    access: 'public',
    requestBody: InvitationInspect,
    doc: {
      summary: 'Read an invitation',
      description:
        'What the invitation link is for, before accepting it (the token stays in the body, never in a URL).',
      tag: 'accounts',
      notFound: true,
      responses: { ...ok('The invitation.', InvitationInfo), '410': linkGone },
    },
    run: async (call, api) => {
      const { token } = call.body;
      const link = await api.accounts.inspectLink(token, 'invite', call.now);
      const site = link.siteId === null ? undefined : await api.admin.core.store.getSite(link.siteId);
      const exists =
        link.email !== null && (await api.accounts.repos.accounts.findAccountByEmail(link.email)) !== undefined;
      const given = await api.options.roles?.invitationRole(link.id);
      return {
        status: 200,
        body: {
          email: link.email,
          siteName: site?.name ?? '',
          role: link.role,
          ...(given && given !== 'gone' ? { customRole: { id: given.id, name: given.name } } : {}),
          accountExists: exists,
        },
      };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/invitations/accept',
    access: 'public',
    requestBody: InvitationAccept,
    doc: {
      summary: 'Accept an invitation',
      description:
        'Creates the account (the invitation’s email, `name`, `password`), or, when an account has that email, adds the membership if `password` is its password (401 `login_failed` otherwise). Signs in on the invitation’s site, with the invitation’s role (built in, or the site’s own it names). 409 `conflict` when already a member, or when the site’s own role it gives no longer exists (nothing changes: ask for a new invitation).\n\nAccepting with an existing account is its mailbox’s owner taking it over: identities that other sites’ providers linked to it are unlinked. A link the relay emailed proves the mailbox; a link handed to the admin who made it (`emailed: false`) does not, so when the account has such identities the relay emails a code to the address (SMTP is enough: the code carries no link) and answers 403 `mailbox_code_required`; accept again with the same password and `code` (15 minutes, five tries, one new code a minute: without `code` again). A relay that sends no email answers 503 `email_unavailable` instead, saying how to go on. Nothing changes until then.',
      tag: 'accounts',
      notFound: true,
      conflict: true,
      responses: {
        ...session('Signed in.'),
        '401': errorResponse('`login_failed`: not the existing account’s password, or a wrong code.'),
        '403': errorResponse(
          '`mailbox_code_required`: a code was emailed to the invited address (or the one given expired); `sso_required`: the site signs in through its provider; `csrf_refused`: a page of another origin.',
        ),
        '410': linkGone,
        '503': errorResponse(
          '`email_unavailable`: the mailbox must be proven with a code, and the relay sends no email.',
        ),
      },
    },
    run: async (call, api) => {
      const body = call.body;
      const mail = api.options.accountMail;
      const { made, customRole } = await acceptInvitation(
        api.accounts,
        api.options.roles,
        body.token,
        body,
        meta(call.request),
        call.now,
        // The code a handed-over invitation may need: by SMTP alone, since it carries no link.
        mail &&
          (async (to, code, siteId) =>
            mail(to, {
              kind: 'invite-code',
              siteName: (await api.admin.core.store.getSite(siteId))?.name ?? '',
              code,
            })),
      );
      return signInAudited(api, made, call.now, 'invitation', 'invitation.accept', (who) => ({
        role: who.staff.role,
        ...(customRole ? { customRole: { id: customRole.id, name: customRole.name } } : {}),
        mailboxProof: made.mailboxProof,
      }));
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/password-reset/request',
    access: 'public',
    requestBody: PasswordResetRequest,
    doc: {
      summary: 'Ask for a password reset email',
      description:
        'Always 202, whether or not the account exists. With SMTP configured, the relay emails a one-time link (one hour) on its public origin (`PARLEY_PUBLIC_URL`, else the one it prints at start; never the request’s `Host`, which could point elsewhere); without SMTP an admin hands one over (`POST /v1/admin/team/members/{id}/reset-link`).',
      tag: 'accounts',
      responses: { '202': { description: 'Accepted.' } },
    },
    run: async (call, api) => {
      const { email } = call.body;
      call.takeAccount(`${call.request.ip} ${email.trim().toLowerCase()}`);
      // The answer is the same, at once, whatever happens next: it never tells whether the account exists.
      void requestReset(api, email, call.now);
      return { status: 202 };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/password-reset',
    access: 'public',
    requestBody: PasswordReset,
    doc: {
      summary: 'Reset the password',
      description:
        'With a reset link’s token. Every session of the account ends (their sockets close), and so do the account’s other reset links and pending sign-in challenges. The audit log of every site of the account shows it, in the name of whoever made the link.',
      tag: 'accounts',
      notFound: true,
      responses: { '204': { description: 'Reset.' }, '410': linkGone },
    },
    run: async (call, api) => {
      const body = call.body;
      const { account, link, revoked } = await api.accounts.resetPassword(body.token, body.password, call.now);
      api.closeSessions(revoked);
      // On every site of the account, in the name of who made the link: never as the account's own doing.
      const actor = await linkMaker(api, link);
      for (const membership of await api.accounts.repos.accounts.memberships(account.id))
        await api.admin.repos.audit.appendAudit({
          siteId: membership.siteId,
          at: call.now,
          actorId: actor.id,
          actorName: actor.name,
          action: 'account.password_reset',
          targetType: 'account',
          targetId: account.id,
          details: { sessionsRevoked: revoked.length, ip: call.request.ip, linkSiteId: link.siteId },
        });
      return { status: 204 };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/site',
    access: 'session',
    requestBody: SiteSwitch,
    doc: {
      summary: 'Switch site',
      description: 'Moves the session to another site of the account (403 `forbidden` when not an active member).',
      tag: 'accounts',
      responses: ok('The session on that site.', Session),
    },
    run: async (call, api) => {
      const { siteId } = call.body;
      const who = signedIn(call);
      const member = await api.accounts.repos.accounts.memberOf(who.account.id, siteId);
      if (!member || member.deactivatedAt != null)
        throw new ApiError('forbidden', 'You are not a member of that site.');
      // The target site's own sign-in rules (its required provider, a provider's session staying on its site).
      await api.accounts.checkSwitch(who.session, siteId, call.now);
      await api.accounts.repos.accounts.switchSessionSite(who.session.id, siteId);
      const moved = await api.accounts.resolveSession({ ...who.session, siteId }, call.now);
      if (!moved) throw new ApiError('forbidden', 'You are not a member of that site.');
      return { status: 200, body: await api.accounts.sessionBody(moved) };
    },
  }),
  authRoute({
    method: 'GET',
    path: '/v1/auth/sessions',
    access: 'session',
    doc: {
      summary: 'My sessions',
      description: 'The account’s live sessions, most recently used first.',
      tag: 'accounts',
      responses: ok('Sessions.', SessionList),
    },
    run: async (call, api) => {
      const who = signedIn(call);
      const sessions = await api.accounts.repos.accounts.listSessions(who.account.id, call.now);
      return {
        status: 200,
        body: {
          items: sessions.map((s) => ({
            id: s.id,
            createdAt: s.createdAt,
            lastSeenAt: s.lastSeenAt,
            userAgent: s.userAgent,
            ip: s.ip,
            current: s.id === who.session.id,
          })),
        } satisfies SessionList,
      };
    },
  }),
  authRoute({
    method: 'DELETE',
    path: '/v1/auth/sessions/{id}',
    access: 'session',
    resource: 'session',
    doc: {
      summary: 'End a session',
      description: 'Revokes one of the account’s sessions; its sockets close at once.',
      tag: 'accounts',
      responses: { '204': { description: 'Ended.' } },
    },
    run: async (call, api) => {
      await call.request.body;
      const who = signedIn(call);
      const revoked = await api.accounts.repos.accounts.revokeSessions(who.account.id, call.now, {
        only: call.params.id!,
      });
      if (revoked.length === 0) throw new ApiError('not_found', 'No such session.');
      api.closeSessions(revoked);
      await auditAccount(api, who, 'session.revoke', { sessionId: call.params.id });
      return {
        status: 204,
        ...(call.params.id === who.session.id ? { headers: { 'set-cookie': CLEARED_COOKIE } } : {}),
      };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/password',
    access: 'session',
    requestBody: PasswordChange,
    doc: {
      summary: 'Change my password',
      description: 'Every other session of the account ends, and so do its reset links and pending sign-in challenges.',
      tag: 'accounts',
      responses: { '204': { description: 'Changed.' } },
    },
    run: async (call, api) => {
      const body = call.body;
      const who = signedIn(call);
      call.takeAccount(who.account.id);
      if (!(await api.accounts.verifyPassword(who.account.passwordHash, body.currentPassword)))
        throw new ApiError('login_failed', 'Wrong password.');
      checkPassword(body.newPassword, who.account.email);
      const passwordHash = await api.accounts.hashPassword(body.newPassword);
      await api.accounts.setPasswordHash(who.account, passwordHash, call.now);
      const revoked = await api.accounts.repos.accounts.revokeSessions(who.account.id, call.now, {
        except: who.session.id,
      });
      api.closeSessions(revoked);
      await auditAccount(api, who, 'account.password_change', { sessionsRevoked: revoked.length });
      return { status: 204 };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/totp/setup',
    access: 'session',
    doc: {
      summary: 'Set up two-factor',
      description:
        'A new TOTP secret, pending until a code confirms it: the secret, its `otpauth://` URL and a QR code (an SVG document to show as an image). 409 when two-factor is on already.',
      tag: 'accounts',
      conflict: true,
      responses: ok('The pending secret.', TotpSetup),
    },
    run: async (call, api) => {
      await call.request.body;
      const who = signedIn(call);
      if (who.account.totpEnabledAt !== null)
        throw new ApiError('conflict', 'Two-factor authentication is on already; turn it off first to change it.');
      return { status: 200, body: await api.accounts.totpSetup(who.account, call.now) };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/totp/enable',
    access: 'session',
    requestBody: TotpReauth,
    doc: {
      summary: 'Turn two-factor on',
      description:
        'With the account’s password again (re-authentication: a session alone does not change how the account signs in), confirms the pending secret with a code (401 `login_failed` when either is wrong).',
      tag: 'accounts',
      conflict: true,
      responses: ok('On; the recovery codes.', RecoveryCodes),
    },
    run: async (call, api) => {
      const { password, code } = call.body;
      const who = signedIn(call);
      call.takeAccount(who.account.id);
      if (who.account.totpEnabledAt !== null)
        throw new ApiError('conflict', 'Two-factor authentication is on already.');
      await reauthenticate(api, who, password);
      const recoveryCodes = await api.accounts.totpEnable(who.account, code, call.now, who.session.id);
      await auditAccount(api, who, 'account.totp_enable');
      return { status: 200, body: { recoveryCodes } satisfies RecoveryCodes };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/totp/disable',
    access: 'session',
    requestBody: TotpReauth,
    doc: {
      summary: 'Turn two-factor off',
      description: 'With the password and a code. 409 `2fa_required` while a site of the account requires two-factor.',
      tag: 'accounts',
      responses: {
        '204': { description: 'Off.' },
        '409': errorResponse('`2fa_required` or `conflict` (already off).'),
      },
    },
    run: async (call, api) => {
      const body = call.body;
      const who = signedIn(call);
      call.takeAccount(who.account.id);
      if (who.account.totpEnabledAt === null) throw new ApiError('conflict', 'Two-factor authentication is off.');
      if (
        !(await api.accounts.verifyPassword(who.account.passwordHash, body.password)) ||
        !(await api.accounts.checkCode(who.account, body.code, call.now))
      )
        throw new ApiError('login_failed', 'Wrong password or code.');
      try {
        await api.accounts.totpDisable(who.account, call.now);
      } catch (error) {
        // The one refusal of 2fa_required that is a conflict with the account's sites, not a page to set it up.
        if (error instanceof AccountError && error.code === '2fa_required')
          throw new ApiError('2fa_required', error.message, {}, 409);
        throw error;
      }
      await auditAccount(api, who, 'account.totp_disable');
      return { status: 204 };
    },
  }),
  authRoute({
    method: 'POST',
    path: '/v1/auth/recovery-codes',
    access: 'session',
    requestBody: TotpReauth,
    doc: {
      summary: 'New recovery codes',
      description:
        'With the account’s password again and a code (401 `login_failed` when either is wrong); the old recovery codes stop working.',
      tag: 'accounts',
      responses: ok('The new recovery codes.', RecoveryCodes),
    },
    run: async (call, api) => {
      const { password, code } = call.body;
      const who = signedIn(call);
      call.takeAccount(who.account.id);
      if (who.account.totpEnabledAt === null) throw new ApiError('conflict', 'Two-factor authentication is off.');
      if (
        !(await api.accounts.verifyPassword(who.account.passwordHash, password)) ||
        !(await api.accounts.checkCode(who.account, code, call.now))
      )
        throw new ApiError('login_failed', 'Wrong password or code.');
      const recoveryCodes = await api.accounts.newRecoveryCodes(who.account, call.now);
      await auditAccount(api, who, 'account.recovery_codes');
      return { status: 200, body: { recoveryCodes } satisfies RecoveryCodes };
    },
  }),
];

/**
 * Asks a signed-in browser for the account's password again before a change to how it signs in (a stolen session
 * alone cannot turn two-factor on with the thief's authenticator, nor take the recovery codes).
 */
async function reauthenticate(api: AuthApi, who: SignedIn, password: string): Promise<void> {
  if (!(await api.accounts.verifyPassword(who.account.passwordHash, password)))
    throw new ApiError('login_failed', 'Wrong password.');
}

/**
 * Signs in, and records it in the audit log of the session's site as `action` with `details` of the member it is
 * (never a secret): a login (by default, with how), a setup, an accepted invitation.
 */
async function signInAudited(
  api: AuthApi,
  made: NewSession,
  now: number,
  method: string,
  action = 'account.login',
  details: (who: SignedIn) => Record<string, unknown> = () => ({
    method,
    sessionId: made.session.id,
    ip: made.session.ip,
  }),
): Promise<Reply> {
  const reply = await api.signIn(made, now);
  const who = await api.accounts.resolveSession(made.session, now);
  if (who) await auditAccount(api, who, action, details(who));
  return reply;
}

/** Who made a reset link, for the audit log: a member (by staff id), the operator's CLI, or the emailed request. */
async function linkMaker(api: AuthApi, link: AuthLink): Promise<{ id: string; name: string }> {
  if (link.createdBy === 'cli') return { id: 'cli', name: 'parley-relay CLI' };
  if (link.createdBy !== null && link.siteId !== null) {
    const maker = await api.admin.repos.desk.getStaff(link.siteId, link.createdBy);
    return { id: link.createdBy, name: maker?.name ?? link.createdBy };
  }
  return { id: 'reset-email', name: 'Password reset by email' };
}

/**
 * Emails a reset link when the account exists and SMTP is configured. The link is built on the public origin, never
 * on this request's `Host`, which anyone can set: a reset link pointing at another server is how accounts get taken
 * over.
 */
async function requestReset(api: AuthApi, email: string, now: number): Promise<void> {
  try {
    const account = await api.accounts.repos.accounts.findAccountByEmail(email.trim());
    const mail = api.options.accountMail;
    if (!account || !mail) return;
    const base = api.options.publicOrigin.forEmail;
    if (base === undefined) {
      api.admin.core.log.warn('auth: a password reset was not emailed: set PARLEY_PUBLIC_URL to email links');
      return;
    }
    const { token } = await api.accounts.createResetLink(account.id, {}, now);
    const link = `${base}/admin#reset=${token}`;
    await mail(account.email, { kind: 'reset', link });
  } catch (error) {
    api.admin.core.log.warn('auth: could not send a password reset email', { error: String(error) });
  }
}

function toApiError(error: AccountError): ApiError {
  if (error.code === 'rate_limited') {
    const seconds = Math.max(1, Math.ceil(((error.until ?? Date.now()) - Date.now()) / 1000));
    return new ApiError('rate_limited', error.message, { 'retry-after': String(seconds) });
  }
  if (error.code === 'login_failed')
    return new ApiError('login_failed', error.message === 'login_failed' ? undefined : error.message);
  return new ApiError(error.code, error.message === error.code ? undefined : error.message);
}

const match = routeMatcher(AUTH_ROUTES, { decodeParams: false });

/**
 * Serves `/v1/auth/*`: sign-in (password, then TOTP or a recovery code), the session cookie, sign-out, the
 * first owner's setup, invitations, password resets, and a signed-in account's own sessions, password and
 * two-factor. Every answer is `cache-control: no-store`. Public routes are rate-limited per address (and logins
 * per account as well); a request with an `Origin` must come from the inbox's origins, and a signed-in change
 * must also carry `X-Parley-CSRF`.
 */
export function registerAuthApi(app: TemplatedApp, options: AuthApiOptions): void {
  const { accounts, admin, allowedOrigins, trustProxy } = options;
  const limits = options.limits ?? DEFAULT_AUTH_LIMITS;
  const addressBuckets = new Map<string, TokenBucket>();
  const accountBuckets = new Map<string, TokenBucket>();
  const take = (map: Map<string, TokenBucket>, key: string, burst: number, perSecond: number, now: number): void => {
    if (perSecond <= 0) return;
    let bucket = map.get(key);
    if (!bucket) {
      if (map.size > 10_000) for (const [k, b] of map) if (b.isFull(now)) map.delete(k);
      bucket = new TokenBucket(burst, perSecond, now);
      map.set(key, bucket);
    }
    const wait = bucket.take(now);
    if (wait > 0) throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(wait / 1000)) });
  };
  const api: AuthApi = {
    accounts,
    admin,
    options,
    async signIn(made, now) {
      return {
        status: 200,
        body: await accounts.newSessionBody(made, now),
        headers: { 'set-cookie': sessionCookie(made.secret) },
      };
    },
    closeSessions(ids) {
      if (ids.length > 0) admin.closeSessionSockets(ids);
    },
  };

  const handle = async (res: HttpResponse, request: AdminRequest): Promise<void> => {
    const origin = request.headers.origin ?? '';
    const own = ownOrigins(request.headers, trustProxy, options.publicOrigin.configured);
    let headers: Record<string, string> = { 'cache-control': 'no-store' };
    try {
      const now = Date.now();
      const found = match(request.method, request.path);
      if (found === undefined || found === 'method') {
        take(addressBuckets, request.ip, limits.addressBurst, limits.addressPerSecond, now);
        throw new ApiError(
          'not_found',
          found === 'method' ? `${request.method} is not allowed on ${request.path}.` : 'No such route.',
        );
      }
      // A page of another origin never gets to use these routes (the cookie is SameSite=Strict as well).
      if (origin !== '') {
        if (!inboxOrigin(allowedOrigins, origin, own)) throw new ApiError('csrf_refused');
        headers = {
          ...headers,
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          vary: 'origin',
        };
      }
      const { route, params } = found;
      let who: SignedIn | undefined;
      if (route.access === 'public') {
        take(addressBuckets, request.ip, limits.addressBurst, limits.addressPerSecond, now);
      } else {
        const secret = sessionSecret(request.headers.cookie);
        who = secret === undefined ? undefined : await accounts.resolve(secret, now);
        if (!who) throw new ApiError('unauthorized', 'Sign in first.', { 'set-cookie': CLEARED_COOKIE });
        if (route.method !== 'GET' && (origin === '' || request.headers['x-parley-csrf'] !== who.session.csrfToken))
          throw new ApiError('csrf_refused');
      }
      // No account route takes a query parameter: one given is refused, named, as the admin API refuses those a
      // route does not declare.
      parseQuery(request, {});
      // The one place a body is parsed, as the admin API does: strict, by the route's schema, naming what is wrong.
      const body = route.requestBody ? await parseBody(request, route.requestBody) : undefined;
      const reply = await route.run(
        {
          request,
          now,
          signedIn: who,
          params,
          body,
          takeAccount: (key) => take(accountBuckets, key, limits.accountBurst, limits.accountPerSecond, now),
        },
        api,
      );
      sendReply(res, reply, request, headers);
    } catch (error) {
      let refusal: ApiError;
      if (error instanceof ApiError) refusal = error;
      else if (error instanceof AccountError) refusal = toApiError(error);
      else {
        admin.core.log.error('auth request failed', { error: String(error), path: request.path });
        refusal = new ApiError('internal');
      }
      if (refusal.code === 'payload_too_large' && request.aborted.value) return;
      if (!request.aborted.value) sendApiError(res, refusal, request.aborted, headers);
    }
  };

  app.any('/v1/auth/*', (res, req) => {
    const request = readAdminRequest(res, req, trustProxy);
    if (request.method === 'OPTIONS') {
      const origin = request.headers.origin ?? '';
      const ok = inboxOrigin(
        allowedOrigins,
        origin,
        ownOrigins(request.headers, trustProxy, options.publicOrigin.configured),
      );
      sendReply(
        res,
        { status: 204 },
        request,
        ok
          ? {
              'access-control-allow-origin': origin,
              'access-control-allow-credentials': 'true',
              'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
              'access-control-allow-headers': 'content-type, x-parley-csrf',
              'access-control-max-age': '600',
              vary: 'origin',
              'cache-control': 'no-store',
            }
          : { 'cache-control': 'no-store' },
      );
      return;
    }
    void handle(res, request);
  });
}
