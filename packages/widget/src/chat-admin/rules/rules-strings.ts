import type { RuleField, RuleTrigger } from '@parley/protocol/admin';
import type { OwnActionType } from './rule-types.js';

/** The comparisons a condition may make, across fields (each field allows some: `FIELD_OPS` in `rule-words.ts`). */
export type RuleOp =
  | 'is'
  | 'is_not'
  | 'contains'
  | 'not_contains'
  | 'starts_with'
  | 'matches'
  | 'includes'
  | 'excludes'
  | 'is_set'
  | 'not_set'
  | 'gt'
  | 'lt';

/**
 * The strings of rules and macros (issue #40): Settings → Rules (the rules, their editor, the macros) and the
 * composer's Macros. Kept out of the shell: each chunk brings the English ones. A translation goes in
 * `AdminStrings.rulesPage`.
 */
export interface RulesStrings {
  title: string;
  intro: string;
  /** The title of the rules' guide, linked under the intro. */
  guide: string;
  readOnly: string;
  loading: string;
  none: string;
  newRule: string;
  enabled: string;
  edit: string;
  moveUp: string;
  moveDown: string;
  duplicate: string;
  /** A duplicate's name. */
  copyName: (name: string) => string;
  delete: string;
  cancel: string;
  confirmDelete: (name: string) => string;
  confirmDeleteMacro: (name: string) => string;
  runLog: string;
  hideRunLog: string;
  noRuns: string;
  runStatus: Record<'pending' | 'done' | 'failed', string>;
  /** A rule's counts over the last 30 days. */
  runs: (fired: number, failed: number) => string;
  lastFired: (when: string) => string;
  lastErrors: string;
  moved: string;
  duplicated: string;
  deleted: string;
  saved: string;
  turnedOn: string;
  turnedOff: string;
  // The editor.
  newRuleTitle: string;
  editRuleTitle: (name: string) => string;
  name: string;
  trigger: string;
  triggers: Record<RuleTrigger, string>;
  idleMinutes: string;
  idleMinutesHelp: string;
  match: string;
  matchAll: string;
  matchAny: string;
  conditions: string;
  conditionsHelp: string;
  addCondition: string;
  field: string;
  op: string;
  value: string;
  remove: string;
  fields: Record<RuleField, string>;
  /** The attribute a custom attribute condition reads (a select of the site's attributes). */
  attribute: string;
  /** An attribute as the select and the summary name it: `Contact: Plan`. */
  attributeName: (scope: 'contact' | 'conversation', label: string) => string;
  /** An attribute condition's switch: a visitor's unsigned claim counts as no value (docs/rules.md). */
  verifiedOnly: string;
  /** The same in a rule's summary, after the condition. */
  verifiedOnlyWords: string;
  ops: Record<RuleOp, string>;
  actions: string;
  addAction: string;
  actionType: string;
  /** The rules' own actions' names (a feature's action names itself: rule-action-editor.ts). */
  actionTypes: Record<OwnActionType, string>;
  member: string;
  nobody: string;
  team: string;
  noTeam: string;
  labels: string;
  labelsHelp: string;
  priority: string;
  priorities: Record<'none' | 'low' | 'medium' | 'high' | 'urgent', string>;
  status: string;
  statuses: Record<'open' | 'pending' | 'snoozed' | 'resolved', string>;
  channels: Record<'chat' | 'email' | 'api', string>;
  businessHours: Record<'open' | 'closed', string>;
  yes: string;
  no: string;
  minutes: string;
  text: string;
  savedReply: string;
  url: string;
  save: string;
  tryIt: string;
  trying: string;
  /** A dry run's outcome. */
  dryRun: (matched: number, checked: number) => string;
  dryRunWould: string;
  open: string;
  noName: string;
  // Words: a rule, a condition, an action.
  when: (trigger: string) => string;
  idleFor: (minutes: string) => string;
  always: string;
  joinAll: string;
  joinAny: string;
  /** A rule in one line, from its trigger, its conditions (`''` for none) and its actions, each in words. */
  summary: (when: string, conditions: string, actions: string) => string;
  duration: (minutes: number) => string;
  unknown: (id: string) => string;
  actionWords: {
    assign: (member: string) => string;
    unassign: string;
    assignTeam: (team: string) => string;
    noTeam: string;
    addLabels: (labels: string) => string;
    removeLabels: (labels: string) => string;
    setPriority: (priority: string) => string;
    setStatus: (status: string) => string;
    snooze: (duration: string) => string;
    sendMessage: (text: string) => string;
    sendSavedReply: (reply: string) => string;
    addNote: (text: string) => string;
    emailTranscript: string;
    callWebhook: (url: string) => string;
  };
  // Macros.
  macros: string;
  macrosIntro: string;
  newMacro: string;
  newMacroTitle: string;
  editMacroTitle: (name: string) => string;
  shared: string;
  sharedHelp: string;
  personal: string;
  /** Who a macro's messages and notes are from (issue #81). */
  sender: string;
  senderAgent: string;
  senderAgentHelp: string;
  senderBot: string;
  senderBotHelp: string;
  /** The list's mark of a macro that writes as the bot. */
  asBot: string;
  /** The composer's preview: who what it writes is from. */
  writesAsYou: string;
  writesAsBot: string;
  noMacros: string;
  /** The composer's button and its list. */
  macrosButton: string;
  macrosShortcut: string;
  chooseMacro: string;
  willDo: string;
  run: string;
  running: string;
  close: string;
  ran: string;
  ok: string;
  failed: string;
}

/** A text quoted, and cut to `max` characters. */
const quote = (text: string, max = 60): string =>
  `“${text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text}”`;

/** English strings of rules and macros. */
export const rulesEn: RulesStrings = {
  title: 'Rules',
  intro: 'When something happens in a conversation, a rule checks its conditions and does its actions, in this order.',
  guide: 'How rules and macros work',
  readOnly: 'Only admins can change rules.',
  loading: 'Loading…',
  none: 'No rules yet.',
  newRule: 'New rule',
  enabled: 'On',
  edit: 'Edit',
  moveUp: 'Move up',
  moveDown: 'Move down',
  duplicate: 'Duplicate',
  copyName: (name) => `${name} (copy)`,
  delete: 'Delete',
  cancel: 'Cancel',
  confirmDelete: (name) => `Delete the rule “${name}”? Its run log goes with it.`,
  confirmDeleteMacro: (name) => `Delete the macro “${name}”?`,
  runLog: 'Run log',
  hideRunLog: 'Hide the run log',
  noRuns: 'It has not fired yet.',
  runStatus: { pending: 'Waiting', done: 'Done', failed: 'Failed' },
  runs: (fired, failed) =>
    fired === 0
      ? 'Not fired in the last 30 days'
      : `Fired ${fired === 1 ? 'once' : `${fired} times`} in 30 days${failed > 0 ? `, ${failed} with a failed action` : ''}`,
  lastFired: (when) => `last ${when}`,
  lastErrors: 'Last errors',
  moved: 'Order saved.',
  duplicated: 'Duplicated.',
  deleted: 'Deleted.',
  saved: 'Saved.',
  turnedOn: 'Rule turned on.',
  turnedOff: 'Rule turned off.',
  newRuleTitle: 'New rule',
  editRuleTitle: (name) => `Edit “${name}”`,
  name: 'Name',
  trigger: 'When',
  triggers: {
    'conversation.created': 'A conversation starts',
    'message.visitor': 'A visitor sends a message',
    'message.staff': 'Staff send a message',
    'conversation.updated': 'A conversation changes',
    'conversation.idle': 'A conversation is idle',
    'contact.created': 'A contact is created',
  },
  idleMinutes: 'Idle for (minutes)',
  idleMinutesHelp: 'Minutes without a message before the rule fires, once per idle spell (1 to 43200).',
  match: 'Conditions to meet',
  matchAll: 'All of them',
  matchAny: 'Any of them',
  conditions: 'Conditions',
  conditionsHelp: 'None: the rule fires every time.',
  addCondition: 'Add a condition',
  field: 'Field',
  attribute: 'Attribute',
  attributeName: (scope, label) => `${scope === 'contact' ? 'Contact' : 'Conversation'}: ${label}`,
  verifiedOnly: 'Verified values only (ignore what a visitor’s page claims unsigned)',
  verifiedOnlyWords: '(verified values only)',
  op: 'Comparison',
  value: 'Value',
  remove: 'Remove',
  fields: {
    text: 'Message text',
    page_url: 'Page address',
    subject: 'Subject',
    language: 'Language',
    channel: 'Channel',
    status: 'Status',
    priority: 'Priority',
    label: 'Label',
    assignee: 'Assignee',
    team: 'Team',
    business_hours: 'Business hours',
    first_message: 'First message',
    attribute: 'Custom attribute',
    company: 'Company',
  },
  ops: {
    is: 'is',
    is_not: 'is not',
    contains: 'contains',
    not_contains: 'does not contain',
    starts_with: 'starts with',
    matches: 'matches the pattern',
    includes: 'includes',
    excludes: 'does not include',
    is_set: 'is set',
    not_set: 'is not set',
    gt: 'is more than',
    lt: 'is less than',
  },
  actions: 'Actions',
  addAction: 'Add an action',
  actionType: 'Action',
  actionTypes: {
    assign: 'Assign to a member',
    assign_team: 'Move to a team',
    add_labels: 'Add labels',
    remove_labels: 'Remove labels',
    set_priority: 'Set the priority',
    set_status: 'Set the status',
    snooze: 'Snooze',
    send_message: 'Send a message',
    send_saved_reply: 'Send a saved reply',
    add_note: 'Add a private note',
    email_transcript: 'Email the transcript',
    call_webhook: 'Call a webhook',
  },
  member: 'Member',
  nobody: 'Nobody (unassign)',
  team: 'Team',
  noTeam: 'No team',
  labels: 'Labels',
  labelsHelp: 'Separated by commas.',
  priority: 'Priority',
  priorities: { none: 'None', low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' },
  status: 'Status',
  statuses: { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved' },
  channels: { chat: 'Chat', email: 'Email', api: 'API' },
  businessHours: { open: 'Open', closed: 'Closed' },
  yes: 'Yes',
  no: 'No',
  minutes: 'Minutes',
  text: 'Text',
  savedReply: 'Saved reply',
  url: 'Address (http or https)',
  save: 'Save',
  tryIt: 'Try it',
  trying: 'Trying…',
  dryRun: (matched, checked) =>
    `It would have matched ${matched} of the latest ${checked} ${checked === 1 ? 'conversation' : 'conversations'}.`,
  dryRunWould: 'It would, to each:',
  open: 'Open',
  noName: 'Visitor',
  when: (trigger) => `When ${trigger.charAt(0).toLowerCase()}${trigger.slice(1)}`,
  idleFor: (minutes) => `for ${minutes}`,
  always: 'always',
  joinAll: ' and ',
  joinAny: ' or ',
  summary: (when, conditions, actions) =>
    `${when}${conditions ? `, if ${conditions}` : ''}: ${actions}${/[.!?]”?$/.test(actions) ? '' : '.'}`,
  duration: (minutes) =>
    minutes % 1440 === 0
      ? `${minutes / 1440} ${minutes === 1440 ? 'day' : 'days'}`
      : minutes % 60 === 0
        ? `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`
        : `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
  unknown: (id) => `(unknown: ${id})`,
  actionWords: {
    assign: (member) => `Assign to ${member}`,
    unassign: 'Unassign',
    assignTeam: (team) => `Move to the team ${team}`,
    noTeam: 'Remove the team',
    addLabels: (labels) => `Add the labels ${labels}`,
    removeLabels: (labels) => `Remove the labels ${labels}`,
    setPriority: (priority) => `Set the priority to ${priority}`,
    setStatus: (status) => `Set the status to ${status}`,
    snooze: (duration) => `Snooze for ${duration}`,
    sendMessage: (text) => `Send the message ${quote(text)}`,
    sendSavedReply: (reply) => `Send the saved reply ${reply}`,
    addNote: (text) => `Add the note ${quote(text)}`,
    emailTranscript: 'Email the transcript to the visitor',
    callWebhook: (url) => `Call the webhook ${url}`,
  },
  macros: 'Macros',
  macrosIntro:
    'Named lists of actions that staff run by hand from the composer (Ctrl+Shift+M). Shared macros are shown to every member; personal ones to their author only.',
  newMacro: 'New macro',
  newMacroTitle: 'New macro',
  editMacroTitle: (name) => `Edit “${name}”`,
  shared: 'Shared with the team',
  sharedHelp: 'Only admins write shared macros.',
  personal: 'Personal',
  sender: 'Sends as',
  senderAgent: 'The member who runs it',
  senderAgentHelp:
    'Its messages and notes are theirs, as if they typed them: the visitor sees their name, and an unassigned conversation becomes theirs when the site assigns on reply.',
  senderBot: 'The bot',
  senderBotHelp: 'Its messages and notes are the site’s bot’s, under the bot’s name (Settings → Automations).',
  asBot: 'Sends as the bot',
  writesAsYou: 'What it writes is from you.',
  writesAsBot: 'What it writes is from the bot.',
  noMacros: 'No macros yet.',
  macrosButton: 'Macros',
  macrosShortcut: 'Control+Shift+M',
  chooseMacro: 'Choose a macro',
  willDo: 'It will:',
  run: 'Run',
  running: 'Running…',
  close: 'Close',
  ran: 'Done:',
  ok: 'Done',
  failed: 'Failed',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** Rules and macros: Settings → Rules and the composer's Macros (their chunks bring the English ones). */
    rulesPage?: Partial<RulesStrings>;
  }
}
