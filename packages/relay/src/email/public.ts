/**
 * What the other email features (replies by email, support addresses) may import of outgoing mail's modules
 * (docs/architecture.md, "Boundaries"): the configuration section the inbound feature shares, the signed reply
 * addresses both directions of mail use, the checks that tell automated mail from a person's and the bounce marks
 * they lead to, and the mailer with its one-time-code email. Everything else in this folder is outgoing mail's own (the
 * team's account emails go out through the feature's `accountMail`).
 */
export { emailConfig } from './email-config.js';
export { conversationOfReplyAddress, replyAddress } from './reply-address.js';
export { AUTOMATION_HEADERS, classifyMail, deliveryStatusOf } from './automated-mail.js';
export type { AutomationHeader, MailAutomationHead, MailKind } from './automated-mail.js';
export { markBouncing } from './bounces.js';
export { sendCodeMail } from './code-mail.js';
export type { Mailer, OutgoingEmail } from './mailer.js';
export { MailerError } from './mailer.js';
export { RELAY_MARK_HEADER, relayMark } from './automated-mail.js';
export { mailTransports } from './mail-transports.js';
export type { MailTransport, MailTransportSource } from './mail-transports.js';
