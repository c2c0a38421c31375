/**
 * The strings of the inbox's Broadcasts page, kept out of the shell: the page's chunk brings the English ones; a translation
 * goes in `AdminStrings.broadcastsPage`.
 */
export interface BroadcastsStrings {
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
}

/** English strings of the page. */
export const broadcastsEn: BroadcastsStrings = {
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
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Broadcasts page's own strings (its chunk brings the English ones when this is not set). */
    broadcastsPage?: BroadcastsStrings;
  }
}
