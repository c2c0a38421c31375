// The private Dovecot IMAP server (and, with its `postfix` option, the sockets the private Postfix of
// tests/support/postfix.ts delivers to and checks logins on) that the relay's own mailbox tests use, for the e2e tests.
export { Dovecot, type DovecotOptions, type MailUser } from '../../packages/relay/test/support/dovecot.js';
