import type { VisibilityMode } from '@parley/protocol/admin';

/** The strings of the inbox's Who sees what page, kept out of the shell: the page's chunk brings the English ones. */
export interface VisibilityStrings {
  title: string;
  intro: string;
  modes: string;
  modeNames: Record<VisibilityMode, string>;
  modeHelp: Record<VisibilityMode, string>;
  unassigned: string;
  unassignedHelp: string;
  always: string;
  save: string;
  saved: string;
}

/** English strings of the Who sees what page. */
export const visibilityEn: VisibilityStrings = {
  title: 'Who sees what',
  intro:
    'Which conversations agents see: in the inbox’s lists and search, in notifications, and through the API. Saving reconnects everyone’s inbox into what they may see now.',
  modes: 'Agents see',
  modeNames: {
    all: 'Every conversation',
    team: 'Their teams’ and their own',
    own: 'Only their own',
  },
  modeHelp: {
    all: 'Every agent sees every conversation of the site.',
    team: 'Conversations assigned to them, or to a team they are in.',
    own: 'Conversations assigned to them.',
  },
  unassigned: 'Also unassigned conversations',
  unassignedHelp: 'Those of no team, or of one of their teams, so that they can pick them up.',
  always:
    'Owners and admins always see every conversation; so do API tokens, and roles that grant seeing all conversations.',
  save: 'Save',
  saved: 'Saved.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Who sees what page's own strings (the page's chunk brings the English ones when this is not set). */
    visibilityPage?: VisibilityStrings;
  }
}
