/**
 * What the inbound path may import of support addresses (docs/architecture.md, "Boundaries"): the feature's running
 * part, to which it hands mail for a support address, that part's address records, and the conversation id an email
 * that opened a conversation was given. Everything else in this folder is the support addresses' own.
 */
export type { SupportMail } from './support-inbox.js';
export type { SupportAddressRecord } from './support-addresses.js';
export { emailConversationId } from './support-inbox.js';
