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
};
