/**
 * The strings of the inbox's mailboxes page, kept out of the shell: the page's chunk brings the English ones; a
 * translation goes in `AdminStrings.mailboxesPage`.
 */
export interface MailboxesStrings {
  mailboxesIntro: string;
  /** The title of the mailboxes' guide, linked after the intro. */
  mailboxesGuide: string;
  /** How to get an app password at the big providers. */
  mailboxesAppPasswords: string;
  mailboxAddTitle: string;
  mailboxAddress: string;
  mailboxName: string;
  mailboxImap: string;
  mailboxSmtp: string;
  mailboxHost: string;
  mailboxPort: string;
  mailboxTls: string;
  mailboxTlsOptions: { tls: string; starttls: string; none: string };
  mailboxUser: string;
  mailboxPassword: string;
  mailboxAfterImport: string;
  mailboxSeen: string;
  mailboxMove: string;
  mailboxMoveTo: string;
  connectMailbox: string;
  mailboxConnected: string;
  mailboxesTitle: string;
  noMailboxes: string;
  mailboxWorking: string;
  mailboxFailing: (error: string) => string;
  mailboxAfter: (afterImport: string, moveTo: string | null) => string;
  checkMailbox: string;
  mailboxCheckedOk: string;
  removeMailbox: string;
  confirmRemoveMailbox: (address: string) => string;
  /** A mailbox's Edit button, and the form's heading and words while it edits one. */
  editMailbox: string;
  mailboxEditTitle: (address: string) => string;
  mailboxEditIntro: string;
  saveMailbox: string;
  cancelEdit: string;
  mailboxSaved: string;
  /** A server's fields were changed but its password was left empty. */
  mailboxPasswordAgain: (server: string) => string;
}

/** English strings of the page. */
export const mailboxesEn: MailboxesStrings = {
  mailboxesIntro:
    'Your team’s existing mailbox, read over IMAP: each new email opens or continues a conversation, and replies go out through the mailbox’s own SMTP server, from its address. Both logins are checked before anything is saved; the passwords are never shown again.',
  mailboxesGuide: 'Your own mailbox (IMAP)',
  mailboxesAppPasswords:
    'Gmail and Outlook.com need an app password (turn on two-step verification, then create one in the account’s security settings): imap.gmail.com 993 and smtp.gmail.com 465, or outlook.office365.com 993 and smtp.office365.com 587. Microsoft 365 admins must allow IMAP and SMTP AUTH for the mailbox.',
  mailboxAddTitle: 'Connect a mailbox',
  mailboxAddress: 'Address',
  mailboxName: 'Name replies are sent under (optional)',
  mailboxImap: 'Incoming mail (IMAP)',
  mailboxSmtp: 'Outgoing mail (SMTP)',
  mailboxHost: 'Server',
  mailboxPort: 'Port',
  mailboxTls: 'Security',
  mailboxTlsOptions: { tls: 'TLS', starttls: 'STARTTLS', none: 'None (own network only)' },
  mailboxUser: 'User name',
  mailboxPassword: 'Password or app password',
  mailboxAfterImport: 'Once imported',
  mailboxSeen: 'Mark as read',
  mailboxMove: 'Move to a folder',
  mailboxMoveTo: 'Folder',
  connectMailbox: 'Check and connect',
  mailboxConnected: 'Connected.',
  mailboxesTitle: 'Mailboxes',
  noMailboxes: 'No mailboxes yet.',
  mailboxWorking: 'Working',
  mailboxFailing: (error) => `Not working: ${error}`,
  mailboxAfter: (afterImport, moveTo) =>
    afterImport === 'move' && moveTo ? `Imported mail is moved to ${moveTo}` : 'Imported mail is marked as read',
  checkMailbox: 'Check now',
  mailboxCheckedOk: 'Both logins work.',
  removeMailbox: 'Remove',
  confirmRemoveMailbox: (address) =>
    `Remove ${address}? Parley stops reading it and forgets its passwords; its conversations stay in the inbox.`,
  editMailbox: 'Edit',
  mailboxEditTitle: (address) => `Edit ${address}`,
  mailboxEditIntro:
    'The address stays. Leave both passwords empty to keep the servers as they are; to change a server, enter its password again (both logins are checked before anything is saved). Mail already imported is not imported again.',
  saveMailbox: 'Check and save',
  cancelEdit: 'Cancel',
  mailboxSaved: 'Saved.',
  mailboxPasswordAgain: (server) => `Enter the password of “${server}” again to change that server.`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The mailboxes page's own strings (its chunk brings the English ones when this is not set). */
    mailboxesPage?: MailboxesStrings;
  }
}
