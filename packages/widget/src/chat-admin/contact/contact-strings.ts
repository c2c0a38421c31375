/** The strings of a contact's card and edit form (visitor panel, Contacts page), shipped with their chunk. */
export interface ContactStrings {
  notes: string;
  noNotes: string;
  edit: string;
  editTitle: (who: string) => string;
  name: string;
  nameHelp: string;
  email: string;
  emailHelp: (masked: string | undefined) => string;
  /** The checkbox that removes the contact's email (shown while it has one). */
  removeEmail: string;
  notesHelp: string;
  save: string;
  cancel: string;
  saved: string;
  /** What a refused field is told, in place of the relay's message. */
  invalid: { name: string; email: string; notes: string };
  /** The heading of where the contact is reached outside the chat (an API channel and their id there). */
  reachedAt: string;
  /** The channel a handle is on: its name as the site gave it, and its kind (`API`). */
  reachVia: (label: string, kind: string) => string;
}

/** English strings of a contact's card and edit form. */
export const contactEn: ContactStrings = {
  notes: 'Notes',
  noNotes: 'No notes yet.',
  edit: 'Edit contact',
  editTitle: (who) => `Edit ${who}`,
  name: 'Name',
  nameHelp: 'Shown in the inbox for everyone on the team. Leave empty to show their email or visitor number.',
  email: 'Email',
  emailHelp: (masked) =>
    masked
      ? `Now ${masked}. Type a new address to change it; leave empty to keep it. Replies by email go there.`
      : 'Replies by email and transcripts go there.',
  removeEmail: 'Remove the email (no replies or transcripts by email)',
  notesHelp: 'For the team only: the visitor never sees them.',
  save: 'Save contact',
  cancel: 'Cancel',
  saved: 'Contact saved.',
  invalid: {
    name: 'A name is at most 120 characters.',
    email: 'Enter an email address, like name@example.com.',
    notes: 'Notes are at most 5,000 characters.',
  },
  reachedAt: 'Reached at',
  reachVia: (label, kind) => `${label} (${kind})`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** A contact's notes and edit form (visitor panel, Contacts page; their chunk brings the English ones). */
    contact?: Partial<ContactStrings>;
  }
}
