import type { AdminFor } from '../admin/admin-services.js';
import { normalizeEmail } from '../admin/email-cipher.js';
import type { ChatCore } from '../core/chat-core.js';
import type { ConversationRef } from '../core/conversation-cache.js';
import type { EmailOriginals } from './email-originals.js';
import { replyClientId, type InboundEmail, type InboundHead } from './inbound-message.js';
import { InboundParser, type ParseReply } from './inbound-parser.js';
import {
  maxInboundEmailBytes,
  type InboundChannel,
  type InboundRefusal,
  type InboundResult,
} from './inbound-result.js';
import type { InboundSmtpListener } from './inbound-smtp.js';
import { conversationOfReplyAddress, replyAddress } from './reply-address.js';

/** What {@link InboundReplies} is built from. */
export interface InboundRepliesOptions {
  readonly core: ChatCore;
  /** The admin feature: the conversation's contact (their sealed email) and the cipher that opens it. */
  readonly admin: Pick<AdminFor<'conversations'>, 'repos' | 'cipher'>;
  /** The relay secret, which signs reply addresses (see `reply-address.ts`). */
  readonly relaySecret: string;
  /** `PARLEY_INBOUND_DOMAIN`: the domain of the reply addresses. */
  readonly domain: string;
  /** Where the SMTP listener listens (`PARLEY_INBOUND_SMTP_PORT`, `…_HOST`); no listener without it. */
  readonly smtp?: { readonly host: string; readonly port: number } | undefined;
  /** Where each stored reply's original goes (headers and whole text, for the inbox); none kept without it. */
  readonly originals?: EmailOriginals | undefined;
}

/**
 * Replies by email (issue #16): an email sent to a conversation's reply address (`reply+…@<inbound domain>`, the
 * `Reply-To` of the relay's emails) becomes the visitor's message in that conversation, with its sequence, live
 * for staff and the visitor's open widget like any other.
 *
 * Mail comes in through the SMTP listener ({@link InboundSmtpListener}, started by {@link start} when a port is
 * configured) or a provider's inbound-parse webhook (`POST /v1/inbound/email`, `http/inbound-email.ts`). Either
 * way the email must be for a valid signed reply address, from the email address the conversation's visitor gave
 * (compared case-insensitively with the contact's sealed email), and say something once its quoted history is
 * stripped; anything else is refused with nothing stored and a log line that names ids and reasons only. The
 * message's client id is derived from the `Message-ID`, so an email delivered twice is stored once.
 */
export class InboundReplies {
  readonly #core: ChatCore;
  readonly #admin: Pick<AdminFor<'conversations'>, 'repos' | 'cipher'>;
  readonly #secret: string;
  readonly #domain: string;
  readonly #smtp: InboundRepliesOptions['smtp'];
  readonly #originals: EmailOriginals | undefined;
  /** Made by {@link start} (smtp-server is loaded then, and only when a port is configured). */
  #listener: InboundSmtpListener | undefined;
  readonly #parser = new InboundParser();

  constructor(options: InboundRepliesOptions) {
    this.#core = options.core;
    this.#admin = options.admin;
    this.#secret = options.relaySecret;
    this.#domain = options.domain;
    this.#smtp = options.smtp;
    this.#originals = options.originals;
  }

  /** The port of the SMTP listener, once started; `undefined` when there is none. */
  get smtpPort(): number | undefined {
    return this.#listener?.port;
  }

  /** Starts the SMTP listener, when one is configured. */
  async start(): Promise<void> {
    if (!this.#smtp) return;
    const { InboundSmtpListener } = await import('./inbound-smtp.js');
    this.#listener = new InboundSmtpListener({
      ...this.#smtp,
      maxBytes: maxInboundEmailBytes,
      log: this.#core.log,
      acceptsRecipient: (address) => this.conversationOf(address) !== undefined,
      deliver: (raw, recipients) => this.receiveRaw(raw, 'smtp', recipients),
    });
    await this.#listener.listen();
    this.#core.log.info('inbound email: SMTP listener ready', { port: this.#listener.port });
  }

  /** Stops the SMTP listener; emails being stored finish first (the core tracks their appends). */
  async close(): Promise<void> {
    await this.#listener?.close();
    await this.#parser.close();
  }

  /** The conversation a recipient address stands for, when it is one of this relay's signed reply addresses. */
  conversationOf(address: string): string | undefined {
    return conversationOfReplyAddress(this.#secret, address.trim(), this.#domain);
  }

  /** The reply address of a conversation (the `Reply-To` its emails carry); `undefined` for an over-long id. */
  replyAddressOf(conversationId: string): string | undefined {
    return replyAddress(this.#secret, conversationId, this.#domain);
  }

  /**
   * Reads a raw RFC 822 message and stores it (see {@link receive}). Its header block is read first, and its body
   * only once a recipient is a reply address and the sender that conversation's visitor: a stranger's mail costs
   * the reading of its headers. Both are read on a thread ({@link InboundParser}), never on the event loop.
   * `recipients`: the SMTP envelope's, when known.
   */
  async receiveRaw(raw: Buffer, via: InboundChannel, recipients?: readonly string[]): Promise<InboundResult> {
    if (raw.length > maxInboundEmailBytes)
      return this.#refuse(via, 'too_large', `Messages are limited to ${maxInboundEmailBytes} bytes.`);
    const head = await this.#parser.head(raw, recipients);
    if (!head.ok) return this.#failed(via, head);
    return this.#receive(head.head!, () => this.#parser.body(raw), via, raw);
  }

  /**
   * Stores an email reply in the conversation of each of its reply addresses (normally one), or refuses it: no
   * recipient is a reply address, the sender is not the conversation's visitor, or nothing is left of the text
   * once quoted history is stripped. When several are named, the answer is the first stored one's, unless one
   * could not be stored for now.
   */
  receive(email: InboundEmail, via: InboundChannel): Promise<InboundResult> {
    return this.#receive(email, () => this.#parser.reply(email.text), via, email);
  }

  /** `source`: the raw message or the webhook's email, whose original is kept with each message stored from it. */
  async #receive(
    head: InboundHead,
    read: () => Promise<ParseReply>,
    via: InboundChannel,
    source: Buffer | InboundEmail,
  ): Promise<InboundResult> {
    const conversations = [
      ...new Set(head.recipients.map((address) => this.conversationOf(address)).filter((id) => id !== undefined)),
    ];
    if (conversations.length === 0)
      return this.#refuse(via, 'unknown_recipient', 'No recipient is a reply address of this relay.');
    if (head.from === undefined) return this.#refuse(via, 'malformed', 'The email has no From address.');
    const checks: Array<Sender | InboundResult> = [];
    for (const conversationId of conversations) checks.push(await this.#sender(conversationId, head.from, via));
    const senders = checks.filter((check): check is Sender => 'conversation' in check);
    if (senders.length === 0) return pick(checks as InboundResult[]);
    const body = await read();
    if (!body.ok) return this.#failed(via, body);
    const text = body.text ?? '';
    if (text === '')
      return this.#refuse(via, 'empty', 'The reply is empty once quoted history and signature are left out.');
    const results: InboundResult[] = checks.filter((check): check is InboundResult => !('conversation' in check));
    for (const sender of senders) results.push(await this.#store(sender, head, text, via, source));
    return pick(results);
  }

  /** Whether `from` may write in the conversation: it must be the email its visitor gave (case-insensitive). */
  async #sender(conversationId: string, from: string, via: InboundChannel): Promise<Sender | InboundResult> {
    try {
      const conversation = await this.#core.conversations.get(conversationId);
      if (!conversation)
        return this.#refuse(via, 'unknown_recipient', 'That conversation no longer exists.', conversationId);
      const record = await this.#admin.repos.conversations.getConversation(conversation.siteId, conversationId);
      const sealed = record?.visitor.emailEnc;
      const expected = sealed === undefined ? undefined : this.#admin.cipher.decrypt(sealed);
      if (expected === undefined || normalizeEmail(expected) !== normalizeEmail(from))
        return this.#refuse(
          via,
          'wrong_sender',
          'The sender is not the email address this conversation is with.',
          conversationId,
        );
      return { conversation, name: record?.visitor.name };
    } catch (error) {
      this.#core.log.warn('inbound email: store unavailable', { via, conversationId, error: String(error) });
      return { status: 'unavailable', detail: 'The message could not be stored now; try again later.' };
    }
  }

  #failed(via: InboundChannel, failure: Extract<ParseReply, { ok: false }>): InboundResult {
    if (failure.reason === 'busy') {
      this.#core.log.warn('inbound email: parser busy', { via });
      return { status: 'unavailable', detail: failure.detail };
    }
    return this.#refuse(via, failure.reason, failure.detail);
  }

  async #store(
    { conversation, name }: Sender,
    email: InboundHead,
    text: string,
    via: InboundChannel,
    source: Buffer | InboundEmail,
  ): Promise<InboundResult> {
    const core = this.#core;
    const conversationId = conversation.id;
    try {
      const pending = core.store.append({
        siteId: conversation.siteId,
        conversationId,
        visitorId: conversation.visitorId,
        clientId: replyClientId(email, text),
        author:
          name === undefined
            ? { role: 'visitor', id: conversation.visitorId }
            : { role: 'visitor', id: conversation.visitorId, name },
        text,
        kind: 'text',
      });
      core.track(pending);
      const { message, duplicate } = await pending;
      if (duplicate) {
        // Between relays, published again: the relay that stored it first may have died before publishing it.
        core.publishMessage(message, conversation.siteId, true);
      } else {
        core.metrics.messagesStored += 1;
        core.conversations.remember(conversation);
        core.publishMessage(message, conversation.siteId);
        await this.#originals?.record(conversation.siteId, message, source, this.#parser);
      }
      core.log.info('inbound email stored', { via, conversationId, seq: message.seq, duplicate });
      return { status: 'stored', message, duplicate };
    } catch (error) {
      core.log.warn('inbound email: store unavailable', { via, conversationId, error: String(error) });
      return { status: 'unavailable', detail: 'The message could not be stored now; try again later.' };
    }
  }

  #refuse(via: InboundChannel, reason: InboundRefusal, detail: string, conversationId?: string): InboundResult {
    this.#core.log.info('inbound email refused', { via, reason, ...(conversationId ? { conversationId } : {}) });
    return { status: 'refused', reason, detail };
  }
}

/** A conversation the sender may write in, and the visitor's name to write under. */
interface Sender {
  readonly conversation: ConversationRef;
  readonly name: string | undefined;
}

/** The answer for several conversations: one that could not be stored for now, else a stored one, else the first. */
function pick(results: readonly InboundResult[]): InboundResult {
  return (
    results.find((result) => result.status === 'unavailable') ??
    results.find((result) => result.status === 'stored') ??
    results[0]!
  );
}
