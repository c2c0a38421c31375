import { randomId } from '../auth/tokens.js';
import type { Mailer } from './mailer.js';
import { escapeHtml } from './templates.js';

/** What an account email says: an invitation to a site, or a password reset. */
export type AccountEmail =
  | { readonly kind: 'invite'; readonly siteName: string; readonly inviter: string; readonly link: string }
  | { readonly kind: 'reset'; readonly link: string };

/**
 * Sends an invitation or a password reset link by email, at once (not through the outbox: the link's token must
 * not rest in the database, and the admin learns right away whether it went, else gets the link to hand over).
 * Resolves false when it could not be sent.
 */
export async function sendAccountEmail(mailer: Mailer, to: string, email: AccountEmail): Promise<boolean> {
  const subject =
    email.kind === 'invite' ? `You are invited to ${email.siteName} on Parley` : 'Reset your Parley password';
  const lines =
    email.kind === 'invite'
      ? [
          `${email.inviter} invited you to answer chats for ${email.siteName}.`,
          'Open this link to choose your password (it works once, for 7 days):',
        ]
      : [
          'Someone asked to reset the password of your Parley account.',
          'Open this link to choose a new one (it works once, for an hour):',
        ];
  const after =
    email.kind === 'reset' ? 'If it was not you, ignore this email: your password stays as it is.' : undefined;
  const text = [...lines, email.link, ...(after ? ['', after] : [])].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5">${lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}<p><a href="${escapeHtml(email.link)}">${escapeHtml(email.link)}</a></p>${
    after ? `<p>${escapeHtml(after)}</p>` : ''
  }</body></html>`;
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
