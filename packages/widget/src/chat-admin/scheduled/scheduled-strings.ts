/** The strings of Send later; the chunk brings the English ones (a translation: `AdminStrings.scheduled`). */
export interface ScheduledStrings {
  sendLater: string;
  menu: string;
  inAnHour: string;
  tomorrowMorning: string;
  mondayMorning: string;
  pickTime: string;
  schedule: string;
  writeFirst: string;
  scheduledTitle: (count: number) => string;
  sendsAt: (time: string, who: string) => string;
  sending: string;
  notSent: (reason: string) => string;
  dismiss: string;
  edit: string;
  cancel: string;
  save: string;
  keep: string;
  text: string;
  time: string;
}

/** English strings of Send later. */
export const scheduledEn: ScheduledStrings = {
  sendLater: 'Send later',
  menu: 'Send this reply later',
  inAnHour: 'In 1 hour',
  tomorrowMorning: 'Tomorrow 9:00',
  mondayMorning: 'Monday 9:00',
  pickTime: 'Pick a date and time',
  schedule: 'Schedule',
  writeFirst: 'Write the reply first, then pick when to send it.',
  scheduledTitle: (count) => (count === 1 ? '1 scheduled message' : `${count} scheduled messages`),
  sendsAt: (time, who) => `Sends ${time} as ${who}`,
  sending: 'Sending…',
  notSent: (reason) => `Not sent: ${reason}`,
  dismiss: 'Dismiss',
  edit: 'Edit',
  cancel: 'Cancel',
  save: 'Save',
  keep: 'Keep as it was',
  text: 'Message',
  time: 'Send at',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** Send later: its menu by the composer and the scheduled messages (its chunk brings the English ones). */
    scheduled?: Partial<ScheduledStrings>;
  }
}
