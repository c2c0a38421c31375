/**
 * The strings of the inbox's Stats page, kept out of the shell: the page's chunk brings the English ones; a translation
 * goes in `AdminStrings.statsPage`.
 */
export interface StatsStrings {
  statsTitle: string;
  visitorsOnline: string;
  openConversations: string;
  messagesToday: string;
  medianFirstReply: string;
  /** Ratings of the last 30 days, on the stats page. */
  csatFigure: string;
  csatValue: (average: number, count: number) => string;
}

/** English strings of the page. */
export const statsEn: StatsStrings = {
  statsTitle: 'Today',
  visitorsOnline: 'Visitors online',
  openConversations: 'Open conversations',
  messagesToday: 'Messages today',
  medianFirstReply: 'Median first reply',
  csatFigure: 'Ratings (30 days)',
  csatValue: (average, count) => `${average.toFixed(1)} / 5 (${count})`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Stats page's own strings (its chunk brings the English ones when this is not set). */
    statsPage?: StatsStrings;
  }
}
