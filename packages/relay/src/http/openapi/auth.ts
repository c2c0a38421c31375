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
} from '@parley/protocol/admin';
import { type Json, answer, body, errorRef, errorResponse, idParam, ok } from './openapi-parts.js';

const limited = errorRef('RateLimited');
const refusedOrigin = errorResponse(
  '`csrf_refused`: a page of another origin (and, signed in, a change without `X-Parley-CSRF`).',
);
const linkGone = errorResponse('The link was used already (`link_used`) or has expired (`link_expired`).');
const noSession = errorResponse('`unauthorized`: no live session (the cookie is cleared).');

/** An operation of `/v1/auth/*`: `signedIn` ones need the session cookie, the others are public. */
function auth(
  summary: string,
  description: string,
  signedIn: boolean,
  options: { requestBody?: Json; responses: Record<string, Json>; parameters?: Json[] },
): Json {
  return {
    summary,
    description: `${description}\n\nNever cached (\`cache-control: no-store\`).${
      signedIn
        ? ' Signed in: the session cookie; a change also needs `X-Parley-CSRF` and the inbox’s `Origin`.'
        : ' Public: limited per address.'
    }`,
    tags: ['accounts'],
    security: signedIn ? [{ sessionCookie: [] }] : [],
    'x-admin-only': false,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.requestBody ? { requestBody: options.requestBody } : {}),
    responses: {
      ...options.responses,
      '400': errorRef('BadRequest'),
      // A route with refusals of its own says them beside the origin's.
      '403': options.responses['403'] ?? refusedOrigin,
      '429': limited,
      ...(signedIn ? { '401': noSession } : {}),
    },
  };
}

/** A signed-in answer: the session, and its cookie. */
const session = (description: string): Record<string, Json> => ({
  '200': {
    ...(answer(description, Session) as Record<string, Json>),
    headers: {
      'set-cookie': {
        schema: { type: 'string' },
        description: '`__Host-parley_session=…; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=2592000`',
      },
    },
  },
});

/** Staff accounts (issue #19): sign-in, sessions, two-factor, setup, invitations, resets. (`http/auth-api.ts`.) */
export const authPaths = (): Record<string, Json> => ({
  '/v1/auth/session': {
    get: auth('The signed-in session', 'The account, its current site and role, its sites, and the CSRF token.', true, {
      responses: ok('The session.', Session),
    }),
  },
  '/v1/auth/login': {
    post: auth(
      'Sign in',
      'Checks the password (Argon2id). A wrong password and an unknown email answer alike, 401 `login_failed` “Wrong email or password.”, after the same work. With two-factor on, the answer is a challenge for `/v1/auth/login/totp` instead of a session. 10 failures in a row of one email (an account’s or not) from one client address make that pair wait 15 minutes (429 `rate_limited`, with `retry-after`, the same for unknown emails), on every relay; other addresses are not affected, and a success or a new password clears the count. Also limited per email and address in memory. Failures are in the audit log (the address, and the account when there is one).',
      false,
      {
        requestBody: body(LoginBody),
        responses: {
          ...session('Signed in (or, with two-factor, `{ challenge: "totp", challengeToken }`: no cookie yet).'),
          '401': errorResponse('`login_failed`.'),
          '429': errorResponse('`rate_limited`: this email waits at this address (`retry-after`).'),
        },
      },
    ),
  },
  '/v1/auth/login/totp': {
    post: auth(
      'Sign in: the second step',
      'A TOTP code (each works once) or one of the recovery codes (each works once), with the challenge of the first step (5 minutes). Failures count towards the wait of the email at this address. A password change or reset ends the challenges started before it.',
      false,
      {
        requestBody: body(LoginTotpBody),
        responses: {
          ...session('Signed in.'),
          '401': errorResponse('`login_failed`: “Wrong code.”'),
          '429': errorResponse('`rate_limited`.'),
        },
      },
    ),
  },
  '/v1/auth/logout': {
    post: auth('Sign out', 'Ends the session, clears the cookie and closes its sockets (4014 `revoked`).', true, {
      responses: { '204': { description: 'Signed out.' } },
    }),
  },
  '/v1/auth/setup': {
    post: auth(
      'Create the first owner',
      'With the one-time setup link the relay prints at start while no account exists (`<relay>/admin#setup=<token>`, 2 hours; a restart or `parley-relay account setup-link` makes a new one). Makes the account the owner of the default site and signs in.',
      false,
      {
        requestBody: body(SetupBody),
        responses: { ...session('The owner, signed in.'), '404': errorRef('NotFound'), '410': linkGone },
      },
    ),
  },
  '/v1/auth/setup/inspect': {
    post: auth(
      'Read a setup link',
      'Whether the one-time setup link is usable, before the owner form is filled (the token stays in the body, never in a URL): the site the owner account will own. 404 when no such link exists (a mistyped link, or one replaced by a newer one), 410 when it was used or has expired.',
      false,
      {
        requestBody: body(SetupInspect),
        responses: { ...ok('The setup link is usable.', SetupInfo), '404': errorRef('NotFound'), '410': linkGone },
      },
    ),
  },
  '/v1/auth/invitations/inspect': {
    post: auth(
      'Read an invitation',
      'What the invitation link is for, before accepting it (the token stays in the body, never in a URL).',
      false,
      {
        requestBody: body(InvitationInspect),
        responses: {
          ...ok('The invitation.', InvitationInfo),
          '404': errorRef('NotFound'),
          '410': linkGone,
        },
      },
    ),
  },
  '/v1/auth/invitations/accept': {
    post: auth(
      'Accept an invitation',
      'Creates the account (the invitation’s email, `name`, `password`), or, when an account has that email, adds the membership if `password` is its password (401 `login_failed` otherwise). Signs in on the invitation’s site, with the invitation’s role (built in, or the site’s own it names). 409 `conflict` when already a member, or when the site’s own role it gives no longer exists (nothing changes: ask for a new invitation).\n\nAccepting with an existing account is its mailbox’s owner taking it over: identities that other sites’ providers linked to it are unlinked. A link the relay emailed proves the mailbox; a link handed to the admin who made it (`emailed: false`) does not, so when the account has such identities the relay emails a code to the address (SMTP is enough: the code carries no link) and answers 403 `mailbox_code_required`; accept again with the same password and `code` (15 minutes, five tries, one new code a minute: without `code` again). A relay that sends no email answers 503 `email_unavailable` instead, saying how to go on. Nothing changes until then.',
      false,
      {
        requestBody: body(InvitationAccept),
        responses: {
          ...session('Signed in.'),
          '401': errorResponse('`login_failed`: not the existing account’s password, or a wrong code.'),
          '403': errorResponse(
            '`mailbox_code_required`: a code was emailed to the invited address (or the one given expired); `sso_required`: the site signs in through its provider; `csrf_refused`: a page of another origin.',
          ),
          '404': errorRef('NotFound'),
          '409': errorRef('Conflict'),
          '410': linkGone,
          '503': errorResponse(
            '`email_unavailable`: the mailbox must be proven with a code, and the relay sends no email.',
          ),
        },
      },
    ),
  },
  '/v1/auth/password-reset/request': {
    post: auth(
      'Ask for a password reset email',
      'Always 202, whether or not the account exists. With SMTP configured, the relay emails a one-time link (one hour) on its public origin (`PARLEY_PUBLIC_URL`, else the one it prints at start; never the request’s `Host`, which could point elsewhere); without SMTP an admin hands one over (`POST /v1/admin/team/{id}/reset-link`).',
      false,
      {
        requestBody: body(PasswordResetRequest),
        responses: { '202': { description: 'Accepted.' } },
      },
    ),
  },
  '/v1/auth/password-reset': {
    post: auth(
      'Reset the password',
      'With a reset link’s token. Every session of the account ends (their sockets close), and so do the account’s other reset links and pending sign-in challenges. The audit log of every site of the account shows it, in the name of whoever made the link.',
      false,
      {
        requestBody: body(PasswordReset),
        responses: { '204': { description: 'Reset.' }, '404': errorRef('NotFound'), '410': linkGone },
      },
    ),
  },
  '/v1/auth/site': {
    post: auth(
      'Switch site',
      'Moves the session to another site of the account (403 `forbidden` when not an active member).',
      true,
      {
        requestBody: body(SiteSwitch),
        responses: ok('The session on that site.', Session),
      },
    ),
  },
  '/v1/auth/sessions': {
    get: auth('My sessions', 'The account’s live sessions, most recently used first.', true, {
      responses: ok('Sessions.', SessionList),
    }),
  },
  '/v1/auth/sessions/{id}': {
    delete: auth('End a session', 'Revokes one of the account’s sessions; its sockets close at once.', true, {
      parameters: [idParam('session')],
      responses: { '204': { description: 'Ended.' }, '404': errorRef('NotFound') },
    }),
  },
  '/v1/auth/password': {
    post: auth(
      'Change my password',
      'Every other session of the account ends, and so do its reset links and pending sign-in challenges.',
      true,
      {
        requestBody: body(PasswordChange),
        responses: { '204': { description: 'Changed.' } },
      },
    ),
  },
  '/v1/auth/totp/setup': {
    post: auth(
      'Set up two-factor',
      'A new TOTP secret, pending until a code confirms it: the secret, its `otpauth://` URL and a QR code (an SVG document to show as an image). 409 when two-factor is on already.',
      true,
      {
        responses: {
          ...ok('The pending secret.', TotpSetup),
          '409': errorRef('Conflict'),
        },
      },
    ),
  },
  '/v1/auth/totp/enable': {
    post: auth(
      'Turn two-factor on',
      'With the account’s password again (re-authentication: a session alone does not change how the account signs in), confirms the pending secret with a code (401 `login_failed` when either is wrong).',
      true,
      {
        requestBody: body(TotpReauth),
        responses: { ...ok('On; the recovery codes.', RecoveryCodes), '409': errorRef('Conflict') },
      },
    ),
  },
  '/v1/auth/totp/disable': {
    post: auth(
      'Turn two-factor off',
      'With the password and a code. 409 `2fa_required` while a site of the account requires two-factor.',
      true,
      {
        requestBody: body(TotpReauth),
        responses: {
          '204': { description: 'Off.' },
          '409': errorResponse('`2fa_required` or `conflict` (already off).'),
        },
      },
    ),
  },
  '/v1/auth/recovery-codes': {
    post: auth(
      'New recovery codes',
      'With the account’s password again and a code (401 `login_failed` when either is wrong); the old recovery codes stop working.',
      true,
      {
        requestBody: body(TotpReauth),
        responses: ok('The new recovery codes.', RecoveryCodes),
      },
    ),
  },
});
