import { randomId } from '../auth/tokens.js';
import type { Mailer } from './mailer.js';
import { escapeHtml } from './templates.js';

/** A one-time code to email: who gets it, what the mail says before it and after it. */
export interface CodeMail {
  readonly to: string;
  readonly subject: string;
  /** The paragraphs before the code: who asked for what, and where to enter it. */
  readonly lines: readonly string[];
  readonly code: string;
  /** The paragraph after it: what happens if it is ignored. */
  readonly after: string;
  /** The Message-ID's prefix (`confirm`, `verify`): what kind of code it was, in the mail's headers. */
  readonly kind: string;
}

/**
 * Emails a one-time code that proves a mailbox (a support address's confirmation, an SSO domain's verification):
 * sent at once, not through the outbox, since the code must not rest in the database (only its hash is kept), in
 * plain text and HTML, marked auto-generated. Resolves false when it could not be sent.
 */
export async function sendCodeMail(mailer: Mailer, mail: CodeMail): Promise<boolean> {
  const text = [...mail.lines, '', mail.code, '', mail.after].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5">${mail.lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}<p style="font-size:1.5em;font-family:monospace">${escapeHtml(mail.code)}</p><p>${escapeHtml(
    mail.after,
  )}</p></body></html>`;
  try {
    await mailer.send({
      to: mail.to,
      subject: mail.subject,
      text,
      html,
      messageId: `<${randomId(mail.kind)}@parley>`,
      language: 'en',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return true;
  } catch {
    return false;
  }
}
