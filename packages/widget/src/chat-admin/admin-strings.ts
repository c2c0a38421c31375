import { anonymousVisitor } from '@parley/protocol';

import type { ConversationStatus, InboxView, Priority } from './admin-types.js';

/** Every string `<chat-admin>` shows. Functions take the values they interpolate. */
export interface AdminStrings {
  title: string;
  signOut: string;
  /** The account menu's link to the Account page. */
  account: string;
  badToken: string;
  inbox: string;
  broadcasts: string;
  stats: string;
  settings: string;
  shortcuts: string;
  close: string;
  views: Record<InboxView, string>;
  statuses: Record<ConversationStatus, string>;
  priorities: Record<Priority, string>;
  search: string;
  conversations: string;
  noConversations: string;
  unread: (count: number) => string;
  visitor: string;
  /** Names a visitor with neither a name nor an email (default: "Visitor #" and the end of their id). */
  anonymous: (id: string) => string;
  you: string;
  /** Names a staff member whose name is not known, before their message in the list. */
  colleague: string;
  note: string;
  noteBadge: string;
  /** The mark on a message its author edited; its tooltip says when (`time`). */
  edited: string;
  editedAt: (time: string) => string;
  /** What a message its author deleted shows instead of its text. */
  messageDeleted: string;
  /** Beside the name of a visitor's message that came as a reply by email. */
  emailBadge: string;
  reply: string;
  replyPlaceholder: string;
  notePlaceholder: string;
  send: string;
  addNote: string;
  loadEarlier: string;
  loading: string;
  messages: string;
  typing: (name: string) => string;
  read: string;
  delivered: string;
  sent: string;
  queued: string;
  failed: string;
  selectConversation: string;
  back: string;
  status: string;
  priority: string;
  assignee: string;
  unassigned: string;
  me: (name: string) => string;
  labels: string;
  addLabel: string;
  removeLabel: (label: string) => string;
  resolve: string;
  reopen: string;
  visitorPanel: string;
  name: string;
  email: string;
  reveal: string;
  hide: string;
  currentPage: string;
  browser: string;
  localTime: string;
  language: string;
  /** The pre-chat consent row of the visitor panel. */
  consent: string;
  noConsent: string;
  consentGiven: (version: string, when: string) => string;
  online: string;
  offline: string;
  /** The visitor panel's row for an identified user: only the user id is signed by the site's backend. */
  identity: string;
  verifiedId: string;
  /** The visitor panel's badge when a delivery report said the visitor's email fails (issue #38), and its text. */
  emailBouncing: string;
  emailBouncingHelp: (when: string) => string;
  unknown: string;
  cannedResponses: string;
  noCanned: string;
  /** The composer's confirm before sending a lone `/word` that names no saved reply. */
  unknownShortcut: (word: string) => string;
  sendAnyway: string;
  /** The composer's list of teammates to mention (`@` in a note), and what it says when none matches. */
  teammates: string;
  noTeammate: string;
  /** The composer's emoji button, and its grid's name. */
  emoji: string;
  notifications: string;
  /** The retention field of the settings dialog (admins). */
  retention: string;
  retentionHint: (effectiveDays: number, defaultDays: number) => string;
  save: string;
  sound: string;
  desktop: string;
  notifyConversation: string;
  notifyMessage: string;
  notifyVisitor: string;
  desktopBlocked: string;
  newConversation: (who: string) => string;
  newMessage: (who: string) => string;
  /** A colleague named me with @ in a note. */
  mentioned: (who: string) => string;
  visitorConnected: (who: string) => string;
  connection: Record<'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed', string>;
  staffOnline: string;
  refresh: string;
  loadMore: string;
  saved: string;
  shortcutList: [keys: string, what: string][];
  copy: string;
  copied: string;
  cancel: string;
  error: (message: string) => string;
  /** The mark on the bot's messages in a thread. */
  botBadge: string;
  /** A visitor's rating in a thread. */
  rated: (score: number) => string;
  /** The quick-reply buttons of a message, and the composer's field for them. */
  quickReplies: string;
  buttonsField: string;
  /**
   * The composer's help for its buttons field, and its refusal of them: English's are the composer's own
   * (`composerButtonsEn`, in its chunk), so the inbox's first load does not carry them; a host's strings may set them.
   */
  buttonsHelp?: string;
  buttonsInvalid?: string;
  timezone: string;
  /** The signed-in agent's availability switch, in the top bar. */
  availability: string;
  availabilities: Record<'online' | 'away' | 'offline', string>;
  /** A conversation's SLA marks in the list: overdue, its first reply due, how long the first reply and the resolution took. */
  overdue: string;
  overdueNotice: (name: string) => string;
  firstReplyDue: (inTime: string) => string;
  firstReplyLate: (late: string) => string;
  firstReplyAfter: (took: string) => string;
  resolvedAfter: (took: string) => string;
  team: string;
  noTeam: string;
  routing: string;
  /** A message's file, where its name is not known (the conversation list's preview). */
  attachment: string;
  /** How a conversation came in, where it was not the chat: an email to a support address, an API channel. */
  channels: { email: string; api: string };
  /** The Reports page's tab. */
  reports: string;
  /** The Contacts page's tab. */
  contacts: string;
  /** The Companies page's tab. */
  companies: string;
  /** The Notifications dialog's choice of the inbox's language, and its first option (`language`: the browser's, in itself). */
  inboxLanguage: string;
  browserLanguage: (language: string) => string;
}

/**
 * English strings, built in; the other languages are translations in each folder's `locales/<tag>.ts`, loaded for the
 * agent's language (inbox-locale.ts). A page may still pass its own through the `strings` property.
 */
export const adminEn: AdminStrings = {
  title: 'Parley inbox',
  signOut: 'Sign out',
  account: 'Account',
  badToken: 'This token was refused.',
  inbox: 'Inbox',
  broadcasts: 'Broadcasts',
  stats: 'Stats',
  settings: 'Settings',
  shortcuts: 'Keyboard shortcuts',
  close: 'Close',
  views: {
    mine: 'Mine',
    mentions: 'Mentions',
    unassigned: 'Unassigned',
    all: 'All',
    overdue: 'Overdue',
    review: 'Review',
    spam: 'Spam',
  },
  statuses: { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved' },
  priorities: { none: 'No priority', low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' },
  search: 'Search',
  conversations: 'Conversations',
  noConversations: 'No conversations here.',
  unread: (count) => `${count} unread`,
  visitor: 'Visitor',
  anonymous: anonymousVisitor,
  you: 'You',
  colleague: 'A colleague',
  note: 'Note',
  noteBadge: 'Private note',
  edited: 'Edited',
  editedAt: (time) => `Edited ${time}`,
  messageDeleted: 'Message deleted',
  emailBadge: 'By email',
  reply: 'Reply',
  replyPlaceholder: 'Reply to the visitor… (type / for saved replies)',
  notePlaceholder: 'Private note, only staff see it…',
  send: 'Send',
  addNote: 'Add note',
  loadEarlier: 'Load earlier messages',
  loading: 'Loading…',
  messages: 'Messages',
  typing: (name) => `${name} is typing…`,
  read: 'Read',
  delivered: 'Delivered',
  sent: 'Sent',
  queued: 'Queued',
  failed: 'Not sent',
  selectConversation: 'Select a conversation.',
  back: 'Back to the list',
  status: 'Status',
  priority: 'Priority',
  assignee: 'Assignee',
  unassigned: 'Unassigned',
  me: (name) => `Me (${name})`,
  labels: 'Labels',
  addLabel: 'Add a label',
  removeLabel: (label) => `Remove label ${label}`,
  resolve: 'Resolve',
  reopen: 'Reopen',
  visitorPanel: 'Visitor',
  name: 'Name',
  email: 'Email',
  reveal: 'Reveal',
  hide: 'Hide',
  currentPage: 'Current page',
  browser: 'Browser',
  localTime: 'Local time',
  language: 'Language',
  consent: 'Consent',
  noConsent: 'Not given',
  consentGiven: (version, when) => `${version}, ${when}`,
  online: 'Online',
  offline: 'Offline',
  identity: 'Identity',
  verifiedId: 'User ID signed by your site; name and email as given',
  emailBouncing: 'Bouncing',
  emailBouncingHelp: (when) =>
    `Mail to this address failed for good (${when}): no email is sent to it until you change the contact’s email.`,
  unknown: '—',
  cannedResponses: 'Saved replies',
  noCanned: 'No saved reply matches.',
  unknownShortcut: (word) => `No saved reply is called “${word}”. Enter sends it as written; Escape goes back.`,
  sendAnyway: 'Send anyway',
  teammates: 'Teammates',
  noTeammate: 'No teammate matches.',
  emoji: 'Emoji',
  notifications: 'Notifications',
  retention: 'Keep conversations for (days)',
  retentionHint: (effective, fallback) =>
    `${effective === 0 ? 'Kept for ever' : `Erased ${effective} day${effective === 1 ? '' : 's'} after their last activity`}. Empty: the relay default (${fallback === 0 ? 'for ever' : `${fallback} day${fallback === 1 ? '' : 's'}`}); 0: for ever.`,
  save: 'Save',
  sound: 'Sound',
  desktop: 'Desktop',
  notifyConversation: 'New conversation',
  notifyMessage: 'New visitor message',
  notifyVisitor: 'Visitor connects',
  desktopBlocked: 'Desktop notifications are blocked in this browser’s site settings.',
  newConversation: (who) => `New conversation from ${who}`,
  newMessage: (who) => `New message from ${who}`,
  mentioned: (who) => `${who} mentioned you`,
  visitorConnected: (who) => `${who} is online`,
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    open: 'Live',
    reconnecting: 'Reconnecting…',
    closed: 'Disconnected',
  },
  staffOnline: 'Staff online',
  refresh: 'Refresh',
  loadMore: 'Load more',
  saved: 'Saved.',
  shortcutList: [
    ['J', 'Next conversation'],
    ['K', 'Previous conversation'],
    ['R', 'Focus the reply'],
    ['N', 'Write a private note'],
    ['E', 'Resolve (or reopen) the conversation'],
    ['/', 'Search (in the composer: saved replies)'],
    ['?', 'Show these shortcuts'],
    ['Esc', 'Close a dialog, leave the composer'],
  ],
  copy: 'Copy',
  copied: 'Copied',
  cancel: 'Cancel',
  error: (message) => `Something went wrong: ${message}`,
  botBadge: 'Bot',
  rated: (score) => `Rated ${score} out of 5`,
  quickReplies: 'Buttons',
  buttonsField: 'Buttons',
  timezone: 'Time zone',
  availability: 'Availability',
  availabilities: { online: 'Online', away: 'Away', offline: 'Offline' },
  overdue: 'Overdue',
  overdueNotice: (name) => `Overdue: ${name} is waiting for a first reply`,
  firstReplyDue: (t) => `First reply due in ${t}`,
  firstReplyLate: (t) => `No reply for ${t}`,
  firstReplyAfter: (t) => `First reply after ${t}`,
  resolvedAfter: (t) => `Resolved after ${t}`,
  team: 'Team',
  noTeam: 'No team',
  routing: 'Routing',
  attachment: 'File',
  channels: { email: 'Email', api: 'API' },
  reports: 'Reports',
  contacts: 'Contacts',
  companies: 'Companies',
  inboxLanguage: 'Language of the inbox',
  browserLanguage: (language) => `As the browser (${language})`,
};
