import { sendCodeMail, type Mailer } from '../email/public.js';
import type { Confirmation } from './support-addresses.js';

/**
 * Emails a support address its confirmation code (issue #80): whoever reads the address's mail enters it in the
 * inbox, and only then does the address take mail and send replies for the site. Resolves false when it could not be
 * sent.
 */
export function sendSupportConfirmation(
  mailer: Mailer,
  confirmation: Confirmation,
  siteName: string,
): Promise<boolean> {
  return sendCodeMail(mailer, {
    to: confirmation.address,
    subject: `Confirm ${confirmation.address} as a support address`,
    lines: [
      `Someone asked for ${confirmation.address} to be a support address of ${siteName} on Parley: mail to it would open conversations there, and replies would be sent from it.`,
      'If that was you or your team, enter this code where the address was added (Settings, Email), within 24 hours:',
    ],
    code: confirmation.code,
    after: 'If not, ignore this email: until the code is entered, the address takes no mail and sends nothing there.',
    kind: 'confirm',
  });
}
