import type { Message } from '@parley/protocol';
import { isAddress } from '@parley/protocol/admin';
import type { DeliveryOutcome, OutboxHandler, OutboxJob } from '../outbox/outbox.js';
import type { ConversationRecord } from '../store/admin-store.js';
import {
  brandOf,
  emailMessage,
  messageIdOf,
  messagesAfter,
  replyToOf,
  sendOutcome,
  threadHeaders,
  visitorLocale,
  type ConversationMailContext,
} from './email-context.js';
import {
  renderMailReply,
  renderReply,
  renderTranscript,
  type ConversationEmail,
  type RenderedEmail,
} from './templates.js';
import { createVisitorLink, linkUrl } from './visitor-links.js';

// One plain address (`local@domain.tld`): the admin API's contract checks staff addresses the same way.
export { isAddress };

/** What `email.reply` and `email.transcript` jobs carry: ids only, read at delivery time. */
export interface ConversationPayload {
  readonly conversationId: string;
}

/** Most staff replies one reply email carries; most messages a transcript carries. */
const maxReplies = 200;
const maxTranscript = 2000;

const skipped = (detail: string): DeliveryOutcome => ({ status: 'skipped', detail });

/** A staff reply a visitor may be emailed: text written by staff (not a note, a bot's or a broadcast). */
export function isStaffReply(message: Message): boolean {
  return message.kind === 'text' && message.author.role === 'staff';
}

/** The conversation and its visitor's plaintext address, or why there is nothing to send. */
async function recipientOf(
  context: ConversationMailContext,
  job: OutboxJob<ConversationPayload>,
): Promise<{ record: ConversationRecord; to: string } | DeliveryOutcome> {
  const conversationId = job.payload?.conversationId;
  if (typeof conversationId !== 'string') return { status: 'failed', error: 'no conversation id', permanent: true };
  const record = await context.admin.repos.conversations.getConversation(job.siteId, conversationId);
  if (!record) return skipped('the conversation is gone');
  // A bridge's contact gets staff replies through its API channel (docs/api-channel.md), not by email as well.
  if (record.channel === 'api') return skipped('replies go through the conversation’s API channel');
  const sealed = record.visitor.emailEnc;
  const to = sealed === undefined ? undefined : context.admin.cipher.decrypt(sealed);
  if (to === undefined) return skipped('the visitor left no email');
  if (!isAddress(to)) return skipped('the visitor’s email is not one address');
  // A delivery report said this address fails for good (issue #38): mail to it would bounce again, and enough
  // bounces hurt the sender's reputation. Editing the contact's email clears the mark.
  if (record.visitor.emailBouncingAt !== undefined) return skipped('the visitor’s email bounces');
  return { record, to };
}

/**
 * The visitor's last page, when it is on one of the origins the site names: the page is what the visitor's browser
 * reported, and an email from the site must not send its reader elsewhere. With `*` (any origin), none qualifies.
 */
export function sitePage(url: string | undefined, allowedOrigins: readonly string[]): string | undefined {
  if (url === undefined) return undefined;
  try {
    return allowedOrigins.includes(new URL(url).origin) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The support address a conversation by email came to, when it is still the site's: its replies come from it. */
async function supportFrom(
  context: ConversationMailContext,
  record: ConversationRecord,
): Promise<{ readonly address: string; readonly name: string | null } | undefined> {
  if (record.channel !== 'email' || record.channelAddress === null || !isAddress(record.channelAddress))
    return undefined;
  const found = await context.supportAddress?.(record.channelAddress);
  return found?.siteId === record.siteId ? { address: record.channelAddress, name: found.name } : undefined;
}

/** The link back into the chat, and everything else a conversation's email needs. */
async function conversationEmail(
  context: ConversationMailContext,
  record: ConversationRecord,
  messages: readonly Message[],
  subject?: string | undefined,
): Promise<ConversationEmail> {
  const locale = visitorLocale(record);
  const [brand, site] = await Promise.all([
    brandOf(context, record.siteId),
    context.admin.core.store.getSite(record.siteId),
  ]);
  // A conversation that came by email goes on by email: its emails carry no link into a chat it never was in.
  const publicUrl = context.publicUrl();
  const token =
    record.channel === 'email' || publicUrl === undefined
      ? undefined
      : await createVisitorLink(
          context.admin.repos,
          { siteId: record.siteId, conversationId: record.id, visitorId: record.visitorId },
          context.now(),
        );
  return {
    locale,
    brand,
    messages: messages.map((m) => emailMessage(m, locale, brand.siteName)),
    link:
      token === undefined
        ? undefined
        : linkUrl(sitePage(record.visitor.context?.url, site?.allowedOrigins ?? []), `${publicUrl}/`, token),
    replyByEmail: replyToOf(context, record.id) !== undefined,
    timeZone: record.visitor.context?.timezone,
    subject,
  };
}

/** Replies to a customer who wrote by email, as mail: signed by the support address's name, else the site's. */
async function mailReply(
  context: ConversationMailContext,
  record: ConversationRecord,
  replies: readonly Message[],
  subject: string | undefined,
  opens: boolean,
): Promise<RenderedEmail> {
  const locale = visitorLocale(record);
  const [brand, support] = await Promise.all([brandOf(context, record.siteId), supportFrom(context, record)]);
  return renderMailReply({
    locale,
    brand,
    replies: replies.map((m) => emailMessage(m, locale, brand.siteName)),
    subject,
    opens,
    signature: support?.name ?? brand.siteName,
  });
}

/** Most of the visitor's messages quoted above the replies of a reply email. */
const maxQuoted = 3;

/**
 * The visitor's question a reply answers: their latest text messages before `beforeSeq` (up to 3 written one after
 * another, staff or bot messages between them and the reply skipped), oldest first; none when they wrote nothing.
 */
async function question(
  context: ConversationMailContext,
  conversationId: string,
  beforeSeq: number,
): Promise<Message[]> {
  const earlier = await context.admin.core.store.messagesBefore(conversationId, beforeSeq, 50);
  const asked: Message[] = [];
  for (let i = earlier.length - 1; i >= 0 && asked.length < maxQuoted; i--) {
    const message = earlier[i]!;
    const visitor = message.author.role === 'visitor' && message.kind === 'text';
    if (visitor) asked.unshift(message);
    else if (asked.length > 0) break;
  }
  return asked;
}

/**
 * `email.reply`: staff replies a visitor has not read, by email, after the grace period (several replies in it
 * make one job: the producer's dedupe key is the conversation). Skipped when the visitor left no email, read the
 * replies in the widget meanwhile, or is connected to the chat when it comes due. Each reply is emailed once: the conversation's "emailed through" mark
 * moves past what an email carried, so a retry or a later job never repeats one.
 */
export function replyEmailHandler(context: ConversationMailContext): OutboxHandler<ConversationPayload> {
  return visitorEmailHandler(context, 'email.reply', async ({ record, to }, job, signal) => {
    const through = await context.admin.repos.email.emailedThrough(record.siteId, record.id);
    const unread = (await messagesAfter(context, record.id, record.visitorReadSeq, maxReplies)).filter(isStaffReply);
    if (unread.length === 0) return skipped('read in the widget');
    // Email is for a visitor who is away: one in the chat sees the replies there (and its badge counts them).
    if (context.admin.core.presence.conversationVisitors(record.siteId, record.id) > 0)
      return skipped('the visitor is in the chat');
    const replies = unread.filter((m) => m.seq > through);
    if (replies.length === 0) return skipped('already emailed');
    const last = replies.at(-1)!.seq;
    // The visitor's latest email, when they wrote by email: the reply answers it, in its thread, under its subject.
    const inbound = await context.admin.repos.email.inboundThread(record.siteId, record.id);
    // A conversation staff opened by email (nothing emailed yet, no mail of the customer's): its first email is
    // the thread's first, under the subject staff gave, not a `Re:` of it.
    const opening = inbound === undefined && through === 0 ? (record.subject ?? undefined) : undefined;
    const rendered =
      record.channel === 'email'
        ? await mailReply(context, record, replies, opening ?? inbound?.subject, opening !== undefined)
        : renderReply(
            await conversationEmail(
              context,
              record,
              // What the replies answer, quoted above them: a visitor who left hours ago may not remember what they asked.
              [...(await question(context, record.id, replies[0]!.seq)), ...replies],
              inbound?.subject,
            ),
          );
    return sendToVisitor(context, { job, record, to, rendered, through: last, inReplyTo: inbound?.messageId }, signal, {
      detail: `emailed ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'} through seq ${last}`,
    });
  });
}

/**
 * `email.transcript`: the whole conversation (notes left out), asked for by the visitor from the widget. It
 * carries every reply, so the "emailed through" mark moves too: no reply email repeats them afterwards.
 */
export function transcriptEmailHandler(context: ConversationMailContext): OutboxHandler<ConversationPayload> {
  return visitorEmailHandler(context, 'email.transcript', async ({ record, to: current }, job, signal) => {
    // The address pinned at the first request (issue #33), not whatever the visitor's address is now; a job
    // queued before the relay pinned addresses goes to the visitor's address.
    const pinned = await context.admin.repos.email.transcriptAddress(job.siteId, record.id);
    const to = pinned === undefined ? current : context.admin.cipher.decrypt(pinned);
    if (to === undefined || !isAddress(to)) return skipped('the transcript’s address is not one address');
    // A transcript is sent on the visitor's word, by the relay, not written by a person (RFC 3834).
    const automatic = { 'Auto-Submitted': 'auto-generated' };
    const messages = await messagesAfter(context, record.id, 0, maxTranscript);
    if (messages.length === 0) return skipped('the conversation is empty');
    const last = messages.at(-1)!.seq;
    const rendered = renderTranscript(await conversationEmail(context, record, messages));
    return sendToVisitor(context, { job, record, to, rendered, through: last, headers: automatic }, signal, {
      detail: `emailed a transcript of ${messages.length} messages`,
    });
  });
}

/**
 * A handler of emails about a conversation to its visitor: a dozen attempts (about a day on the worker's
 * schedule), a minute each; nothing is sent without a conversation and one valid address for its visitor.
 */
function visitorEmailHandler(
  context: ConversationMailContext,
  kind: string,
  send: (
    recipient: { readonly record: ConversationRecord; readonly to: string },
    job: OutboxJob<ConversationPayload>,
    signal: AbortSignal,
  ) => Promise<DeliveryOutcome>,
): OutboxHandler<ConversationPayload> {
  return {
    kind,
    maxAttempts: 12,
    timeoutMs: 60_000,
    async deliver(job, signal) {
      const found = await recipientOf(context, job);
      return 'status' in found ? found : send(found, job, signal);
    },
  };
}

/**
 * Sends an email about a conversation to its visitor — threaded, replies going back into the conversation, the same
 * `Message-ID` on every attempt — and once it is accepted, moves the conversation's "emailed through" mark to
 * `through`, so no later reply email repeats what this one carried.
 */
async function sendToVisitor(
  context: ConversationMailContext,
  email: {
    readonly job: OutboxJob<ConversationPayload>;
    readonly record: ConversationRecord;
    readonly to: string;
    readonly rendered: ReturnType<typeof renderReply>;
    readonly through: number;
    /** The `Message-ID` of the visitor's email this one answers (without angle brackets). */
    readonly inReplyTo?: string | undefined;
    readonly headers?: Readonly<Record<string, string>>;
  },
  signal: AbortSignal,
  { detail }: { readonly detail: string },
): Promise<DeliveryOutcome> {
  const { job, record, to, rendered, through } = email;
  // From the site, by name, at the relay's address: the visitor wrote to the site, not to the relay. A conversation
  // opened by email at a support address is answered from that address, under its name when it has one.
  const { siteName } = await brandOf(context, record.siteId);
  // A team's own mailbox (issue #84) sends its conversations' emails from its address, through its server; replies
  // come back to that mailbox, not to the relay's reply address.
  const own = await context.transportFor?.(record);
  // Without the relay's own mailer (no `PARLEY_SMTP_URL`) only a mailbox's conversations are answered by email.
  const mailer = context.mailer;
  const way = own ? { transport: own, from: own.address } : mailer && { transport: mailer, from: mailer.from };
  if (!way) return skipped('the relay sends no email of its own (no PARLEY_SMTP_URL)');
  const sender = { mailer: { from: way.from } };
  const support = own ? { address: own.address, name: own.name } : await supportFrom(context, record);
  const outcome = await sendOutcome(
    () =>
      way.transport.send(
        {
          to,
          ...rendered,
          replyTo: own ? undefined : replyToOf(context, record.id),
          messageId: messageIdOf(sender, job.id),
          language: visitorLocale(record).tag,
          headers: { ...threadHeaders(sender, record.id, email.inReplyTo), ...email.headers },
          fromName: support?.name ?? siteName,
          ...(support ? { fromAddress: support.address } : {}),
        },
        signal,
      ),
    detail,
  );
  if (outcome.status === 'delivered')
    await context.admin.repos.email.recordEmailed(record.siteId, record.id, through, context.now());
  return outcome;
}
