import { createHash, randomInt } from 'node:crypto';
import type { AccountRepository, AuthLink } from '../store/account-store.js';
import { AccountError } from './account-error.js';

/** How long a code emailed for an invitation works (ms). */
export const INVITATION_CODE_TTL_MS = 15 * 60_000;
/** Tries of one code, right or wrong; then a new one must be sent. */
export const INVITATION_CODE_ATTEMPTS = 5;
/** The least time between two codes for one invitation (ms): its holder cannot flood the mailbox. */
export const INVITATION_CODE_RESEND_MS = 60_000;

/** Characters of a code: no 0/O, 1/I/L, so that it reads aloud and types back. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A code, `XXXX-XXXX` (8 of 31 characters: 39 bits, against at most five tries a code). */
export function newInvitationCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += (i === 4 ? '-' : '') + ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** What is stored of a code: the SHA-256 of it without dashes or spaces, upper-cased (as typed, read back). */
export function invitationCodeHash(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
}

/**
 * Emails `code` to the invited address `to` for an invitation to `siteId` (the relay's mailer: it needs SMTP, not a
 * public URL, since a code carries no link). Resolves false when it could not be sent.
 */
export type InvitationCodeMailer = (to: string, code: string, siteId: string) => Promise<boolean>;

/** How the invited address's mailbox was proven when an invitation was accepted. */
export type MailboxProof = 'link' | 'code' | 'none';

/**
 * Proves the mailbox of a handed-over invitation's address with a code emailed to it (issue #80): without `code`,
 * emails a new one (at most one a minute) and refuses with 403 `mailbox_code_required`; with it, spends it (five
 * tries a code, 15 minutes). Refuses with 503 `email_unavailable` when the relay sends no email. Nothing else changes
 * until the code is right.
 */
export async function proveMailboxByCode(
  repo: AccountRepository,
  link: AuthLink,
  code: string | undefined,
  mailer: InvitationCodeMailer | undefined,
  now: number,
): Promise<void> {
  const email = link.email ?? '';
  if (mailer === undefined)
    throw new AccountError(
      'email_unavailable',
      `The account of ${email} is linked to another site’s single sign-on, and accepting takes it over: that needs a code emailed to ${email}, and this relay sends no email. Ask whoever invited you to have email set up on the relay (then accept again), or ask the relay’s operator for a password reset link (parley-relay account reset-link), set a password with it, and accept again.`,
    );
  if (code !== undefined) {
    const used = await repo.useInvitationCode(
      link.tokenHash,
      invitationCodeHash(code),
      now,
      INVITATION_CODE_TTL_MS,
      INVITATION_CODE_ATTEMPTS,
    );
    if (used === 'right') return;
    if (used === 'wrong') throw new AccountError('login_failed', 'Wrong code.');
    throw new AccountError(
      'mailbox_code_required',
      'That code expired or was tried too many times: accept without a code for a new one.',
    );
  }
  const fresh = newInvitationCode();
  const issued = await repo.issueInvitationCode(
    link.tokenHash,
    invitationCodeHash(fresh),
    now,
    INVITATION_CODE_RESEND_MS,
  );
  if (!issued.ok)
    throw new AccountError(
      'mailbox_code_required',
      `A code was emailed to ${email} less than a minute ago: enter it, or ask again in a minute for a new one.`,
    );
  if (!(await mailer(email, fresh, link.siteId ?? '')))
    throw new AccountError('email_unavailable', 'The code could not be emailed just now: try again in a minute.');
  throw new AccountError(
    'mailbox_code_required',
    `This invitation was handed to you, not emailed, and accepting takes over an existing account: enter the code just emailed to ${email} (it works for 15 minutes).`,
  );
}
