/** The strings of the thread's Snooze menu; the chunk brings the English ones (a translation: `AdminStrings.snooze`). */
export interface SnoozeStrings {
  snooze: string;
  menu: string;
  laterToday: string;
  tomorrow: string;
  nextWeek: string;
  /** The presets' tooltip: their times are the site's (the relay reads them in its time zone). */
  siteTime: string;
  date: string;
  snoozeToDate: string;
  snoozedUntil: (time: string) => string;
  unsnooze: string;
}

/** English strings of the Snooze menu. */
export const snoozeEn: SnoozeStrings = {
  snooze: 'Snooze',
  menu: 'Snooze until',
  laterToday: 'Later today',
  tomorrow: 'Tomorrow',
  nextWeek: 'Next week',
  siteTime: 'At this time in the site’s time zone',
  date: 'Pick a date',
  snoozeToDate: 'Snooze to this date',
  snoozedUntil: (time) => `Snoozed until ${time}`,
  unsnooze: 'Unsnooze',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The thread's Snooze menu (its chunk brings the English ones). */
    snooze?: Partial<SnoozeStrings>;
  }
}
