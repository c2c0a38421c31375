/**
 * What the features that build on replies by email (support addresses, emails' originals) may import of the
 * inbound modules (docs/architecture.md, "Boundaries"): a parsed email's head and the parser thread's reply, what a
 * delivery comes to, an email's files and text as stored, and the original of a reply as the parser keeps it.
 * Everything else in this folder is the inbound path's own.
 */
export { replyClientId } from './inbound-message.js';
export { emailConversationId } from './inbound-mailboxes.js';
export type { InboundAddress, InboundMailboxes, MailboxAddress } from './inbound-mailboxes.js';
export type { InboundHead } from './inbound-message.js';
export type { ParseReply } from './inbound-parser.js';
export { screenedOut } from './inbound-result.js';
export type { InboundChannel, InboundResult } from './inbound-result.js';
export { maxInboundEmailBytes } from './inbound-result.js';
export type { InboundReplies } from './inbound-replies.js';
export { messageText, storeMailFiles } from './mail-files.js';
export { headerList } from './email-original-text.js';
export type { OriginalText } from './email-original-text.js';
