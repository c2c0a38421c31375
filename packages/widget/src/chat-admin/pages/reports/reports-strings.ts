/** The strings of the inbox's Reports page, kept out of the shell: the page's chunk brings the English ones. */
export interface ReportsStrings {
  title: string;
  range: string;
  /** The channel filter: its label and its first choice (every channel). */
  channel: string;
  allChannels: string;
  /** Issue #86: the team, agent and label filters, each its label, its first choice (every one) and its `none`. */
  team: string;
  allTeams: string;
  noTeam: string;
  agentFilter: string;
  allAgents: string;
  unassigned: string;
  label: string;
  allLabels: string;
  /** The split: its label, its first choice (none), and each member's name. */
  split: string;
  noSplit: string;
  splitBy: { channel: string; team: string; agent: string; label: string };
  /** The split's table: its title, and the note when the relay gave only the first rows. */
  splitTitle: (by: string) => string;
  splitTruncated: string;
  visitorMessages: string;
  staffMessages: string;
  resolutionMedian: string;
  firstResponseP90: string;
  resolutionP90: string;
  csatAverageShort: string;
  /** The per-conversation export's buttons. */
  exportRowsCsv: string;
  exportRowsJson: string;
  presets: { days: (n: number) => string; custom: string };
  from: string;
  to: string;
  apply: string;
  badRange: string;
  exportCsv: string;
  exporting: string;
  loading: string;
  /** The range shown, in the time zone the figures are local to. */
  showing: (from: string, to: string, tz: string) => string;
  /** The range shown and what the figures keep to (the channel's, team's, agent's and label's names). */
  showingChannel: (range: string, channel: string) => string;
  conversationsTitle: string;
  messagesTitle: string;
  visitor: string;
  staff: string;
  bot: string;
  start: string;
  count: string;
  timesTitle: string;
  firstResponse: string;
  resolution: string;
  median: string;
  p90: string;
  over: (n: number) => string;
  none: string;
  agentsTitle: string;
  agent: string;
  conversations: string;
  assigned: string;
  messages: string;
  firstResponseMedian: string;
  noAgents: string;
  hoursTitle: string;
  hoursSummary: (weekday: string, hour: string, n: number) => string;
  weekdays: [string, string, string, string, string, string, string];
  hour: string;
  csatTitle: string;
  csatAverage: (average: number, count: number) => string;
  score: string;
  ratings: string;
  showTable: string;
  chartSummary: (total: number, peak: number, at: string) => string;
}

/** English strings of the Reports page. */
export const reportsEn: ReportsStrings = {
  title: 'Reports',
  range: 'Period',
  channel: 'Channel',
  allChannels: 'All channels',
  team: 'Team',
  allTeams: 'All teams',
  noTeam: 'No team',
  agentFilter: 'Assignee',
  allAgents: 'Everyone',
  unassigned: 'Unassigned',
  label: 'Label',
  allLabels: 'All labels',
  split: 'Split by',
  noSplit: 'Nothing',
  splitBy: { channel: 'Channel', team: 'Team', agent: 'Assignee', label: 'Label' },
  splitTitle: (by) => `By ${by.toLowerCase()}`,
  splitTruncated: 'Only the first 20 are shown: choose one in its filter to see another.',
  visitorMessages: 'Visitor messages',
  staffMessages: 'Staff messages',
  resolutionMedian: 'Median resolution',
  firstResponseP90: 'First response, 90th pct.',
  resolutionP90: 'Resolution, 90th pct.',
  csatAverageShort: 'CSAT',
  exportRowsCsv: 'Conversations CSV',
  exportRowsJson: 'Conversations JSON',
  presets: { days: (n) => `Last ${n} days`, custom: 'Custom' },
  from: 'From',
  to: 'To',
  apply: 'Show',
  badRange: 'Pick a start date on or before the end date, at most 400 days apart.',
  exportCsv: 'Export CSV',
  exporting: 'Exporting…',
  loading: 'Loading…',
  showing: (from, to, tz) => `${from} – ${to} (${tz})`,
  showingChannel: (range, channel) => `${range}, ${channel} only`,
  conversationsTitle: 'Conversations',
  messagesTitle: 'Messages',
  visitor: 'Visitors',
  staff: 'Staff',
  bot: 'Bot',
  start: 'Period starting',
  count: 'Conversations',
  timesTitle: 'Response times',
  firstResponse: 'First response',
  resolution: 'Resolution',
  median: 'Median',
  p90: '90th percentile',
  over: (n) => `over ${n} conversation${n === 1 ? '' : 's'}`,
  none: '—',
  agentsTitle: 'Agents',
  agent: 'Agent',
  conversations: 'Conversations',
  assigned: 'Assigned',
  messages: 'Messages',
  firstResponseMedian: 'Median first response',
  noAgents: 'No staff activity in this period.',
  hoursTitle: 'Busiest hours',
  hoursSummary: (weekday, hour, n) => `Busiest: ${weekday} at ${hour}, ${n} visitor message${n === 1 ? '' : 's'}.`,
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  hour: 'Hour',
  csatTitle: 'Satisfaction (CSAT)',
  csatAverage: (average, count) => `${average.toFixed(2)} / 5 from ${count} rating${count === 1 ? '' : 's'}`,
  score: 'Score',
  ratings: 'Ratings',
  showTable: 'Show as a table',
  chartSummary: (total, peak, at) => `${total} in total; at most ${peak}, ${at}.`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Reports page's own strings (the page's chunk brings the English ones when this is not set). */
    reportsPage?: ReportsStrings;
  }
}
