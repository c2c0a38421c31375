/**
 * The strings of a message's "Show original" (an email reply's headers and whole text); the chunk brings the English
 * ones (a translation: `AdminStrings.emailOriginal`).
 */
export interface EmailOriginalStrings {
  /** The link on a message that came in by email. */
  show: string;
  /** The dialog's title. */
  title: string;
  headers: string;
  text: string;
  /** Under a part that was longer than what the relay keeps. */
  truncated: string;
  /** When the original came from a provider's webhook as fields rather than the email itself. */
  fromFields: string;
  /** While it loads. */
  loading: string;
  close: string;
  /** The relay keeps no original for the message. */
  none: string;
}

/** English strings of "Show original". */
export const emailOriginalEn: EmailOriginalStrings = {
  show: 'Show original',
  title: 'Original email',
  headers: 'Headers',
  text: 'Full text',
  truncated: 'Cut: the email was longer than what is kept.',
  fromFields: 'As the email provider’s webhook gave it: these fields, not the whole email.',
  loading: 'Loading…',
  close: 'Close',
  none: 'No original is kept for this message.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** A message's "Show original" (an email reply's headers and whole text; its chunk brings the English ones). */
    emailOriginal?: Partial<EmailOriginalStrings>;
  }
}
