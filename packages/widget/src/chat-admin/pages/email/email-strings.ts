/** The strings of the inbox's Email page, kept out of the shell: the page's chunk brings the English ones. */
export interface EmailStrings {
  title: string;
  intro: string;
  /** Said when the relay takes no mail at all (no SMTP listener, no provider webhook). */
  notReceiving: string;
  /** The title of the guide to receiving mail (the DNS records, the listener or webhook), linked after it. */
  receivingGuide: string;
  /** How mail reaches the relay now. */
  receiving: (ways: string) => string;
  smtp: string;
  webhook: string;
  address: string;
  name: string;
  nameHelp: string;
  none: string;
  add: string;
  remove: (address: string) => string;
  /** The remove button's visible text (its accessible name is `remove`'s). */
  removeShort: string;
  save: string;
  saved: string;
  /** A waiting address: a code was mailed to it; it takes no mail until entered. */
  waiting: (address: string) => string;
  code: string;
  confirm: string;
  confirmed: string;
  resend: string;
  resent: string;
}

/** English strings of the Email page. */
export const emailEn: EmailStrings = {
  title: 'Support addresses',
  intro:
    'Mail to these addresses opens a conversation in the inbox, with the sender as the contact and the subject as its title. Your replies go back by email, threaded, and the customer’s answers continue the conversation.',
  notReceiving:
    'This relay takes no mail yet: set PARLEY_INBOUND_DOMAIN with PARLEY_INBOUND_SMTP_PORT (its own SMTP listener) or PARLEY_INBOUND_SECRET (a mail provider’s webhook), and point the addresses’ mail at it.',
  receivingGuide: 'Receiving support mail, with the DNS records',
  receiving: (ways) => `Mail reaches this relay through ${ways}.`,
  smtp: 'its SMTP listener',
  webhook: 'a mail provider’s webhook',
  address: 'Address',
  name: 'Name replies are sent under',
  nameHelp: 'Empty: the site’s name.',
  none: 'No support address yet.',
  add: 'Add an address',
  remove: (address) => `Remove ${address || 'this address'}`,
  removeShort: 'Remove',
  save: 'Save',
  saved: 'Saved.',
  waiting: (address) =>
    `${address} waits for confirmation: a code was emailed to it. Until it is entered, the address takes no mail and no reply is sent from it.`,
  code: 'Code from the email',
  confirm: 'Confirm',
  confirmed: 'Confirmed.',
  resend: 'Send a new code',
  resent: 'A new code was sent.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Email page's own strings: support addresses (its chunk brings the English ones). */
    emailPage?: Partial<EmailStrings>;
  }
}
