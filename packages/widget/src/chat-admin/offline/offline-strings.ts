/** The strings of the option to keep conversations for offline; its chunk brings the English ones (`AdminStrings.offlineRecent`). */
export interface OfflineStrings {
  heading: string;
  keep: string;
  /** What keeping means, said beside the switch. */
  explain: string;
}

/** English strings of the option to keep conversations for offline. */
export const offlineEn: OfflineStrings = {
  heading: 'On this device',
  keep: 'Keep my last 10 conversations for offline',
  explain:
    'The text of the last 10 conversations you opened (their messages, notes and the visitors’ names) will be kept on ' +
    'this device, so the app can show them without a connection. They are deleted when you sign out or turn this off.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The option to keep the last conversations for offline, in the Notifications dialog (its chunk brings the English ones). */
    offlineRecent?: Partial<OfflineStrings>;
  }
}
