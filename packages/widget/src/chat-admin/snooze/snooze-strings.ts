/** The strings of the thread's Snooze menu; the chunk brings the English ones (a translation: `AdminStrings.snooze`). */
export interface SnoozeStrings {
  snooze: string;
  menu: string;
  laterToday: string;
  tomorrow: string;
  nextWeek: string;
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
  date: 'Pick a date',
  snoozeToDate: 'Snooze to this date',
  snoozedUntil: (time) => `Snoozed until ${time}`,
  unsnooze: 'Unsnooze',
};
