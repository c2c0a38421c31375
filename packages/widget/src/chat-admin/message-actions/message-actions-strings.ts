/**
 * The strings of a message's Edit and Delete actions in the thread; the chunk brings the English ones (a
 * translation: `AdminStrings.messageActions`).
 */
export interface MessageActionsStrings {
  /** The menu button's accessible name. */
  actions: string;
  edit: string;
  delete: string;
  /** The edit box's accessible name. */
  editLabel: string;
  save: string;
  cancel: string;
  /** Under the edit box: how to save and cancel. */
  editHint: string;
  /** The question before a delete. */
  confirmDelete: string;
}

/** English strings of the message actions. */
export const messageActionsEn: MessageActionsStrings = {
  actions: 'Message actions',
  edit: 'Edit',
  delete: 'Delete',
  editLabel: 'Edit message',
  save: 'Save',
  cancel: 'Cancel',
  editHint: 'Enter to save, Escape to cancel',
  confirmDelete: 'Delete this message? Everyone sees “Message deleted” in its place.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** A message's Edit and Delete actions (their chunk brings the English ones). */
    messageActions?: Partial<MessageActionsStrings>;
  }
}
