/**
 * The strings of the inbox's Automations page, kept out of the shell: the page's chunk brings the English ones; a translation
 * goes in `AdminStrings.automationsPage`.
 */
export interface AutomationsStrings {
  automationsTitle: string;
  automationsIntro: string;
  botName: string;
  openNow: (until: string | undefined) => string;
  closedNow: (until: string | undefined) => string;
  hoursTitle: string;
  hoursEnabled: string;
  openDay: (day: string) => string;
  opensAt: string;
  closesAt: string;
  holidays: string;
  welcomeTitle: string;
  welcomeEnabled: string;
  awayTitle: string;
  awayEnabled: string;
  awayHelp: string;
  awayEmailTexts: string;
  csatTitle: string;
  csatEnabled: string;
  emailAskTitle: string;
  /** The wait's field, in seconds. */
  emailAskAfter: string;
  emailAskHelp: string;
  textIn: (language: string) => string;
}

/** English strings of the page. */
export const automationsEn: AutomationsStrings = {
  automationsTitle: 'Automations',
  automationsIntro:
    'The bot answers for you: a welcome message, a reply to visitors who write out of hours, and a rating request when you resolve a conversation. Staff can still answer at any time.',
  botName: 'Bot name',
  openNow: (until) => (until ? `Open now, until ${until}.` : 'Open now.'),
  closedNow: (until) => (until ? `Closed now, opens ${until}.` : 'Closed now.'),
  hoursTitle: 'Business hours',
  hoursEnabled: 'Keep business hours',
  openDay: (day) => `Open on ${day}`,
  opensAt: 'Opens',
  closesAt: 'Closes',
  holidays: 'Holidays (closed all day), one date per line as YYYY-MM-DD',
  welcomeTitle: 'Welcome message',
  welcomeEnabled: 'Send a welcome message in new conversations',
  awayTitle: 'Away reply',
  awayEnabled: 'Reply to visitors who write out of hours (once per conversation until you open again)',
  awayHelp: '{time} is replaced by the next opening, in the visitor’s language and time zone.',
  awayEmailTexts: 'When the visitor’s email is known',
  csatTitle: 'Ratings',
  csatEnabled: 'Ask for a 1–5 rating when a conversation is resolved',
  emailAskTitle: 'Asking for the visitor’s email',
  emailAskAfter: 'Ask after this many seconds without a reply (5 to 3600)',
  emailAskHelp:
    'The chat asks a visitor who wrote, and whose email is not known, for an email to reply to: when no one is available, out of hours, or when no one has replied this long after their last message. Empty: 120 seconds.',
  textIn: (language) => `Text in ${language}`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Automations page's own strings (its chunk brings the English ones when this is not set). */
    automationsPage?: AutomationsStrings;
  }
}
