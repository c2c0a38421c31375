/**
 * The strings of the inbox's Widget words page (Settings → Widget words), kept out of the shell: the page's chunk
 * brings the English ones. A translation goes in `AdminStrings.widgetStringsPage`.
 */
export interface WidgetStringsPageStrings {
  title: string;
  intro: string;
  /** Agents read the page; only admins change it. */
  readOnly: string;
  locale: string;
  localeHelp: string;
  /** Shows the words of the locale typed in the field. */
  show: string;
  /** The locales the site has words in, before their links. */
  saved: string;
  none: string;
  /** The groups of the catalogue's keys, as the widget shows them. */
  groups: Record<'chat' | 'forms' | 'email' | 'rating' | 'help', string>;
  /** Under a field: the widget's own word (English). */
  defaultIs: (text: string) => string;
  /** Under a field whose key has placeholders: the ones to keep. */
  keep: (placeholders: string) => string;
  reset: string;
  save: string;
  savedLocale: (locale: string) => string;
  /** A tag that is not one (checked before asking the relay). */
  badLocale: string;
}

/** English strings of the Widget words page. */
export const widgetStringsEn: WidgetStringsPageStrings = {
  title: 'Widget words',
  intro:
    'Change what the chat widget says, per language: its greeting, buttons, the email ask and more. A field left empty shows the widget’s own word in the visitor’s language. Texts show as typed, never as HTML.',
  readOnly: 'Only admins change the widget’s words.',
  locale: 'Language',
  localeHelp:
    'A language tag: de, fr, pt-BR… A visitor gets the words of their language’s tag, else of its language (pt-BR → pt).',
  show: 'Show',
  saved: 'Languages with words of your own:',
  none: 'None yet.',
  groups: {
    chat: 'Chat',
    forms: 'Pre-chat and leave-a-message forms',
    email: 'Email ask and menu',
    rating: 'Rating',
    help: 'Help tab',
  },
  defaultIs: (text) => `Default (English): ${text}`,
  keep: (placeholders) => `Keep ${placeholders}: the widget fills it in.`,
  reset: 'Reset to default',
  save: 'Save words',
  savedLocale: (locale) => `Saved the words of ${locale}.`,
  badLocale: 'Enter a language tag, like de or pt-BR.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Widget words page's own strings; its chunk brings the English ones when this is not set. */
    widgetStringsPage?: WidgetStringsPageStrings;
  }
}
