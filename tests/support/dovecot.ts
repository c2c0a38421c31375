// The private Dovecot IMAP server and the mailbox's SMTP server with a login that the relay's own mailbox tests use
// (loopback, port 0 or a free one), for the end-to-end tests.
export { Dovecot, MailboxSmtp, type MailUser } from '../../packages/relay/test/support/dovecot.js';
