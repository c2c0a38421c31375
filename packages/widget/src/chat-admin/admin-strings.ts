import { anonymousVisitor } from '@parley/protocol';
import type { EmailStrings } from './pages/email/email-strings.js';
import type { SafetyStrings } from './pages/safety/safety-strings.js';
import type { AttachmentsStrings } from './pages/attachments/attachments-strings.js';
import type { VisibilityStrings } from './pages/visibility/visibility-strings.js';
import type { RolesStrings } from './pages/roles/roles-strings.js';
import type { SsoStrings } from './sso/sso-strings.js';
import type { SsoPageStrings } from './pages/sso/sso-page-strings.js';
import type { FilesStrings } from './files-strings.js';
import type { LongTextStrings } from './long-text/long-text-note.js';
import type { ReportsStrings } from './pages/reports/reports-strings.js';
import type { RoutingStrings } from './pages/routing/routing-strings.js';
import type { SettingsStrings } from './settings-strings.js';
import type { AuthStrings } from './auth-strings.js';
import type { TeamStrings } from './team-strings.js';
import type { NotificationsStrings } from './pages/notifications/notifications-strings.js';
import type { StatsStrings } from './pages/stats/stats-strings.js';
import type { BroadcastsStrings } from './pages/broadcasts/broadcasts-strings.js';
import type { AutomationsStrings } from './pages/automations/automations-strings.js';
import type { DeliveriesStrings } from './pages/deliveries/deliveries-strings.js';
import type { WebhooksStrings } from './pages/webhooks/webhooks-strings.js';
import type { ApiChannelsStrings } from './pages/api-channels/api-channels-strings.js';

import type { ConversationStatus, InboxView, Priority } from './admin-types.js';
import type { TimelineStrings } from './timeline.js';
import type { ScheduledStrings } from './scheduled/scheduled-strings.js';
import type { SnoozeStrings } from './snooze/snooze-strings.js';
import type { ContactMergeStrings, MergeStrings } from './merge/merge-strings.js';
import type { BulkStrings } from './bulk/bulk-strings.js';
import type { RowActionsStrings } from './phone/row-actions-strings.js';
import type { OfflineStrings } from './offline/offline-strings.js';
import type { ViewsStrings } from './views/views-strings.js';
import type { ExportStrings } from './export/export-strings.js';
import type { ModerationStrings } from './moderation/moderation-strings.js';
import type { MessageActionsStrings } from './message-actions/message-actions-strings.js';
import type { EmailOriginalStrings } from './email-original/email-original-strings.js';
import type { ContactStrings } from './contact/contact-strings.js';
import type { FirstRunStrings } from './first-run/first-run-strings.js';
import type { RulesStrings } from './rules/rules-strings.js';
import type { AttributesStrings } from './pages/attributes/attributes-strings.js';

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
  /** The Routing page's own strings; its English ones come with the page (a chunk of its own) when left out. */
  routingPage?: RoutingStrings;
  /** A message's file, where its name is not known (the conversation list's preview). */
  attachment: string;
  /** How a conversation came in, where it was not the chat: an email to a support address, an API channel. */
  channels: { email: string; api: string };
  /** The strings of a conversation's files; their English ones come with the files' chunk when left out. */
  filesPart?: FilesStrings;
  /** The Attachments page's own strings (the page's chunk brings the English ones when this is not set). */
  attachmentsPage?: AttachmentsStrings;
  /** The Who sees what page's own strings (the page's chunk brings the English ones when this is not set). */
  visibilityPage?: VisibilityStrings;
  /** The Roles page's own strings, and the team page's picker's (the page's chunk brings the English ones). */
  rolesPage?: RolesStrings;
  /** Single sign-on on the sign-in page (its chunk brings the English ones). */
  ssoPage?: SsoStrings;
  /** The Single sign-on settings page. */
  ssoSettingsPage?: SsoPageStrings;
  /**
   * The Safety page's own strings, and a message's redactions in a conversation (Reveal, the folded hidden message);
   * their chunks bring the English ones when this is not set.
   */
  safetyPage?: SafetyStrings;
  /** Rules and macros: Settings → Rules and the composer's Macros (their chunks bring the English ones). */
  rulesPage?: Partial<RulesStrings>;
  /** Custom attributes' strings (the settings page and the visitor panel's card). */
  attributes?: Partial<AttributesStrings>;
  /** The Email page's own strings: support addresses (its chunk brings the English ones). */
  emailPage?: Partial<EmailStrings>;
  /** The settings area's navigation and page labels (its chunk brings the English ones when this is not set). */
  settingsArea?: SettingsStrings;
  /** Signing in and the Account page (their chunks bring the English ones when this is not set). */
  authPage?: AuthStrings;
  /** The Team, API tokens and Sites pages (their chunks bring the English ones when this is not set). */
  teamPage?: TeamStrings;
  /** The Webhooks page's own strings (its chunk brings the English ones when this is not set). */
  webhooksPage?: WebhooksStrings;
  /** The API channels page's own strings (its chunk brings the English ones when this is not set). */
  apiChannelsPage?: ApiChannelsStrings;
  /** The thread's timeline of changes (timeline.ts brings the English ones). */
  timeline?: Partial<TimelineStrings>;
  /** The thread's Snooze menu (its chunk brings the English ones). */
  snooze?: Partial<SnoozeStrings>;
  /** The thread's "Merge into…" (its chunk brings the English ones). */
  merge?: Partial<MergeStrings>;
  /** A contact's "Merge with…" on the Contacts page (its chunk brings the English ones). */
  contactMerge?: Partial<ContactMergeStrings>;
  /** The list's bulk bar (its chunk brings the English ones). */
  bulk?: Partial<BulkStrings>;
  /** The composer's note of a text longer than a message holds (the composer's chunk brings the English ones). */
  longText?: Partial<LongTextStrings>;
  /** The option to keep the last conversations for offline, in the Notifications dialog (its chunk brings the English ones). */
  offlineRecent?: Partial<OfflineStrings>;
  /** The list's swipes and row menu on a phone (the phone's chunk brings the English ones). */
  rowActions?: Partial<RowActionsStrings>;
  /** The list's saved views (their chunk brings the English ones). */
  savedViews?: Partial<ViewsStrings>;
  /** The thread's Export menu and its print view (its chunk brings the English ones). */
  export?: Partial<ExportStrings>;
  /** Send later: its menu by the composer and the scheduled messages (its chunk brings the English ones). */
  scheduled?: Partial<ScheduledStrings>;
  /** Spam and review: the flags banner and Mark as spam (English in its chunk). */
  moderation?: Partial<ModerationStrings>;
  /** A message's Edit and Delete actions (their chunk brings the English ones). */
  messageActions?: Partial<MessageActionsStrings>;
  /** A message's "Show original" (an email reply's headers and whole text; its chunk brings the English ones). */
  emailOriginal?: Partial<EmailOriginalStrings>;
  /** A contact's notes and edit form (visitor panel, Contacts page; their chunk brings the English ones). */
  contact?: Partial<ContactStrings>;
  /** The empty inbox's first steps (their chunk brings the English ones). */
  firstRun?: Partial<FirstRunStrings>;
  /** The Deliveries page's own strings (its chunk brings the English ones when this is not set). */
  deliveriesPage?: DeliveriesStrings;
  /** The Automations page's own strings (its chunk brings the English ones when this is not set). */
  automationsPage?: AutomationsStrings;
  /** The Broadcasts page's own strings (its chunk brings the English ones when this is not set). */
  broadcastsPage?: BroadcastsStrings;
  /** The Stats page's own strings (its chunk brings the English ones when this is not set). */
  statsPage?: StatsStrings;
  /** The Email notifications page's own strings (its chunk brings the English ones when this is not set). */
  notificationsPage?: NotificationsStrings;
  /** The Reports page's tab. */
  reports: string;
  /** The Contacts page's tab. */
  contacts: string;
  /** The Reports page's own strings (the page's chunk brings the English ones when this is not set). */
  reportsPage?: ReportsStrings;
}

/** English strings (the only built-in admin locale; pass your own through the `strings` property). */
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
};
