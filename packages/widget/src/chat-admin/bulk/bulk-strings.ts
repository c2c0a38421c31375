/** The strings of the list's bulk bar; the chunk brings the English ones (a translation: `AdminStrings.bulk`). */
export interface BulkStrings {
  bar: string;
  picked: (n: number) => string;
  selectAll: (n: number) => string;
  /** Every conversation the view holds, beyond those loaded (`n`: the view's count, at most 5,000). */
  selectMatching: (n: number) => string;
  /** The count once every match is picked; `more`: the view held more than the 5,000 gathered. */
  pickedMatching: (n: number, more: boolean) => string;
  gathering: string;
  clear: string;
  /** The clear button's visible text; {@link BulkStrings.clear} is its accessible name. */
  clearShort: string;
  resolve: string;
  action: string;
  apply: string;
  status: string;
  priority: string;
  assign: string;
  unassign: string;
  team: string;
  noTeam: string;
  snooze: string;
  laterToday: string;
  tomorrow: string;
  nextWeek: string;
  label: string;
  /** Beside the label field (which says *Label*), so a word is enough. */
  addLabel: string;
  removeLabel: string;
  working: string;
  /** `what`: the change made, in the words of {@link BulkStrings.done}'s sentence ("resolved", "assigned to Ana"). */
  done: (n: number, what: string) => string;
  failed: (n: number, which: string) => string;
  resolved: string;
  setTo: (value: string) => string;
  assignedTo: (name: string) => string;
  unassigned: string;
  movedTo: (team: string) => string;
  snoozed: string;
  labelled: (label: string) => string;
  unlabelled: (label: string) => string;
  hint: string;
}

/** English strings of the bulk bar. */
export const bulkEn: BulkStrings = {
  bar: 'Bulk actions',
  picked: (n) => `${n} selected`,
  selectAll: (n) => `Select all ${n}`,
  selectMatching: (n) => `Select all ${n} matching`,
  pickedMatching: (n, more) => (more ? `The first ${n} matching selected` : `All ${n} matching selected`),
  gathering: 'Selecting every match…',
  clear: 'Clear selection',
  clearShort: 'Clear',
  resolve: 'Resolve',
  action: 'Change',
  apply: 'Apply',
  status: 'Status',
  priority: 'Priority',
  assign: 'Assign to',
  unassign: 'Nobody (unassign)',
  team: 'Team',
  noTeam: 'No team',
  snooze: 'Snooze until',
  laterToday: 'Later today',
  tomorrow: 'Tomorrow morning',
  nextWeek: 'Next Monday',
  label: 'Label',
  addLabel: 'Add',
  removeLabel: 'Remove',
  working: 'Working…',
  done: (n, what) => `${n} ${what}`,
  failed: (n, which) => `${n} failed: ${which}`,
  resolved: 'resolved',
  setTo: (value) => `set to ${value}`,
  assignedTo: (name) => `assigned to ${name}`,
  unassigned: 'unassigned',
  movedTo: (team) => `moved to ${team}`,
  snoozed: 'snoozed',
  labelled: (label) => `labelled “${label}”`,
  unlabelled: (label) => `no longer labelled “${label}”`,
  hint: 'x picks the focused conversation, Shift+x or Shift+click a range, Escape clears.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The list's bulk bar (its chunk brings the English ones). */
    bulk?: Partial<BulkStrings>;
  }
}
