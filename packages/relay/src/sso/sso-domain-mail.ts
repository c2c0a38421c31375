import { randomId } from '../auth/tokens.js';
import type { Mailer } from '../email/mailer.js';
import { escapeHtml } from '../email/templates.js';

/** A domain's code to mail: where, for which domain, and the code (never stored, never logged). */
export interface DomainCodeMail {
  readonly address: string;
  readonly domain: string;
  readonly code: string;
}

/**
 * Emails the code that verifies a single sign-on domain for a site (issue #80), to the address at the domain the
 * site's admin picked: whoever reads that mail enters it on the inbox's Single sign-on page. A code, not a link: it
 * works without a public URL. Sent at once, not through the outbox (only the code's hash rests in the database).
 * Resolves false when it could not be sent.
 */
export async function sendDomainCode(mailer: Mailer, mail: DomainCodeMail, siteName: string): Promise<boolean> {
  const lines = [
    `Someone asked to verify ${mail.domain} for ${siteName} on Parley: its single sign-on would then make staff accounts for people with addresses at ${mail.domain}, and no other site of that Parley could.`,
    'If that was you or your team, enter this code where it was asked (Settings, Single sign-on), within 24 hours:',
  ];
  const after = `If not, ignore this email: without the code, nothing changes for ${mail.domain}.`;
  const text = [...lines, '', mail.code, '', after].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5">${lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}<p style="font-size:1.5em;font-family:monospace">${escapeHtml(mail.code)}</p><p>${escapeHtml(
    after,
  )}</p></body></html>`;
  try {
    await mailer.send({
      to: mail.address,
      subject: `Verify ${mail.domain} for single sign-on`,
      text,
      html,
      messageId: `<${randomId('verify')}@parley>`,
      language: 'en',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return true;
  } catch {
    return false;
  }
}
