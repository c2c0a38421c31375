/** What an account email says: an invitation to a site, the code that accepts a handed-over one, or a reset. */
export type AccountEmail =
  | { readonly kind: 'invite'; readonly siteName: string; readonly inviter: string; readonly link: string }
  | { readonly kind: 'invite-code'; readonly siteName: string; readonly code: string }
  | { readonly kind: 'reset'; readonly link: string };

/**
 * Sends an account email to `to` at once; resolves false when it could not be sent. Outgoing mail's (`email/`, its
 * `sendAccountEmail` over its mailer): the relay's start hands it to the accounts' routes when it sends email, so
 * that they send resets and invitation codes without importing the email feature.
 */
export type AccountMail = (to: string, email: AccountEmail) => Promise<boolean>;
