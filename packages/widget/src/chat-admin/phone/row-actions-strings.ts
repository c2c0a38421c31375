/**
 * The strings of the list's swipes and row menu on a phone; the phone's chunk brings the English ones (a translation:
 * `AdminStrings.rowActions`). The menu's Resolve, Reopen, assignee and snooze words are the inbox's and the Snooze
 * menu's own.
 */
export interface RowActionsStrings {
  /** The row menu's name. */
  actionsFor: (name: string) => string;
  assignToMe: string;
  assignTo: string;
  /** Behind a row swiped right that is already the member's: nothing to do. */
  yours: string;
  label: string;
  labelName: string;
  addLabel: string;
  cancel: string;
  /** What a swipe or the menu did, said politely (`name`: the visitor's). */
  resolved: (name: string) => string;
  reopened: (name: string) => string;
  assigned: (who: string, name: string) => string;
  unassigned: (name: string) => string;
  labelled: (label: string, name: string) => string;
  snoozed: (name: string) => string;
  unsnoozed: (name: string) => string;
  failed: (message: string) => string;
}

/** English strings of the list's swipes and row menu. */
export const rowActionsEn: RowActionsStrings = {
  actionsFor: (name) => `Actions for ${name}`,
  assignToMe: 'Assign to me',
  assignTo: 'Assign to',
  yours: 'Yours',
  label: 'Label…',
  labelName: 'Label',
  addLabel: 'Add label',
  cancel: 'Cancel',
  resolved: (name) => `Resolved: ${name}`,
  reopened: (name) => `Reopened: ${name}`,
  assigned: (who, name) => `Assigned to ${who}: ${name}`,
  unassigned: (name) => `Unassigned: ${name}`,
  labelled: (label, name) => `Labelled ${label}: ${name}`,
  snoozed: (name) => `Snoozed: ${name}`,
  unsnoozed: (name) => `Unsnoozed: ${name}`,
  failed: (message) => `Not done: ${message}`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The list's swipes and row menu on a phone (the phone's chunk brings the English ones). */
    rowActions?: Partial<RowActionsStrings>;
  }
}
