import { createHash } from 'node:crypto';
import type { InboundHead } from './inbound-message.js';
import type { ParseReply } from './inbound-parser.js';
import type { InboundChannel, InboundResult } from './inbound-result.js';

/**
 * Where mail that answers no conversation may still go: a site's addresses that open conversations (the support
 * addresses feature's, docs/email.md "A support address"). The inbound path declares what it asks of them, and the
 * feature that keeps them builds on the inbound path and fills it (its running part, `use('support')`), so the two
 * folders import one way.
 */
export interface InboundMailboxes<Address extends InboundAddress = InboundAddress> {
  readonly addresses: { find(address: string): Promise<Address | undefined> };
  readonly inbox: {
    /** Opens a conversation from mail to `address` (or refuses it), reading the body only when it takes it. */
    open(
      head: InboundHead & { readonly from: string },
      address: Address,
      read: () => Promise<ParseReply>,
      via: InboundChannel,
    ): Promise<InboundResult | Extract<ParseReply, { ok: false }>>;
  };
}

/** An address of a site's that takes new mail. */
export interface InboundAddress {
  readonly siteId: string;
}

/**
 * A team's own mailbox mail was fetched from (the mailboxes feature, over IMAP): its site, its address (the
 * conversation's, which replies come from) and its name. Its mail opens and continues conversations as a support
 * address's does.
 */
export interface MailboxAddress extends InboundAddress {
  readonly address: string;
  readonly name: string | null;
}

/** A conversation id for an email that opens one: the same for the same email, so a retried delivery opens it once. */
export function emailConversationId(siteId: string, identity: string): string {
  // `ce_` and 16 characters: 19 in all, which keeps its reply address within a local part's 64 (reply-address.ts).
  return `ce_${createHash('sha256').update(`${siteId}\0${identity}`).digest('base64url').slice(0, 16)}`;
}
