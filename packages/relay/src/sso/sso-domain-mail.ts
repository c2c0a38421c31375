import { sendCodeMail } from '../email/public.js';
import type { Mailer } from '../email/public.js';

/** A domain's code to mail: where, for which domain, and the code (never stored, never logged). */
export interface DomainCodeMail {
  readonly address: string;
  readonly domain: string;
  readonly code: string;
}

/**
 * Emails the code that verifies a single sign-on domain for a site (issue #80), to the address at the domain the
 * site's admin picked: whoever reads that mail enters it on the inbox's Single sign-on page. A code, not a link: it
 * works without a public URL. Resolves false when it could not be sent.
 */
export function sendDomainCode(mailer: Mailer, mail: DomainCodeMail, siteName: string): Promise<boolean> {
  return sendCodeMail(mailer, {
    to: mail.address,
    subject: `Verify ${mail.domain} for single sign-on`,
    lines: [
      `Someone asked to verify ${mail.domain} for ${siteName} on Parley: its single sign-on would then make staff accounts for people with addresses at ${mail.domain}, and no other site of that Parley could.`,
      'If that was you or your team, enter this code where it was asked (Settings, Single sign-on), within 24 hours:',
    ],
    code: mail.code,
    after: `If not, ignore this email: without the code, nothing changes for ${mail.domain}.`,
    kind: 'verify',
  });
}
