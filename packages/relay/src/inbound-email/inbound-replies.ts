import type { Message } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import { normalizeEmail } from '../admin/public.js';
import type { ChatCore } from '../core/chat-core.js';
import type { ConversationRef } from '../core/conversation-cache.js';
import type { SensitiveKind } from '@parley/protocol/sensitive';
import { originalOfFields, type OriginalText } from './email-original-text.js';
import { replyClientId, type InboundEmail, type InboundHead } from './inbound-message.js';
import { InboundParser, type ParseReply } from './inbound-parser.js';
import {
  maxInboundEmailBytes,
  screenedOut,
  type InboundChannel,
  type InboundRefusal,
  type InboundResult,
} from './inbound-result.js';
import type { InboundSmtpListener } from './inbound-smtp.js';
import type { AttachmentsFeature } from '../attachments/public.js';
import { messageText, storeMailFiles } from './mail-files.js';
import {
  classifyMail,
  conversationOfReplyAddress,
  markBouncing,
  replyAddress,
  type MailKind,
} from '../email/public.js';
import {
  emailConversationId,
  type InboundAddress,
  type InboundMailboxes,
  type MailboxAddress,
} from './inbound-mailboxes.js';

/**
 * Where the original of each stored reply goes: the originals feature's running part, which builds on this one.
 * Named here by what this path calls, so that replies by email need not know that feature.
 */
export interface OriginalsKeeper {
  record(siteId: string, message: Message, original: OriginalText | undefined): Promise<void>;
}

/**
 * What the inbound path uses of the desk: conversations (their contact's sealed email), contacts (bouncing marks),
 * the email repository (the thread a reply goes under), the cipher, and the inbox's conversation frames.
 */
export type InboundAdmin = Pick<
  AdminFor<'conversations' | 'contacts' | 'email'>,
  'repos' | 'cipher' | 'publishConversation'
>;

/** What {@link InboundReplies} is built from. */
export interface InboundRepliesOptions {
  readonly core: ChatCore;
  /** The admin feature: the conversation's contact (their sealed email) and the cipher that opens it. */
  readonly admin: InboundAdmin;
  /** The relay secret, which signs reply addresses (see `reply-address.ts`). */
  readonly relaySecret: string;
  /**
   * `PARLEY_INBOUND_DOMAIN`: the domain of the reply addresses. Without it no reply address is the relay's, and mail
   * comes only from a team's own mailboxes ({@link receiveRaw}'s `mailbox`).
   */
  readonly domain: string | undefined;
  /** Where the SMTP listener listens (`PARLEY_INBOUND_SMTP_PORT`, `…_HOST`); no listener without it. */
  readonly smtp?: { readonly host: string; readonly port: number } | undefined;
  /** The sites' support addresses, and what opens a conversation from mail to one (docs/email.md). */
  readonly support?: (() => InboundMailboxes | undefined) | undefined;
  /** The attachments feature, which stores an email's files (none are kept without it). */
  readonly files?: (() => AttachmentsFeature | undefined) | undefined;
  /** Whether the provider webhook (`POST /v1/inbound/email`) is on (`PARLEY_INBOUND_SECRET`). */
  readonly webhook?: boolean | undefined;
  /** Where each stored reply's original goes (headers and whole text, for the inbox); none kept without it. */
  readonly originals?: OriginalsKeeper | undefined;
  /** The detector's kinds a site hides (message safety's): replaced in an original before it is kept. */
  readonly hiddenKinds?: ((siteId: string) => readonly SensitiveKind[]) | undefined;
}

/**
 * Replies by email (issue #16): an email sent to a conversation's reply address (`reply+…@<inbound domain>`, the
 * `Reply-To` of the relay's emails) becomes the visitor's message in that conversation, with its sequence, live
 * for staff and the visitor's open widget like any other.
 *
 * Mail comes in through the SMTP listener ({@link InboundSmtpListener}, started by {@link start} when a port is
 * configured) or a provider's inbound-parse webhook (`POST /v1/inbound/email`, `inbound-email-http.ts`). Either
 * way the email must be for a valid signed reply address, from the email address the conversation's visitor gave
 * (compared case-insensitively with the contact's sealed email), and say something once its quoted history is
 * stripped; anything else is refused with nothing stored and a log line that names ids and reasons only. The
 * message's client id is derived from the `Message-ID`, so an email delivered twice is stored once.
 */
export class InboundReplies {
  readonly #core: ChatCore;
  readonly #admin: InboundAdmin;
  readonly #secret: string;
  readonly #domain: string | undefined;
  readonly #smtp: InboundRepliesOptions['smtp'];
  readonly #support: InboundRepliesOptions['support'];
  readonly #webhook: boolean;
  readonly #files: InboundRepliesOptions['files'];
  readonly #originals: OriginalsKeeper | undefined;
  readonly #hiddenKinds: (siteId: string) => readonly SensitiveKind[];
  /** Made by {@link start} (smtp-server is loaded then, and only when a port is configured). */
  #listener: InboundSmtpListener | undefined;
  readonly #parser = new InboundParser();

  constructor(options: InboundRepliesOptions) {
    this.#core = options.core;
    this.#admin = options.admin;
    this.#secret = options.relaySecret;
    this.#domain = options.domain;
    this.#smtp = options.smtp;
    this.#support = options.support;
    this.#webhook = options.webhook ?? false;
    this.#files = options.files;
    this.#originals = options.originals;
    this.#hiddenKinds = options.hiddenKinds ?? (() => []);
  }

  /** How mail reaches the relay: its SMTP listener, a provider's webhook, both or neither. */
  get receiving(): Array<'smtp' | 'webhook'> {
    return [...(this.#smtp ? (['smtp'] as const) : []), ...(this.#webhook ? (['webhook'] as const) : [])];
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
      acceptsRecipient: async (address) =>
        this.conversationOf(address) !== undefined || (await this.#support?.()?.addresses.find(address)) !== undefined,
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
    if (this.#domain === undefined) return undefined;
    return conversationOfReplyAddress(this.#secret, address.trim(), this.#domain);
  }

  /** The reply address of a conversation (the `Reply-To` its emails carry); `undefined` for an over-long id. */
  replyAddressOf(conversationId: string): string | undefined {
    if (this.#domain === undefined) return undefined;
    return replyAddress(this.#secret, conversationId, this.#domain);
  }

  /**
   * Reads a raw RFC 822 message and stores it (see {@link receive}). Its header block is read first, and its body
   * only once a recipient is a reply address and the sender that conversation's visitor: a stranger's mail costs
   * the reading of its headers. Both are read on a thread ({@link InboundParser}), never on the event loop.
   * `recipients`: the SMTP envelope's, when known. `mailbox`: the team's own mailbox it was fetched from (the
   * mailboxes feature, over IMAP), taken as the support address the mail came to whatever its headers name.
   */
  async receiveRaw(
    raw: Buffer,
    via: InboundChannel,
    recipients?: readonly string[],
    mailbox?: MailboxAddress,
  ): Promise<InboundResult> {
    if (raw.length > maxInboundEmailBytes)
      return this.#refuse(via, 'too_large', `Messages are limited to ${maxInboundEmailBytes} bytes.`);
    const head = await this.#parser.head(raw, recipients);
    if (!head.ok) return this.#failed(via, head);
    // Read once however often asked: the body stage gives the reply and the original the inbox shows.
    let body: Promise<ParseReply> | undefined;
    const read = (): Promise<ParseReply> => (body ??= this.#parser.body(raw));
    const original = async (): Promise<OriginalText | undefined> => {
      const reply = await read();
      return reply.ok ? reply.original : undefined;
    };
    return this.#receive(head.head!, read, via, original, mailbox);
  }

  /**
   * Stores an email reply in the conversation of each of its reply addresses (normally one), or refuses it: no
   * recipient is a reply address, the sender is not the conversation's visitor, or nothing is left of the text
   * once quoted history is stripped. When several are named, the answer is the first stored one's, unless one
   * could not be stored for now.
   */
  receive(email: InboundEmail, via: InboundChannel): Promise<InboundResult> {
    return this.#receive(
      email,
      () => this.#parser.reply(email.text),
      via,
      async () => originalOfFields(email),
    );
  }

  /** `original`: the email as the inbox's "Show original" shows it, kept with each message stored from it. */
  async #receive(
    head: InboundHead,
    read: () => Promise<ParseReply>,
    via: InboundChannel,
    original: Original,
    mailbox?: MailboxAddress,
  ): Promise<InboundResult> {
    const conversations = mailbox
      ? []
      : [...new Set(head.recipients.map((address) => this.conversationOf(address)).filter((id) => id !== undefined))];
    const address = mailbox ?? (conversations.length === 0 ? await this.#supportAddress(head.recipients) : undefined);
    if (conversations.length === 0 && !address)
      return this.#refuse(via, 'unknown_recipient', 'No recipient is an address of this relay.');
    // A machine's mail (a bounce's From is a mailer daemon): before the sender is checked, and nothing after it.
    const kind = classifyMail(head.automation);
    if (kind.kind !== 'human')
      return this.#automated(kind, address?.siteId ?? (await this.#siteOf(conversations)), via);
    if (address) return this.#toSupport(head, address, read, via, original);
    if (head.from === undefined) return this.#refuse(via, 'malformed', 'The email has no From address.');
    const checks: Array<Sender | InboundResult> = [];
    for (const conversationId of conversations) checks.push(await this.#sender(conversationId, head.from, via));
    const senders = checks.filter((check): check is Sender => 'conversation' in check);
    if (senders.length === 0) return pick(checks as InboundResult[]);
    const body = await read();
    if (!body.ok) return this.#failed(via, body);
    if (!hasContent(body))
      return this.#refuse(via, 'empty', 'The reply is empty once quoted history and signature are left out.');
    const results: InboundResult[] = checks.filter((check): check is InboundResult => !('conversation' in check));
    for (const sender of senders) results.push(await this.#store(sender, head, body, via, original));
    return pick(results);
  }

  /**
   * Mail a machine wrote (docs/email.md, "Loops, auto-replies and bounces"): taken and stored nowhere, so it opens
   * nothing, continues nothing and triggers nothing. A permanent bounce marks the addresses it names bouncing on
   * the site's contacts.
   */
  async #automated(
    kind: Exclude<MailKind, { kind: 'human' }>,
    siteId: string | undefined,
    via: InboundChannel,
  ): Promise<InboundResult> {
    if (kind.kind === 'bounce') {
      let marked = 0;
      if (kind.permanent && siteId !== undefined) {
        try {
          marked = (await markBouncing(this.#admin, siteId, kind.recipients, Date.now())).length;
        } catch (error) {
          this.#core.log.warn('inbound email: store unavailable', { via, error: String(error) });
          return { status: 'unavailable', detail: 'The bounce could not be recorded now; try again later.' };
        }
      }
      this.#core.log.info('inbound email ignored', { via, reason: 'bounce', permanent: kind.permanent, marked });
      return {
        status: 'ignored',
        reason: 'bounce',
        detail: kind.permanent ? 'a delivery failure, recorded' : 'a delivery delay',
      };
    }
    const loop = kind.reason === 'parley-relay' || kind.reason === 'loop';
    this.#core.log.info('inbound email ignored', { via, reason: kind.reason });
    return loop
      ? { status: 'ignored', reason: 'loop', detail: 'mail from a Parley relay' }
      : { status: 'ignored', reason: 'auto_reply', detail: 'an automatic message' };
  }

  /** The site of the first of these conversations that still exists. */
  async #siteOf(conversations: readonly string[]): Promise<string | undefined> {
    for (const id of conversations) {
      const conversation = await this.#core.conversations.get(id).catch(() => undefined);
      if (conversation) return conversation.siteId;
    }
    return undefined;
  }

  /** The first recipient that is a support address, when there is one. */
  async #supportAddress(recipients: readonly string[]): Promise<InboundAddress | undefined> {
    const support = this.#support?.();
    if (!support) return undefined;
    for (const recipient of recipients) {
      const found = await support.addresses.find(recipient);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Mail to a support address: a reply to one of the site's conversations by email (its `In-Reply-To` or
   * `References` name the conversation's thread, or the email that opened it, and it is from the conversation's
   * visitor) continues it; anything else opens a new conversation ({@link SupportInbox}).
   */
  async #toSupport(
    head: InboundHead,
    address: InboundAddress,
    read: () => Promise<ParseReply>,
    via: InboundChannel,
    original: Original,
  ): Promise<InboundResult> {
    const { from } = head;
    if (from === undefined) return this.#refuse(via, 'malformed', 'The email has no From address.');
    try {
      for (const conversationId of this.#threadConversations(head.replyTo ?? [], address.siteId)) {
        const conversation = await this.#core.conversations.get(conversationId);
        if (conversation?.siteId !== address.siteId) continue;
        const sender = await this.#sender(conversationId, from, via, true);
        if (!('conversation' in sender)) continue;
        const body = await read();
        if (!body.ok) return this.#failed(via, body);
        if (!hasContent(body))
          return this.#refuse(via, 'empty', 'The reply is empty once quoted history and signature are left out.');
        return await this.#store(sender, head, body, via, original);
      }
    } catch (error) {
      this.#core.log.warn('inbound email: store unavailable', { via, error: String(error) });
      return { status: 'unavailable', detail: 'The message could not be stored now; try again later.' };
    }
    const opened = await this.#support!()!.inbox.open({ ...head, from }, address, read, via);
    if ('ok' in opened) return this.#failed(via, opened);
    if (opened.status === 'refused') return this.#refuse(via, opened.reason, opened.detail);
    if (opened.status === 'stored') await this.#kept(address.siteId, opened, head, original);
    return opened;
  }

  /**
   * The conversations an email's `In-Reply-To` and `References` may continue: a thread id of the relay's emails
   * (`<conversation.<hex>@…>`, `email-context.ts`), or the email that opened a conversation by email.
   */
  #threadConversations(ids: readonly string[], siteId: string): string[] {
    const found: string[] = [];
    for (const id of ids) {
      const thread = /^conversation\.([0-9a-f]{2,256})@/.exec(id);
      if (thread && thread[1]!.length % 2 === 0) found.push(Buffer.from(thread[1]!, 'hex').toString('utf8'));
      found.push(emailConversationId(siteId, id));
    }
    return [...new Set(found)];
  }

  /** Whether `from` may write in the conversation: it must be the email its visitor gave (case-insensitive). */
  async #sender(
    conversationId: string,
    from: string,
    via: InboundChannel,
    quiet = false,
  ): Promise<Sender | InboundResult> {
    try {
      const conversation = await this.#core.conversations.get(conversationId);
      if (!conversation)
        return this.#refuse(via, 'unknown_recipient', 'That conversation no longer exists.', conversationId);
      const record = await this.#admin.repos.conversations.getConversation(conversation.siteId, conversationId);
      const sealed = record?.visitor.emailEnc;
      const expected = sealed === undefined ? undefined : this.#admin.cipher.decrypt(sealed);
      if (expected === undefined || normalizeEmail(expected) !== normalizeEmail(from))
        return quiet
          ? { status: 'refused', reason: 'wrong_sender', detail: '' }
          : this.#refuse(
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
    body: ReadBody,
    via: InboundChannel,
    original: Original,
  ): Promise<InboundResult> {
    const core = this.#core;
    const conversationId = conversation.id;
    try {
      const clientId = replyClientId(email, body.text ?? '');
      const files = await storeMailFiles(
        this.#files?.(),
        { siteId: conversation.siteId, conversationId, clientId, visitorId: conversation.visitorId },
        body.files ?? [],
      );
      const text = messageText(body.text ?? '', files.refused, body.dropped ?? 0);
      const { message, duplicate } = await core.storeMessage(
        {
          siteId: conversation.siteId,
          conversationId,
          visitorId: conversation.visitorId,
          clientId,
          author:
            name === undefined
              ? { role: 'visitor', id: conversation.visitorId }
              : { role: 'visitor', id: conversation.visitorId, name },
          text,
          kind: 'text',
          ...(files.refs.length > 0 ? { extra: { attachments: files.refs } } : {}),
        },
        'email',
      );
      await this.#kept(conversation.siteId, { message, duplicate }, email, original);
      core.log.info('inbound email stored', { via, conversationId, seq: message.seq, duplicate });
      return { status: 'stored', message, duplicate };
    } catch (error) {
      const refused = screenedOut(error);
      if (refused) return refused;
      core.log.warn('inbound email: store unavailable', { via, conversationId, error: String(error) });
      return { status: 'unavailable', detail: 'The message could not be stored now; try again later.' };
    }
  }

  /**
   * What is kept beside a stored email: its original (once, for "Show original"), and its `Message-ID`, which the
   * next reply email is threaded under. Neither undoes the message when it fails: each says so in the log.
   */
  async #kept(
    siteId: string,
    { message, duplicate }: { readonly message: Message; readonly duplicate: boolean },
    head: InboundHead,
    original: Original,
  ): Promise<void> {
    // Message safety (docs/safety.md): the subject kept as the rest is, and no original of an email that held what
    // the relay replaced.
    const subject = head.subject === undefined ? undefined : this.#core.redactAside(siteId, head.subject);
    if (!duplicate && this.#originals && !message.redacted && subject === head.subject)
      await this.#originals.record(siteId, message, await this.#screened(siteId, await original()));
    if (head.messageId === undefined) return;
    try {
      await this.#admin.repos.email.recordInboundMessageId(siteId, message.conversationId, head.messageId, subject);
    } catch (error) {
      this.#core.log.warn('inbound email: thread not recorded', {
        conversationId: message.conversationId,
        error: String(error),
      });
    }
  }

  /**
   * The original as it may be kept: its headers and text with every kind the site hides replaced, as the message's
   * are. The reply was screened after its quoted history and signature were stripped, and a header never was: a card
   * number there would otherwise rest on disk and show in "Show original" (issue #80). Screened on the parser's
   * thread (the text is up to 100,000 characters); none is kept when it cannot be screened.
   */
  async #screened(siteId: string, original: OriginalText | undefined): Promise<OriginalText | undefined> {
    const kinds = this.#hiddenKinds(siteId);
    if (!original || kinds.length === 0) return original;
    const reply = await this.#parser.screen([original.headers, original.text], kinds);
    if (!reply.ok || reply.screened?.length !== 2) return undefined;
    const [headers, text] = reply.screened as [string, string];
    return { ...original, headers, text };
  }

  #refuse(via: InboundChannel, reason: InboundRefusal, detail: string, conversationId?: string): InboundResult {
    this.#core.log.info('inbound email refused', { via, reason, ...(conversationId ? { conversationId } : {}) });
    return { status: 'refused', reason, detail };
  }
}

/** The original of the email being received, for "Show original" (`undefined`: the parser could not give it). */
type Original = () => Promise<OriginalText | undefined>;

/** An email's body as the parser read it. */
type ReadBody = Extract<ParseReply, { ok: true }>;

/** Whether a body has something to store: text, or files. */
function hasContent(body: ReadBody): boolean {
  return (body.text ?? '') !== '' || (body.files?.length ?? 0) > 0;
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
