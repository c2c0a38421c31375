/**
 * The strings of starting a conversation by email, above the conversation list; the chunk brings the English ones (a
 * translation: `AdminStrings.emailStart`).
 */
export interface EmailStartStrings {
  /** The action's button. */
  newEmail: string;
  /** The form's heading. */
  title: string;
  from: string;
  to: string;
  name: string;
  subject: string;
  message: string;
  send: string;
  cancel: string;
  /** The site has no address to send from. */
  noSenders: string;
  /** A sender's kind, after its address in the From list. */
  mailbox: string;
  support: string;
}

/** English strings of starting a conversation by email. */
export const emailStartEn: EmailStartStrings = {
  newEmail: 'New email',
  title: 'Write to a customer by email',
  from: 'From',
  to: 'To (email address)',
  name: 'Their name (optional)',
  subject: 'Subject',
  message: 'Message',
  send: 'Send',
  cancel: 'Cancel',
  noSenders:
    'There is no address to send from yet: an admin connects a mailbox (Settings → Mailboxes) or confirms a support address.',
  mailbox: 'mailbox',
  support: 'support address',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** Starting a conversation by email, above the list (its chunk brings the English ones). */
    emailStart?: Partial<EmailStartStrings>;
  }
}
