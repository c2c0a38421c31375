import { randomId } from '../auth/tokens.js';
import type { Mailer } from './mailer.js';
import type { Confirmation } from './support-addresses.js';
import { escapeHtml } from './templates.js';

/**
 * Emails a support address its confirmation code (issue #80): whoever reads the address's mail enters it in the
 * inbox, and only then does the address take mail and send replies for the site. Sent at once, not through the
 * outbox (the code must not rest in the database: only its hash is kept). Resolves false when it could not be sent.
 */
export async function sendSupportConfirmation(
  mailer: Mailer,
  confirmation: Confirmation,
  siteName: string,
): Promise<boolean> {
  const lines = [
    `Someone asked for ${confirmation.address} to be a support address of ${siteName} on Parley: mail to it would open conversations there, and replies would be sent from it.`,
    'If that was you or your team, enter this code where the address was added (Settings, Email), within 24 hours:',
  ];
  const after =
    'If not, ignore this email: until the code is entered, the address takes no mail and sends nothing there.';
  const text = [...lines, '', confirmation.code, '', after].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5">${lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}<p style="font-size:1.5em;font-family:monospace">${escapeHtml(confirmation.code)}</p><p>${escapeHtml(
    after,
  )}</p></body></html>`;
  try {
    await mailer.send({
      to: confirmation.address,
      subject: `Confirm ${confirmation.address} as a support address`,
      text,
      html,
      messageId: `<${randomId('confirm')}@parley>`,
      language: 'en',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return true;
  } catch {
    return false;
  }
}
