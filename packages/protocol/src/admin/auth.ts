import * as z from 'zod/mini';
import { type Components, doc, list } from './document.js';

/**
 * Staff accounts (issue #19), `/v1/auth/*`: sign-in, sessions, two-factor, setup, invitations, resets. The bodies
 * are strict (an unknown field is refused). Where the document shows less than the relay checks (an email's
 * pattern, a password's `minLength: 1`, a code's length), `omit` keeps it as it was published.
 */

const Email = z
  .string()
  .check(
    z.minLength(3),
    z.maxLength(254),
    z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
    doc({ omit: ['minLength', 'pattern'] }),
  );
// How strong a new password must be is checked apart (400 `weak_password`), so that an old one still signs in.
const Password = z.string().check(
  z.minLength(1),
  z.maxLength(1024),
  doc({
    description: '10 to 256 characters, not the account’s email (400 `weak_password` for a new one).',
    omit: ['minLength'],
  }),
);
/** The token of a one-time link or of a sign-in challenge. */
const Token = z.string().check(z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));
const Name = z.string().check(z.minLength(1), z.maxLength(120));
// The body only bounds a code's length: the relay trims it, and a wrong one is 401 `login_failed`, not 400.
const Code = z
  .string()
  .check(
    z.minLength(6),
    z.maxLength(12),
    doc({ pattern: '^[0-9]{6}$', omit: ['minLength', 'maxLength'], description: 'A 6-digit TOTP code.' }),
  );
const Role = z.enum(['owner', 'admin', 'agent']);

/** `POST /v1/auth/login`. */
export const LoginBody = z.strictObject({ email: Email, password: Password });

/** `POST /v1/auth/login/totp`: the challenge of the first step, and a TOTP code or a recovery code. */
export const LoginTotpBody = z
  .union([
    z.strictObject({ challengeToken: Token, code: Code }).check(doc({ omit: ['additionalProperties'] })),
    z
      .strictObject({
        challengeToken: Token,
        recoveryCode: z.string().check(z.minLength(8), z.maxLength(32), doc({ omit: ['minLength'] })),
      })
      .check(doc({ omit: ['additionalProperties'] })),
  ])
  .check(doc({ exclusive: true }));

/** `POST /v1/auth/setup`: the setup link's token and the first owner. */
export const SetupBody = z.strictObject({ token: Token, email: Email, name: Name, password: Password });

/** `POST /v1/auth/setup/inspect`: a setup link's token. */
export const SetupInspect = z.strictObject({ token: Token });

/** `POST /v1/auth/invitations/inspect`: an invitation link's token. */
export const InvitationInspect = z.strictObject({ token: Token });

/**
 * The code the relay emails to an invited address when accepting a handed-over invitation must prove the mailbox
 * (`XXXX-XXXX`; dashes, spaces and case do not matter).
 */
const MailboxCode = z
  .string()
  .check(
    z.minLength(8),
    z.maxLength(16),
    doc({ description: 'The code emailed to the invited address (403 `mailbox_code_required` asks for it).' }),
  );

/**
 * `POST /v1/auth/invitations/accept`: a new account's name and password, or an existing account's password (and,
 * when the relay asks for it, the code it emailed to the invited address).
 */
export const InvitationAccept = z.strictObject({
  token: Token,
  name: z.optional(Name),
  password: Password,
  code: z.optional(MailboxCode),
});

/** `POST /v1/auth/password-reset/request`. */
export const PasswordResetRequest = z.strictObject({ email: Email });

/** `POST /v1/auth/password-reset`: a reset link's token and the new password. */
export const PasswordReset = z.strictObject({ token: Token, password: Password });

/** `POST /v1/auth/site`: the site to move the session to. */
export const SiteSwitch = z.strictObject({
  siteId: z.string().check(z.minLength(1), z.maxLength(128), doc({ omit: ['minLength', 'maxLength'] })),
});

/** `POST /v1/auth/password`. */
export const PasswordChange = z.strictObject({ currentPassword: Password, newPassword: Password });

/**
 * `POST /v1/auth/totp/enable`, `/totp/disable` and `/recovery-codes`: the password again and a code (a change to
 * how the account signs in re-authenticates, issue #33).
 */
export const TotpReauth = z.strictObject({ password: Password, code: Code });

/** A signed-in browser: the account, its current site and role there, its sites, the CSRF token. */
export const Session = z
  .object({
    account: z.object({ id: z.string(), email: z.string(), name: z.string(), totpEnabled: z.boolean() }),
    /** The site the session is on now (`POST /v1/auth/site` switches it). */
    site: z.object({ id: z.string(), name: z.string() }),
    /** The account's role on that site. */
    role: Role,
    /** Every site the account belongs to, with its role there. */
    sites: z.array(z.object({ id: z.string(), name: z.string(), role: Role })),
    csrfToken: z.string().check(doc({ description: 'Send as `X-Parley-CSRF` with every change.' })),
    require2faSetup: z.boolean().check(
      doc({
        description: 'The site requires two-factor and the account has none: only `/v1/auth/*` answers until it is on.',
      }),
    ),
    require2faCode: z.optional(
      z.boolean().check(
        doc({
          description:
            'The site requires two-factor, the account has it, and this session was opened without the code (an invitation accepted, a setup link, a session from before the relay recorded it): only `/v1/auth/*` answers until the person signs in again with the code. Absent from older relays.',
        }),
      ),
    ),
  })
  .check(
    doc({
      description: 'A signed-in browser: the account, its current site and role there, its sites, the CSRF token.',
    }),
  );

/**
 * `POST /v1/auth/login` with two-factor on: the second step is due (`/v1/auth/login/totp`), no cookie yet. The
 * document says so in the answer's prose, and shows the answer as a {@link Session}, as it always did.
 */
export const TotpChallenge = z.object({ challenge: z.literal('totp'), challengeToken: z.string() });

/** `POST /v1/auth/setup/inspect`: the setup link is usable; the site its account will own. */
export const SetupInfo = z.object({ siteName: z.string() });

/** `POST /v1/auth/invitations/inspect`: what the link is for. */
export const InvitationInfo = z.object({
  email: z.string(),
  siteName: z.string(),
  role: z.enum(['admin', 'agent']),
  customRole: z.optional(
    z
      .object({ id: z.string(), name: z.string() })
      .check(doc({ description: 'The site’s own role accepting gives, when the invitation names one.' })),
  ),
  accountExists: z.boolean().check(doc({ description: 'Accepting then takes that account’s password.' })),
});

/** A live session of the account (`GET /v1/auth/sessions`). */
export const SessionInfo = z.object({
  id: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  userAgent: z.string(),
  ip: z.string(),
  /** This browser's. */
  current: z.boolean(),
});

/** `GET /v1/auth/sessions`: most recently used first. */
export const SessionList = list(SessionInfo);

/** `POST /v1/auth/totp/setup`: the pending secret, its `otpauth://` URL and a QR code (an SVG document). */
export const TotpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });

/** `POST /v1/auth/totp/enable` and `/v1/auth/recovery-codes`: ten recovery codes, shown once. */
export const RecoveryCodes = z.object({
  recoveryCodes: z
    .array(z.string())
    .check(
      z.minLength(10),
      z.maxLength(10),
      doc({ description: 'Shown once; each works once instead of a code. Only their hashes are kept.' }),
    ),
});

export type LoginBody = z.input<typeof LoginBody>;
export type LoginTotpBody = z.input<typeof LoginTotpBody>;
export type SetupBody = z.input<typeof SetupBody>;
export type SetupInspect = z.input<typeof SetupInspect>;
export type InvitationInspect = z.input<typeof InvitationInspect>;
export type InvitationAccept = z.input<typeof InvitationAccept>;
export type PasswordResetRequest = z.input<typeof PasswordResetRequest>;
export type PasswordReset = z.input<typeof PasswordReset>;
export type SiteSwitch = z.input<typeof SiteSwitch>;
export type PasswordChange = z.input<typeof PasswordChange>;
export type TotpReauth = z.input<typeof TotpReauth>;
export type Session = z.output<typeof Session>;
export type TotpChallenge = z.output<typeof TotpChallenge>;
export type SetupInfo = z.output<typeof SetupInfo>;
export type InvitationInfo = z.output<typeof InvitationInfo>;
export type SessionInfo = z.output<typeof SessionInfo>;
export type SessionList = z.output<typeof SessionList>;
export type TotpSetup = z.output<typeof TotpSetup>;
export type RecoveryCodes = z.output<typeof RecoveryCodes>;

/** This area's named schemas in the document. */
export const authComponents: Components = { Session };
