import type { RoutingStrings } from './routing-strings.js';

import type { ConversationStatus, InboxView, Priority, WebhookSubscription } from './admin-types.js';

/** Every string `<chat-admin>` shows. Functions take the values they interpolate. */
export interface AdminStrings {
  title: string;
  signInTitle: string;
  signInIntro: string;
  token: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  badToken: string;
  inbox: string;
  broadcasts: string;
  stats: string;
  webhooks: string;
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
  anonymous: (id: string) => string;
  you: string;
  note: string;
  noteBadge: string;
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
  unknown: string;
  cannedResponses: string;
  noCanned: string;
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
  visitorConnected: (who: string) => string;
  connection: Record<'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed', string>;
  broadcastTitle: string;
  broadcastText: string;
  segment: string;
  segments: Record<'all' | 'online' | 'verified' | 'subscribed' | 'ids' | 'emails', string>;
  segmentIds: string;
  segmentEmails: string;
  sendBroadcast: string;
  broadcastStatus: Record<'running' | 'done' | 'failed', string>;
  targeted: string;
  stored: string;
  readFigure: string;
  pastBroadcasts: string;
  noBroadcasts: string;
  statsTitle: string;
  visitorsOnline: string;
  staffOnline: string;
  openConversations: string;
  messagesToday: string;
  medianFirstReply: string;
  refresh: string;
  deliveries: string;
  deliveriesTitle: string;
  deliveriesIntro: string;
  deliveryFilter: string;
  deliveryStatus: Record<'pending' | 'delivered' | 'skipped' | 'dead', string>;
  deliveryKind: (kind: string) => string;
  deliveryAttempts: (count: number) => string;
  deliveryNext: (when: string) => string;
  /** A pending job waiting for an earlier one of the same order (same endpoint and conversation). */
  deliveryHeld: string;
  noDeliveries: string;
  replay: string;
  replayed: string;
  loadMore: string;
  emailNotifications: string;
  notificationsTitle: string;
  notificationsIntro: string;
  notificationsEmail: string;
  notificationsToggle: string;
  notificationsNeedEmail: string;
  saved: string;
  shortcutList: [keys: string, what: string][];
  /** The webhooks page (admins). */
  webhookAddTitle: string;
  webhookUrl: string;
  webhookEvents: string;
  webhookEventNames: Record<WebhookSubscription, string>;
  webhookNoEvents: string;
  addWebhook: string;
  webhookSecretTitle: string;
  webhookSecretWarning: string;
  copy: string;
  copied: string;
  webhookEndpoints: string;
  noWebhooks: string;
  webhookEnabled: string;
  webhookDisabled: string;
  webhookDisabledBecause: (reason: string, at: string) => string;
  enable: string;
  disable: string;
  deleteWebhook: string;
  confirmDeleteWebhook: (url: string) => string;
  cancel: string;
  deliveryLog: string;
  hideDeliveries: string;
  noWebhookDeliveries: string;
  deliveryOutcome: Record<'delivered' | 'failed' | 'skipped', string>;
  deliverySummary: (attempt: number, latencyMs: number) => string;
  resend: string;
  resent: string;
  notResendable: string;
  error: (message: string) => string;
  /** Ratings of the last 30 days, on the stats page. */
  csatFigure: string;
  csatValue: (average: number, count: number) => string;
  /** The mark on the bot's messages in a thread. */
  botBadge: string;
  /** A visitor's rating in a thread. */
  rated: (score: number) => string;
  /** The quick-reply buttons of a message, and the composer's field for them. */
  quickReplies: string;
  buttonsField: string;
  buttonsHelp: string;
  buttonsInvalid: string;
  automations: string;
  /** The FAQ page's tab (the page's own texts come with its chunk). */
  faq: string;
  automationsTitle: string;
  automationsIntro: string;
  botName: string;
  openNow: (until: string | undefined) => string;
  closedNow: (until: string | undefined) => string;
  hoursTitle: string;
  hoursEnabled: string;
  timezone: string;
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
  textIn: (language: string) => string;
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
}

/** English strings (the only built-in admin locale; pass your own through the `strings` property). */
export const adminEn: AdminStrings = {
  title: 'Parley inbox',
  signInTitle: 'Sign in to the inbox',
  signInIntro: 'Paste your staff token. It stays in this tab only and is forgotten when you sign out or close it.',
  token: 'Staff token',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  badToken: 'This token was refused.',
  inbox: 'Inbox',
  broadcasts: 'Broadcasts',
  stats: 'Stats',
  webhooks: 'Webhooks',
  settings: 'Notifications',
  shortcuts: 'Keyboard shortcuts',
  close: 'Close',
  views: { mine: 'Mine', unassigned: 'Unassigned', all: 'All', overdue: 'Overdue' },
  statuses: { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved' },
  priorities: { none: 'No priority', low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' },
  search: 'Search messages',
  conversations: 'Conversations',
  noConversations: 'No conversations here.',
  unread: (count) => `${count} unread`,
  visitor: 'Visitor',
  anonymous: (id) => `Visitor ${id.slice(-4)}`,
  you: 'You',
  note: 'Note',
  noteBadge: 'Private note',
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
  unknown: '—',
  cannedResponses: 'Saved replies',
  noCanned: 'No saved reply matches.',
  notifications: 'Notifications',
  retention: 'Keep conversations for (days)',
  retentionHint: (effective, fallback) =>
    `${effective === 0 ? 'Kept for ever' : `Erased ${effective} days after their last activity`}. Empty: the relay default (${fallback === 0 ? 'for ever' : `${fallback} days`}); 0: for ever.`,
  save: 'Save',
  sound: 'Sound',
  desktop: 'Desktop',
  notifyConversation: 'New conversation',
  notifyMessage: 'New visitor message',
  notifyVisitor: 'Visitor connects',
  desktopBlocked: 'Desktop notifications are blocked in this browser’s site settings.',
  newConversation: (who) => `New conversation from ${who}`,
  newMessage: (who) => `New message from ${who}`,
  visitorConnected: (who) => `${who} is online`,
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    open: 'Live',
    reconnecting: 'Reconnecting…',
    closed: 'Disconnected',
  },
  broadcastTitle: 'New broadcast',
  broadcastText: 'Message',
  segment: 'Send to',
  segments: {
    all: 'All contacts',
    online: 'Visitors online now',
    verified: 'Visitors with a signed user ID',
    subscribed: 'Subscribed contacts',
    ids: 'Contact ids',
    emails: 'Email addresses',
  },
  segmentIds: 'Contact ids, one per line',
  segmentEmails: 'Email addresses, one per line',
  sendBroadcast: 'Send broadcast',
  broadcastStatus: { running: 'Sending', done: 'Done', failed: 'Failed' },
  targeted: 'Targeted',
  stored: 'Stored',
  readFigure: 'Read',
  pastBroadcasts: 'Recent broadcasts',
  noBroadcasts: 'No broadcasts yet.',
  statsTitle: 'Today',
  visitorsOnline: 'Visitors online',
  staffOnline: 'Staff online',
  openConversations: 'Open conversations',
  messagesToday: 'Messages today',
  medianFirstReply: 'Median first reply',
  refresh: 'Refresh',
  deliveries: 'Deliveries',
  deliveriesTitle: 'Emails and webhooks',
  deliveriesIntro:
    'What the relay owes: each is written with the message or change that caused it and retried until it goes through. Failed ones were given up on after their last attempt; replay one once its cause is fixed.',
  deliveryFilter: 'Show',
  deliveryStatus: { dead: 'Failed', pending: 'Waiting', delivered: 'Sent', skipped: 'Not needed' },
  deliveryKind: (kind) =>
    ({
      webhook: 'Webhook',
      'email.reply': 'Reply by email',
      'email.transcript': 'Transcript',
      'email.notify': 'Staff notification',
      'email.admin': 'Notice to admins',
      'automation.welcome': 'Welcome message',
      'automation.away': 'Away reply',
      'automation.csat': 'Rating request',
    })[kind] ?? kind,
  deliveryAttempts: (count) => (count === 1 ? '1 attempt' : `${count} attempts`),
  deliveryNext: (when) => `next try ${when}`,
  deliveryHeld: 'waits for an earlier delivery of this conversation',
  noDeliveries: 'Nothing here.',
  replay: 'Replay',
  replayed: 'Queued again.',
  loadMore: 'Load more',
  emailNotifications: 'Email',
  notificationsTitle: 'Email notifications',
  notificationsIntro:
    'Get an email when a visitor starts a conversation, or writes while no one is online: batched, at most one every 5 minutes. Your address is kept encrypted and shown only to you and your admins.',
  notificationsEmail: 'Your email',
  notificationsToggle: 'Email me when a conversation starts or a visitor writes while no one is online',
  notificationsNeedEmail: 'Enter your email to turn notifications on.',
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
  webhookAddTitle: 'Add a webhook endpoint',
  webhookUrl: 'Endpoint URL',
  webhookEvents: 'Events',
  webhookEventNames: {
    'conversation.created': 'Conversation created',
    'conversation.updated': 'Conversation updated (status, assignee, priority, labels)',
    'message.created': 'Message created (visitor and staff)',
    'note.created': 'Private note created',
    'contact.created': 'Contact created',
    'contact.erased': 'Contact erased (ids only)',
  },
  webhookNoEvents: 'Choose at least one event.',
  addWebhook: 'Add endpoint',
  webhookSecretTitle: 'Signing secret',
  webhookSecretWarning:
    'Copy it now: it is shown only this once. Your receiver verifies the Parley-Signature header with it.',
  copy: 'Copy',
  copied: 'Copied',
  webhookEndpoints: 'Endpoints',
  noWebhooks: 'No webhook endpoints yet.',
  webhookEnabled: 'Enabled',
  webhookDisabled: 'Disabled',
  webhookDisabledBecause: (reason, at) => `Disabled by the relay ${at}: ${reason}`,
  enable: 'Enable',
  disable: 'Disable',
  deleteWebhook: 'Delete',
  confirmDeleteWebhook: (url) => `Delete the endpoint ${url} and its delivery log? Pending deliveries are dropped.`,
  cancel: 'Cancel',
  deliveryLog: 'Delivery log',
  hideDeliveries: 'Hide delivery log',
  noWebhookDeliveries: 'No deliveries yet.',
  deliveryOutcome: { delivered: 'Delivered', failed: 'Failed', skipped: 'Skipped' },
  deliverySummary: (attempt, latencyMs) => `attempt ${attempt} · ${latencyMs} ms`,
  resend: 'Resend',
  resent: 'Queued to be sent again.',
  notResendable: 'The event is no longer kept, so it cannot be resent.',
  error: (message) => `Something went wrong: ${message}`,
  csatFigure: 'Ratings (30 days)',
  csatValue: (average, count) => `${average.toFixed(1)} / 5 (${count})`,
  botBadge: 'Bot',
  rated: (score) => `Rated ${score} out of 5`,
  quickReplies: 'Buttons',
  buttonsField: 'Buttons',
  buttonsHelp: 'Up to 4, separated by |, each up to 40 characters (e.g. Yes | No).',
  buttonsInvalid: 'At most 4 buttons, each of 1–40 characters.',
  automations: 'Automations',
  faq: 'FAQ',
  automationsTitle: 'Automations',
  automationsIntro:
    'The bot answers for you: a welcome message, a reply to visitors who write out of hours, and a rating request when you resolve a conversation. Staff can still answer at any time.',
  botName: 'Bot name',
  openNow: (until) => (until ? `Open now, until ${until}.` : 'Open now.'),
  closedNow: (until) => (until ? `Closed now, opens ${until}.` : 'Closed now.'),
  hoursTitle: 'Business hours',
  hoursEnabled: 'Keep business hours',
  timezone: 'Time zone',
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
  textIn: (language) => `Text in ${language}`,
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
};
