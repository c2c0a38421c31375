/** The strings of the inbox's Saved replies page, kept out of the shell: the page's chunk brings the English ones. */
export interface RepliesStrings {
  title: string;
  intro: string;
  search: string;
  count: (shown: number, total: number) => string;
  none: string;
  noMatch: string;
  add: string;
  editing: (shortcut: string) => string;
  shortcut: string;
  shortcutHelp: string;
  text: string;
  save: string;
  cancel: string;
  edit: string;
  delete: string;
  confirmDelete: (shortcut: string) => string;
  saved: string;
  deleted: string;
}

/** English strings of the Saved replies page. */
export const repliesEn: RepliesStrings = {
  title: 'Saved replies',
  intro: 'Replies every agent can insert: type / and the shortcut in the composer, then Enter.',
  search: 'Search saved replies',
  count: (shown, total) =>
    `${shown === total ? '' : `${shown} of `}${total} saved ${total === 1 ? 'reply' : 'replies'}`,
  none: 'No saved replies yet.',
  noMatch: 'No saved reply matches.',
  add: 'Add a saved reply',
  editing: (shortcut) => `Editing /${shortcut}`,
  shortcut: 'Shortcut',
  shortcutHelp: 'Letters, digits, - and _ (up to 32). Typed after / in the composer.',
  text: 'Reply',
  save: 'Save',
  cancel: 'Cancel',
  edit: 'Edit',
  delete: 'Delete',
  confirmDelete: (shortcut) => `Delete /${shortcut}? Agents can no longer insert it.`,
  saved: 'Saved.',
  deleted: 'Deleted.',
};
