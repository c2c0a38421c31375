import type { AttachmentStrings } from '../attachments/attachment-strings.js';
import type { HelpStrings } from '../chat-widget/help-strings.js';
import type { SafetyStrings } from '../chat-widget/safety-strings.js';
import type { EmailStrings } from '../chat-widget/email-strings.js';
import type { LongTextStrings } from '../chat-widget/long-text-strings.js';
import type { HistoryStrings } from '../chat-widget/history-strings.js';

/** Every string `<chat-widget>` shows. Functions take the values they interpolate. */
export interface Strings {
  /** Launcher label; `count` is the unread count. */
  openChat: (count: number) => string;
  closeChat: string;
  /** @deprecated Not shown since issue #36 (kept optional so that locales which set it still compile). */
  chatWith?: (site: string) => string;
  online: string;
  away: string;
  connecting: string;
  offline: string;
  sound: string;
  soundOn: string;
  soundOff: string;
  messages: string;
  loadEarlier: string;
  loading: string;
  placeholder: string;
  send: string;
  /** The composer's emoji button and picker. */
  emoji: string;
  typing: (name: string) => string;
  someone: string;
  you: string;
  status: Record<'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed', string>;
  // The forms part's strings (`chat-widget/forms.ts`, fetched when the pre-chat or leave-a-message form shows):
  // English's are that part's own (`formsEn`), so the element's first load does not carry them; a locale without
  // them shows English.
  prechatIntro?: string;
  name?: string;
  email?: string;
  consent?: string;
  start?: string;
  skip?: string;
  awayIntro?: string;
  leaveMessage?: string;
  /** The site's pre-chat form (issue #86): the phone field, a choice's empty option, and why a value is refused. */
  phone?: string;
  choose?: string;
  fieldRequired?: string;
  fieldEmail?: string;
  fieldPhone?: string;
  fieldChoice?: string;
  fieldLong?: string;
  /** What the mark after a required field's label means (said once, under the form's intro). */
  requiredNote?: string;
  /** The message field: the composer's, and the leave-a-message form's. */
  message: string;
  /** @deprecated Not shown since issue #36 (kept optional so that locales which set it still compile). */
  required?: string;
  /**
   * The "Get notified by email" card's refusal of an address. English's is the email part's own (`invalidEmailEn`, in
   * `chat-widget/email-strings.ts`), so the element's first load does not carry it; a locale without it shows English.
   */
  invalidEmail?: string;
  notSaved: string;
  /** The presence line when no one is online and the relay sends no email. */
  awayNoEmail: string;
  /** @deprecated Moved to `emailStrings.menu` (issue #36); not read. */
  menu?: string;
  /** @deprecated Moved to `emailStrings.transcript` (issue #36); not read. */
  emailTranscript?: string;
  /** @deprecated Moved to `emailStrings.transcriptSent` (issue #36); not read. */
  transcriptSent?: (email: string) => string;
  /** @deprecated Moved to `emailStrings.transcriptFailed` (issue #36); not read. */
  transcriptFailed?: string;
  /**
   * A link from an email that could not be used (unknown, or the relay out of reach); used already (links work
   * once); past its 7 days. English is built into the chunk that follows links, so the element carries none.
   */
  linkFailed?: string;
  linkUsed?: string;
  linkExpired?: string;
  /** The mark on a bot's messages (the site's automations). */
  bot: string;
  /** Out of business hours, with no opening ahead. */
  closed: string;
  /** The greeting an empty conversation opens on when the site has none of its own (its welcome message). */
  hello: string;
  /**
   * How fast the site typically replies, in the presence line while someone is online: within a few minutes, under
   * an hour, a few hours, a day (the relay's `welcome.replySeconds`, bucketed).
   */
  replyIn: readonly [string, string, string, string];
  // The automation part's strings (`chat-widget/automation-ui.ts`, fetched when a conversation shows one of its
  // parts): English's are that part's own (`automationEn`), so the element's first load does not carry them; a
  // locale without them shows English.
  /** Out of business hours; `time` is the next opening, formatted for the visitor. */
  closedUntil?: (time: string) => string;
  /** The group of quick-reply buttons under a message. */
  quickReplies?: string;
  /** A rating's accessible name: `score` out of 5. */
  rateScore?: (score: number) => string;
  rateComment?: string;
  rateSend?: string;
  /** The mark beside the time of a message staff edited, and what one they deleted shows instead of its text. */
  edited?: string;
  deleted?: string;
  /** The list of help-center articles under a bot's answer (the AI agent's), which it drew on. */
  sources?: string;
  /**
   * The attachments' strings (paper-clip, progress, failures, lightbox), read by the attachments part when it loads.
   * English's are that part's own (`attachmentStringsEn`, in `attachments/attachment-strings.ts`), so the element's
   * first load does not carry them; a locale without them shows English.
   */
  attachments?: AttachmentStrings;
  /**
   * The email part's strings (the header's menu, the "Get notified by email" card), read by that part when it loads;
   * English's are the part's own (`emailStringsEn`, in `chat-widget/email-strings.ts`). A locale without them shows
   * English.
   */
  emailStrings?: EmailStrings;
  /**
   * The safety part's strings (the warning under the composer on a site that hides sensitive data, issue #39), read by
   * that part when it loads; English's are the part's own (`safetyStringsEn`, in `chat-widget/safety-strings.ts`). A
   * locale without them shows English.
   */
  safetyStrings?: SafetyStrings;
  /**
   * The help part's strings (the Help tab, and the articles suggested while the visitor types, issue #42), read by
   * that part when it loads; English's are the part's own (`helpStringsEn`, in `chat-widget/help-strings.ts`). A
   * locale without them shows English.
   */
  helpStrings?: HelpStrings;
  /**
   * The long-text part's strings (a message longer than one holds, issue #81); English's are the part's own
   * (`longTextStringsEn`, in `chat-widget/long-text-part.ts`). A locale without them shows English.
   */
  longTextStrings?: LongTextStrings;
  /**
   * The past conversations' strings (issue #86); English's are the part's own (`historyStringsEn`, in
   * `chat-widget/history-part.ts`). A locale without them shows English.
   */
  historyStrings?: HistoryStrings;
}

/** English, the fallback for every missing locale. */
export const en: Strings = {
  openChat: (count) => (count > 0 ? `Open chat, ${count} unread` : 'Open chat'),
  closeChat: 'Close chat',
  online: 'We’re online',
  away: 'We’ll reply by email',
  connecting: 'Connecting…',
  offline: 'You’re offline — we’ll send your messages when you’re back.',
  sound: 'Sound',
  soundOn: 'Sound on',
  soundOff: 'Sound off',
  messages: 'Messages',
  loadEarlier: 'Load earlier messages',
  loading: 'Loading…',
  placeholder: 'Write a message…',
  send: 'Send',
  emoji: 'Emoji',
  typing: (name) => `${name} is typing…`,
  someone: 'Someone',
  you: 'You',
  status: {
    queued: 'Queued',
    sending: 'Sending',
    sent: 'Sent',
    delivered: 'Delivered',
    read: 'Read',
    failed: 'Not sent',
  },
  message: 'Message',
  notSaved: 'Messages are kept in this tab only (private mode).',
  awayNoEmail: 'We’ll reply here when we’re back',
  bot: 'Automated',
  closed: 'We’re away',
  hello: 'Hi there! Ask us anything.',
  replyIn: [
    'Typically replies in a few minutes',
    'Typically replies in under an hour',
    'Typically replies in a few hours',
    'Typically replies within a day',
  ],
};
