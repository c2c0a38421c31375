import type { AccountEmail } from '../auth/account-mail.js';
import { randomId } from '../auth/tokens.js';
import type { Mailer } from './mailer.js';
import { escapeHtml } from './templates.js';

/** The subject, the lines before the link or code, and the line after, of each kind. */
function wording(email: AccountEmail): { subject: string; lines: string[]; after?: string } {
  if (email.kind === 'invite')
    return {
      subject: `You are invited to ${email.siteName} on Parley`,
      lines: [
        `${email.inviter} invited you to answer chats for ${email.siteName}.`,
        'Open this link to choose your password (it works once, for 7 days):',
      ],
    };
  if (email.kind === 'invite-code')
    return {
      subject: `Your code to join ${email.siteName} on Parley`,
      lines: [
        `Someone is accepting an invitation to ${email.siteName} on Parley with the password of your account.`,
        'If it is you, enter this code where you accept it (it works for 15 minutes):',
      ],
      after: 'If it was not you, ignore this email: without the code, nothing changes.',
    };
  return {
    subject: 'Reset your Parley password',
    lines: [
      'Someone asked to reset the password of your Parley account.',
      'Open this link to choose a new one (it works once, for an hour):',
    ],
    after: 'If it was not you, ignore this email: your password stays as it is.',
  };
}

/**
 * Sends an invitation, its code or a password reset link by email, at once (not through the outbox: the token or
 * code must not rest in the database, and the admin learns right away whether it went, else gets the link to hand over).
 * Resolves false when it could not be sent.
 */
export async function sendAccountEmail(mailer: Mailer, to: string, email: AccountEmail): Promise<boolean> {
  const { subject, lines, after } = wording(email);
  const shown = email.kind === 'invite-code' ? email.code : email.link;
  const text = [...lines, shown, ...(after ? ['', after] : [])].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5">${lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}${
    email.kind === 'invite-code'
      ? `<p style="font-size:1.5em;font-family:monospace">${escapeHtml(shown)}</p>`
      : `<p><a href="${escapeHtml(shown)}">${escapeHtml(shown)}</a></p>`
  }${after ? `<p>${escapeHtml(after)}</p>` : ''}</body></html>`;
  try {
    await mailer.send({
      to,
      subject,
      text,
      html,
      messageId: `<${randomId('acct')}@parley>`,
      language: 'en',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return true;
  } catch {
    return false;
  }
}
