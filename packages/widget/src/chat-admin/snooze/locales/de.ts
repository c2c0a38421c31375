// German (de): the thread's Snooze menu (snooze-strings.ts). Glossary: docs/translations.md ("The inbox").
import type { SnoozeStrings } from '../snooze-strings.js';

/** The Snooze menu in German. */
export const snooze: SnoozeStrings = {
  snooze: 'Zurückstellen',
  menu: 'Zurückstellen bis',
  laterToday: 'Später heute',
  tomorrow: 'Morgen',
  nextWeek: 'Nächste Woche',
  siteTime: 'Zu dieser Uhrzeit in der Zeitzone der Website',
  date: 'Datum wählen',
  snoozeToDate: 'Bis zu diesem Datum zurückstellen',
  snoozedUntil: (time) => `Zurückgestellt bis ${time}`,
  unsnooze: 'Nicht mehr zurückstellen',
};
