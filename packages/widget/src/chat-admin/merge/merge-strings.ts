/** The strings of the thread's "Merge into…" (a translation: `AdminStrings.merge`; the chunk brings English). */
export interface MergeStrings {
  open: string;
  title: string;
  sameContact: string;
  none: string;
  find: string;
  findButton: string;
  found: string;
  otherContact: string;
  /** What will happen, once a conversation is chosen. */
  preview: (messages: number, target: string) => string;
  confirm: string;
  cancel: string;
  close: string;
  /** A conversation in the lists: its id, status and last message. */
  label: (id: string, status: string, last: string) => string;
  /** A conversation of another contact, for those who may merge contacts: both merges, in one step. */
  bothContacts: string;
  /** What will happen when the chosen conversation is another contact's: the contacts first, then the messages. */
  previewBoth: (messages: number, target: string, other: string) => string;
  confirmBoth: string;
  /** For those who may not merge contacts: where the other contact is. */
  openContact: (name: string) => string;
}

/** English strings of "Merge into…". */
export const mergeEn: MergeStrings = {
  open: 'Merge into…',
  title: 'Merge this conversation into…',
  sameContact: 'This contact’s other conversations',
  none: 'This contact has no other conversation.',
  find: 'Find another conversation',
  findButton: 'Search',
  found: 'Found',
  otherContact: 'another contact: merge the contacts first',
  preview: (messages, target) =>
    `The ${messages === 1 ? 'message' : `${messages} messages`} of this conversation will move into #${target}, after its own, each keeping where it came from. This conversation will close, and the visitor’s chat will follow to #${target}.`,
  confirm: 'Merge',
  cancel: 'Cancel',
  close: 'Close',
  label: (id, status, last) => `#${id} · ${status}${last ? ` · ${last}` : ''}`,
  bothContacts: 'another contact: both will be merged',
  previewBoth: (messages, target, other) =>
    `#${target} is ${other}’s. First ${other} and this contact become one contact (a verified identity wins), then the ${messages === 1 ? 'message' : `${messages} messages`} of this conversation move into #${target}, and this conversation closes. This cannot be undone: once the conversations are one, the contacts cannot be told apart again.`,
  confirmBoth: 'Merge contacts and conversations',
  openContact: (name) => `Open ${name}’s contact`,
};

/** The strings of a contact's "Merge with…" (a translation: `AdminStrings.contactMerge`). */
export interface ContactMergeStrings {
  title: string;
  help: string;
  open: string;
  find: string;
  findButton: string;
  none: string;
  /** A contact found: their name, how many conversations they have, when last seen. */
  candidate: (name: string, conversations: number, seen: string) => string;
  /** What will happen, once a contact is chosen. */
  preview: (other: string, kept: string) => string;
  confirm: string;
  cancel: string;
  merged: (other: string) => string;
  /** A merge listed on the contact, with its undo while it lasts. */
  mergeLine: (other: string, by: string, until: string) => string;
  undo: string;
  undone: string;
  /** A likely duplicate (the same vouched-for email), with its merge a click away. */
  duplicate: (name: string) => string;
  duplicateMerge: string;
}

/** English strings of "Merge with…". */
export const contactMergeEn: ContactMergeStrings = {
  title: 'Merge with another record',
  help: 'Two records of the same person: their conversations, notes, consent and email join this one.',
  open: 'Merge with…',
  find: 'Find the other record',
  findButton: 'Search',
  none: 'No other contact matches.',
  candidate: (name, conversations, seen) =>
    `${name} · ${conversations === 1 ? '1 conversation' : `${conversations} conversations`} · last seen ${seen}`,
  preview: (other, kept) =>
    `${other}’s conversations, notes, consent and email will join ${kept}, and ${other} will be removed. A verified identity wins. You can undo this for 24 hours.`,
  confirm: 'Merge',
  cancel: 'Cancel',
  merged: (other) => `${other} was merged into this contact.`,
  mergeLine: (other, by, until) => `${other} merged by ${by}; can be undone until ${until}.`,
  undo: 'Undo',
  undone: 'The merge was undone.',
  duplicate: (name) => `Possible duplicate: ${name}`,
  duplicateMerge: 'Merge…',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** A contact's "Merge with…" on the Contacts page (its chunk brings the English ones). */
    contactMerge?: Partial<ContactMergeStrings>;
    /** The thread's "Merge into…" (its chunk brings the English ones). */
    merge?: Partial<MergeStrings>;
  }
}
