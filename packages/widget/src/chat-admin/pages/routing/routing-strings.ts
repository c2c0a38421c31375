/** The strings of the inbox's Routing page, kept out of the shell: the page's chunk brings the English ones. */
export interface RoutingStrings {
  routingIntro: string;
  routingMode: string;
  routingModes: Record<'off' | 'round-robin' | 'least-open', string>;
  defaultCapacity: string;
  reassignAfter: string;
  assignOnReply: string;
  /** Where the first-reply deadline went (the SLA policies' page, linked after it). */
  slaMoved: string;
  /** The link to the SLA policies' page. */
  slaLink: string;
  staffTitle: string;
  staffName: string;
  capacity: string;
  capacityDefault: (n: number) => string;
  openCount: (n: number) => string;
  teams: string;
  teamName: string;
  members: string;
  addTeam: string;
  deleteTeam: string;
}

/** English strings of the Routing page. */
export const routingEn: RoutingStrings = {
  routingIntro:
    'Who gets a new conversation: agents who are online and available, under their capacity, inside the conversation’s team if it has one. A first-reply deadline marks conversations overdue, raises their priority and notifies the team.',
  routingMode: 'Assign new conversations',
  routingModes: {
    off: 'No (pick them up by hand)',
    'round-robin': 'In turn (round-robin)',
    'least-open': 'To the least busy agent',
  },
  defaultCapacity: 'Open conversations per agent, at most',
  reassignAfter: 'Reassign when the assignee is offline for (minutes; empty: never)',
  assignOnReply: 'Assign an unassigned conversation to whoever replies first',
  slaMoved: 'Reply and resolution deadlines are set as SLA policies:',
  slaLink: 'SLA policies',
  staffTitle: 'Staff: availability and capacity',
  staffName: 'Name',
  capacity: 'Capacity',
  capacityDefault: (n) => `Default (${n})`,
  openCount: (n) => `${n} open`,
  teams: 'Teams',
  teamName: 'Team name',
  members: 'Members',
  addTeam: 'Add team',
  deleteTeam: 'Delete team',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Routing page's own strings; its English ones come with the page (a chunk of its own) when left out. */
    routingPage?: RoutingStrings;
  }
}
