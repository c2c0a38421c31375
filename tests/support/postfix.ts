// The private Postfix (the mailbox's SMTP server, delivering into the private Dovecot) that the relay's own mailbox
// tests use, for the end-to-end tests.
export { Postfix, type PostfixOptions } from '../../packages/relay/test/support/postfix.js';
