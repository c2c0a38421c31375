/** The strings of the inbox's SLA policies page, kept out of the shell: the page's chunk brings the English ones. */
export interface SlaStrings {
  title: string;
  intro: string;
  none: string;
  defaultBadge: string;
  targets: Record<'firstResponse' | 'nextResponse' | 'resolution', string>;
  targetsLegend: string;
  minutes: string;
  hours: string;
  inMinutes: (n: number) => string;
  inHours: (n: number) => string;
  noTarget: string;
  businessHours: string;
  businessHoursHelp: string;
  warnAt: string;
  warnAtHelp: string;
  raiseTo: string;
  raiseNone: string;
  notifyEmail: string;
  conditions: string;
  conditionsHelp: string;
  priorities: string;
  teams: string;
  labels: string;
  labelsHelp: string;
  channels: string;
  channelNames: Record<'chat' | 'email' | 'api', string>;
  makeDefault: string;
  name: string;
  add: string;
  addTitle: string;
  editTitle: (name: string) => string;
  save: string;
  cancel: string;
  edit: string;
  remove: string;
  removeConfirm: (name: string) => string;
  up: (name: string) => string;
  down: (name: string) => string;
  everything: string;
  summaryCalendar: string;
  summaryBusiness: string;
  noTargetRefused: string;
  saved: string;
  /** The attainment card: how often the last 30 days' clocks were met. */
  attainmentTitle: string;
  attainmentIntro: string;
  splitBy: string;
  splits: Record<'policy' | 'team' | 'agent', string>;
  /** A row of no team, or of conversations nobody was assigned. */
  nobody: string;
  target: string;
  met: string;
  breached: string;
  share: string;
  noClocks: string;
  /**
   * The Reports page's section: the attainment of the page's range and filters, per policy, team or assignee (the
   * page's words for its split, rather than the policies page's).
   */
  reportTitle: Record<'policy' | 'team' | 'agent', string>;
  reportSplits: Record<'policy' | 'team' | 'agent', string>;
  reportIntro: string;
  /** A row of no team, or of conversations nobody is assigned (there is no row of no policy). */
  reportNobody: Record<'team' | 'agent', string>;
  /** Under a target's share of every row: how many clocks were met of how many ended. */
  reportMetOf: (met: number, ended: number) => string;
  /** The empty state: no clock of the range ended. */
  reportNone: string;
}

/** English strings of the SLA policies page. */
export const slaEn: SlaStrings = {
  title: 'SLA policies',
  intro:
    'Reply and resolution targets. A conversation takes the first policy whose conditions it meets, in this order; the default, last, takes the others. A clock stands still while a conversation waits on the customer, is snoozed or resolved. Staff see a warning before a deadline; a breach raises the priority and can email the team.',
  none: 'No policy yet: conversations keep no SLA.',
  defaultBadge: 'Default',
  targets: { firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' },
  targetsLegend: 'Targets (empty: none)',
  minutes: 'minutes',
  hours: 'hours',
  inMinutes: (n) => (n === 1 ? '1 minute' : `${n} minutes`),
  inHours: (n) => (n === 1 ? '1 hour' : `${n} hours`),
  noTarget: 'No target',
  businessHours: 'Count only business hours',
  businessHoursHelp: 'The site’s opening hours and time zone, set under Automations.',
  warnAt: 'Warn at (% of the target)',
  warnAtHelp: 'Empty: no warning.',
  raiseTo: 'On a breach, raise the priority to',
  raiseNone: 'Leave it',
  notifyEmail: 'On a breach, email the team (or the admins)',
  conditions: 'Applies to',
  conditionsHelp: 'Every condition you fill in must hold; none: every conversation.',
  priorities: 'Priorities',
  teams: 'Teams',
  labels: 'Any of these labels',
  labelsHelp: 'Separated by commas.',
  channels: 'Channels',
  channelNames: { chat: 'Chat', email: 'Email', api: 'API and messaging' },
  makeDefault: 'Make it the default (last; applies to every other conversation)',
  name: 'Name',
  add: 'Add policy',
  addTitle: 'New policy',
  editTitle: (name) => `Edit “${name}”`,
  save: 'Save',
  cancel: 'Cancel',
  edit: 'Edit',
  remove: 'Delete',
  removeConfirm: (name) => `Delete “${name}”? Conversations it applied to keep their clocks.`,
  up: (name) => `Move “${name}” up`,
  down: (name) => `Move “${name}” down`,
  everything: 'Every conversation',
  summaryCalendar: 'every hour',
  summaryBusiness: 'business hours',
  noTargetRefused: 'Give at least one target.',
  saved: 'Saved.',
  attainmentTitle: 'Attainment, last 30 days',
  attainmentIntro:
    'Clocks due in the last 30 days that were met or breached. A clock met after its deadline counts as breached.',
  splitBy: 'Per',
  splits: { policy: 'Policy', team: 'Team', agent: 'Agent' },
  nobody: 'None',
  target: 'Target',
  met: 'Met',
  breached: 'Breached',
  share: 'Attainment',
  noClocks: 'No clock ended in the last 30 days.',
  reportTitle: {
    policy: 'SLA attainment by policy',
    team: 'SLA attainment by team',
    agent: 'SLA attainment by assignee',
  },
  reportSplits: { policy: 'Policy', team: 'Team', agent: 'Assignee' },
  reportIntro:
    'SLA clocks due in this range that were met or breached, of the conversations the filters keep. A clock met after its deadline counts as breached; team and assignee are the conversation’s now.',
  reportNobody: { team: 'No team', agent: 'Unassigned' },
  reportMetOf: (met, ended) => `${met} of ${ended} met`,
  reportNone: 'No SLA clock was due in this range. Targets are set under Settings → SLA policies.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The SLA policies page's own strings (the page's chunk brings the English ones when this is not set). */
    slaPage?: SlaStrings;
  }
}
