import { createHash } from 'node:crypto';
import type { AdminFor } from '../admin/public.js';
import type { ChatCore } from '../core/chat-core.js';
import { ConversationQuotas } from '../limits/conversation-quotas.js';
import type { AttachmentsFeature } from '../attachments/public.js';
import {
  emailConversationId,
  messageText,
  replyClientId,
  screenedOut,
  storeMailFiles,
  type InboundChannel,
  type InboundHead,
  type InboundMailboxes,
  type InboundResult,
  type ParseReply,
} from '../inbound-email/public.js';
import type { SupportAddressRecord, SupportAddresses } from './support-addresses.js';

/** The quotas of new conversations by email (`PARLEY_EMAIL_CONVERSATIONS_PER_…`). */
export interface SupportQuotas {
  /** New conversations one sender may open per hour (all addresses of a relay together); 0: no limit. */
  readonly perSenderPerHour: number;
  /** New conversations one support address may take per minute; 0: no limit. */
  readonly perAddressPerMinute: number;
}

/** What {@link SupportInbox} is built from. */
export interface SupportInboxOptions {
  readonly core: ChatCore;
  readonly admin: Pick<AdminFor<'conversations' | 'contacts'>, 'repos' | 'cipher'>;
  readonly quotas: SupportQuotas;
  readonly now?: () => number;
  /** The attachments feature, which stores an email's files (none are kept without it). */
  readonly files?: (() => AttachmentsFeature | undefined) | undefined;
}

/** The contact id of someone known only by their email: the same for the same address on a site. */
export function emailContactId(siteId: string, emailHash: string): string {
  return `e_${createHash('sha256').update(`${siteId}\0${emailHash}`).digest('base64url').slice(0, 22)}`;
}

/** The support addresses' part of the inbound path (the `support` feature's instance): its `InboundMailboxes`. */
export interface SupportMail extends InboundMailboxes<SupportAddressRecord> {
  readonly addresses: SupportAddresses;
  readonly inbox: SupportInbox;
}

/**
 * Mail to a support address (issue #38, docs/email.md "A support address") that answers no conversation of the
 * relay opens a new one, in the address's site: the sender is the contact (found by their email's keyed hash, or
 * created), the subject the conversation's, the text its first message. Within the quotas, per sender and per
 * address; the conversation's id and the message's client id come from the `Message-ID`, so an email delivered
 * twice opens one conversation with one message.
 */
export class SupportInbox {
  readonly #core: ChatCore;
  readonly #admin: SupportInboxOptions['admin'];
  readonly #quotas: ConversationQuotas;
  readonly #now: () => number;
  readonly #files: SupportInboxOptions['files'];

  constructor(options: SupportInboxOptions) {
    this.#core = options.core;
    this.#admin = options.admin;
    this.#now = options.now ?? Date.now;
    this.#files = options.files;
    this.#quotas = new ConversationQuotas({
      newConversationsPerAddressPerHour: options.quotas.perSenderPerHour,
      newConversationsPerSitePerMinute: options.quotas.perAddressPerMinute,
    });
  }

  /**
   * Opens a conversation from `head` (sent from `from`, to `address`), once its body (`read`) says something.
   * Nothing is stored when the body cannot be read, says nothing and has no subject, or a quota is spent.
   */
  async open(
    head: InboundHead & { readonly from: string },
    address: SupportAddressRecord,
    read: () => Promise<ParseReply>,
    via: InboundChannel,
  ): Promise<InboundResult | Extract<ParseReply, { ok: false }>> {
    const { siteId } = address;
    const now = this.#now();
    const sender = head.from.trim().toLowerCase();
    const emailHash = this.#admin.cipher.hash(sender);
    const identity = head.messageId ?? undefined;
    // A retried delivery of a conversation opened before costs no quota: it is the same conversation.
    const conversationId = identity === undefined ? undefined : emailConversationId(siteId, identity);
    const known = conversationId === undefined ? undefined : await this.#core.conversations.get(conversationId);
    if (!known) {
      this.#quotas.sweep(now);
      const refused = this.#quotas.take(emailHash, address.address, now);
      if (refused) {
        this.#core.log.info('inbound email limited', { via, siteId, retryAfterMs: refused.retryAfterMs });
        return {
          status: 'limited',
          detail: refused.message.replace('this address', 'this sender').replace('this site', 'this address'),
          retryAfterMs: refused.retryAfterMs,
        };
      }
    }
    const body = await read();
    if (!body.ok) return body;
    const said = (body.text ?? '') || (head.subject ?? '');
    const files = body.files ?? [];
    if (said === '' && files.length === 0)
      return { status: 'refused', reason: 'empty', detail: 'The email has neither a subject nor any text.' };
    const id =
      conversationId ?? emailConversationId(siteId, `no-message-id\0${sender}\0${head.subject ?? ''}\0${said}`);
    try {
      const contactId = await this.#contact(siteId, sender, emailHash, head.fromName, id, now);
      await this.#admin.repos.conversations.recordChannel({
        conversationId: id,
        siteId,
        channel: 'email',
        subject: head.subject === undefined ? null : this.#core.redactAside(siteId, head.subject),
        address: address.address,
        at: now,
      });
      const core = this.#core;
      const sealed = this.#admin.cipher.encrypt(head.from.trim());
      const clientId = replyClientId(head, said);
      const stored = await storeMailFiles(
        this.#files?.(),
        { siteId, conversationId: id, clientId, visitorId: contactId },
        files,
      );
      const text = messageText(said, stored.refused, body.dropped ?? 0);
      const { message, duplicate } = await core.storeMessage(
        {
          siteId,
          conversationId: id,
          visitorId: contactId,
          clientId,
          author: head.fromName
            ? { role: 'visitor', id: contactId, name: head.fromName }
            : { role: 'visitor', id: contactId },
          text,
          kind: 'text',
          ...(stored.refs.length > 0 ? { extra: { attachments: stored.refs } } : {}),
          profile: { ...(head.fromName ? { name: head.fromName } : {}), email: sealed, verified: false },
        },
        'email',
      );
      core.log.info('inbound email opened a conversation', { via, siteId, conversationId: id, duplicate });
      return { status: 'stored', message, duplicate };
    } catch (error) {
      const refused = screenedOut(error);
      if (refused) return refused;
      this.#core.log.warn('inbound email: store unavailable', { via, siteId, error: String(error) });
      return { status: 'unavailable', detail: 'The message could not be stored now; try again later.' };
    }
  }

  /**
   * The contact a conversation with `email` is with (staff starting one by email): the site's contact with this
   * email (the most recently seen), or a new one made for it, named `name`.
   */
  async contactFor(
    siteId: string,
    email: string,
    name: string | undefined,
    conversationId: string,
    at: number,
  ): Promise<string> {
    const address = email.trim();
    return this.#contact(siteId, address, this.#admin.cipher.hash(address), name, conversationId, at);
  }

  /** The contact with this email on the site (the most recently seen), or a new one made for it. */
  async #contact(
    siteId: string,
    email: string,
    emailHash: string,
    name: string | undefined,
    conversationId: string,
    at: number,
  ): Promise<string> {
    const { items } = await this.#admin.repos.contacts.listContacts({ siteId, emailHash, limit: 1 });
    const found = items[0];
    if (found) return found.id;
    const contactId = emailContactId(siteId, emailHash);
    await this.#admin.repos.contacts.touchContacts([
      {
        siteId,
        contactId,
        name,
        emailEnc: this.#admin.cipher.encrypt(email),
        emailHash,
        verified: false,
        conversationHint: conversationId,
        at,
      },
    ]);
    return contactId;
  }
}
