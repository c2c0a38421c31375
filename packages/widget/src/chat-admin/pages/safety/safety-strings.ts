import type { FilterAction, LinkAction, SafetyKind, SensitiveAction } from '@parley/protocol/admin';

/**
 * The strings of the inbox's Safety page (Settings → Safety) and of a message's redactions in a conversation (the
 * "Reveal" and the folded hidden message): kept out of the shell, each chunk brings the English ones. A translation
 * goes in `AdminStrings.safetyPage`.
 */
export interface SafetyStrings {
  title: string;
  intro: string;
  /** The title of the guide to what is and is not detected, linked under the intro. */
  guide: string;
  /** Agents read the page; only admins change it. */
  readOnly: string;
  sensitiveTitle: string;
  sensitiveIntro: string;
  kinds: Record<SafetyKind, string>;
  sensitiveActions: Record<SensitiveAction, { label: string; help: string }>;
  filterTitle: string;
  filterIntro: string;
  words: string;
  wordsHelp: string;
  patterns: string;
  patternsHelp: string;
  profanity: string;
  profanityLists: Record<'en' | 'es' | 'fr' | 'de', string>;
  filterAction: string;
  filterActions: Record<FilterAction, { label: string; help: string }>;
  refusal: string;
  refusalHelp: string;
  linksTitle: string;
  linksIntro: string;
  allowDomains: string;
  flagDomains: string;
  refuseDomains: string;
  domainsHelp: string;
  otherLinks: string;
  linkActions: Record<LinkAction, string>;
  spamTitle: string;
  repeatLimit: string;
  repeatLimitHelp: string;
  networkLimit: string;
  networkLimitHelp: string;
  blockHours: string;
  blockHoursHelp: string;
  save: string;
  saved: string;
  /** A refusal about one entry of a list (a line of its field). */
  lineError: (entry: string, message: string) => string;
  // In a conversation.
  /** A replaced part's accessible description (its text, `[card ending 4242]`, is shown as it is). */
  redactedPart: string;
  reveal: string;
  revealing: string;
  /** Under a revealed message: the relay recorded who looked. */
  revealed: string;
  hide: string;
  revealFailed: (message: string) => string;
  /** A message the content filter hid: folded. */
  hiddenFold: string;
  show: string;
  fold: string;
}

/** English strings of the Safety page and of redactions in a conversation. */
export const safetyEn: SafetyStrings = {
  title: 'Safety',
  intro:
    'What happens to card numbers, IBANs and secrets people paste, which words and links this site accepts from visitors, and when a visitor is throttled as spam.',
  guide: 'What is and is not detected',
  readOnly: 'Only admins can change these settings.',
  sensitiveTitle: 'Sensitive data',
  sensitiveIntro:
    'Found in visitors’ and staff’s messages, email replies and file names before anything is stored. Visitors are warned before they send.',
  kinds: {
    card: 'Card numbers',
    iban: 'IBANs',
    ssn: 'US social security numbers',
    secret: 'Keys and tokens',
  },
  sensitiveActions: {
    redact: {
      label: 'Redact',
      help: 'Replaced by a label such as [card ending 4242] before it is stored: the original is kept nowhere.',
    },
    mask: {
      label: 'Mask for agents',
      help: 'Replaced the same way; the original is kept sealed, and staff can reveal it (each reveal is recorded).',
    },
    allow: { label: 'Allow', help: 'Stored as written.' },
  },
  filterTitle: 'Content filter',
  filterIntro: 'Visitors’ messages that contain one of these words or match one of these patterns.',
  words: 'Words and phrases',
  wordsHelp: 'One per line; matched whole, without regard to case or accents.',
  patterns: 'Patterns',
  patternsHelp: 'One regular expression per line (RE2: no look-around or back-references), without regard to case.',
  profanity: 'Built-in profanity lists',
  profanityLists: { en: 'English', es: 'Spanish', fr: 'French', de: 'German' },
  filterAction: 'What happens to a matching message',
  filterActions: {
    flag: { label: 'Flag for review', help: 'Stored and shown as usual; the conversation is flagged.' },
    hide: { label: 'Hide', help: 'Stored, but shown to staff only, folded away.' },
    refuse: { label: 'Refuse', help: 'Not stored; the visitor reads the refusal message.' },
  },
  refusal: 'Refusal message',
  refusalHelp: 'What a refused visitor reads. Empty: a plain default.',
  linksTitle: 'Links',
  linksIntro:
    'Links in visitors’ messages, by domain; a domain covers its subdomains, and the most specific list wins.',
  allowDomains: 'Allowed domains',
  flagDomains: 'Flagged domains',
  refuseDomains: 'Refused domains',
  domainsHelp: 'One per line, such as example.com (no scheme, path or port).',
  otherLinks: 'Other links',
  linkActions: { allow: 'Allow', flag: 'Flag for review', refuse: 'Refuse' },
  spamTitle: 'Spam',
  repeatLimit: 'Same text in this many conversations within an hour',
  repeatLimitHelp: 'The visitor is then throttled and flagged as spam (2 to 100).',
  networkLimit: 'New conversations per hour from one network',
  networkLimitHelp: 'Beyond it, the next are throttled and flagged (1 to 10000).',
  blockHours: 'Block after “Mark as spam” (hours)',
  blockHoursHelp: 'How long the visitor and their address stay blocked (1 to 8760).',
  save: 'Save',
  saved: 'Saved.',
  lineError: (entry, message) => `“${entry}”: ${message}`,
  redactedPart: 'hidden by the site’s safety settings',
  reveal: 'Reveal',
  revealing: 'Revealing…',
  revealed: 'Revealed for this view only. Your reveal was recorded in the audit log.',
  hide: 'Hide again',
  revealFailed: (message) => `Could not reveal: ${message}`,
  hiddenFold: 'Hidden by your content filter',
  show: 'Show',
  fold: 'Fold',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /**
     * The Safety page's own strings, and a message's redactions in a conversation (Reveal, the folded hidden message);
     * their chunks bring the English ones when this is not set.
     */
    safetyPage?: SafetyStrings;
  }
}
