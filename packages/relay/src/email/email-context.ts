import type { Message } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { DeliveryOutcome } from '../outbox/outbox.js';
import type { MemberPermissions } from '../roles/public.js';
import type { ConversationRecord } from '../store/admin-store.js';
import { emailLocale, type EmailLocale } from './email-strings.js';
import type { Mailer } from './mailer.js';
import type { MailTransport } from './mail-transports.js';
import { MailerError } from './mailer.js';
import { replyAddress } from './reply-address.js';
import type { Brand, EmailMessage } from './templates.js';
import { textWithFiles } from '../store/message-row.js';

/** What the email handlers share: the admin feature (stores, cipher), the mailer, and where links point. */
export interface EmailContext {
  readonly admin: AdminFor<'conversations' | 'email' | 'mentions' | 'outbox' | 'retention'>;
  readonly mailer: Mailer;
  /** Signs per-conversation reply addresses. */
  readonly relaySecret: string;
  /** The domain of reply addresses; none: emails carry no `Reply-To`. */
  readonly inboundDomain: string | undefined;
  /**
   * The relay's public origin (`https://chat.example.com`), for the inbox and as a visitor's fallback page;
   * undefined when no link may be emailed (`PublicOrigin.forEmail`): staff emails are skipped, visitors' carry none.
   */
  publicUrl(): string | undefined;
  /** The clock (tests move it). */
  now(): number;
  /** A site's support address (its name), when it still is one: replies to mail sent to it come from it. */
  supportAddress?(address: string): Promise<{ readonly siteId: string; readonly name: string | null } | undefined>;
  /** What a member may do (their custom role's permissions, or their built-in role's): who a notice goes to. */
  readonly permissionsOf: MemberPermissions;
  /**
   * The way out of a conversation's email to its customer when not the relay's mailer (`email.transports`: a team's
   * own mailbox, issue #84); `undefined`: the relay's mailer.
   */
  transportFor?(record: ConversationRecord): Promise<MailTransport | undefined>;
}

/**
 * What the emails about a conversation to its customer need: the {@link EmailContext} whose mailer may be absent (no
 * `PARLEY_SMTP_URL`), when a team's mailbox (`transportFor`) still sends its conversations' replies.
 */
export interface ConversationMailContext extends Omit<EmailContext, 'mailer'> {
  readonly mailer: Mailer | undefined;
}

/** The site's name, colour and logo, as its emails show them. */
export async function brandOf(context: Pick<EmailContext, 'admin'>, siteId: string): Promise<Brand> {
  const [site, settings] = await Promise.all([
    context.admin.core.store.getSite(siteId),
    context.admin.repos.retention.getSettings(siteId),
  ]);
  return { siteName: site?.name ?? 'Parley', color: settings.brandColor, logoUrl: settings.logoUrl };
}

/** The visitor's language (their browser's, as reported at hello), else English. */
export function visitorLocale(record: ConversationRecord): EmailLocale {
  return emailLocale(record.visitor.context?.locale);
}

/** The `Reply-To` of an email about the conversation, when replies by email are set up. */
export function replyToOf(
  context: Pick<EmailContext, 'inboundDomain' | 'relaySecret'>,
  conversationId: string,
): string | undefined {
  return context.inboundDomain === undefined
    ? undefined
    : replyAddress(context.relaySecret, conversationId, context.inboundDomain);
}

/** What the ids of an email are made from: the domain of its `From`. */
type FromOf = { readonly mailer: { readonly from: string } };

/** A `Message-ID` for an outbox job: the same on every attempt, under the domain of the `From` address. */
export function messageIdOf(context: FromOf, jobId: string): string {
  return `<${jobId}@${domainOf(context.mailer.from)}>`;
}

/**
 * Headers that thread every email about one conversation together in the reader's mail client: `References` the
 * conversation's thread id, and `In-Reply-To` it too — or, once the visitor has written by email, the `Message-ID` of
 * their latest email (`inboundMessageId`, without angle brackets), which `References` then ends with (RFC 5322
 * §3.6.4), so the reply sits under what it answers.
 */
export function threadHeaders(
  context: FromOf,
  conversationId: string,
  inboundMessageId?: string | undefined,
): Record<string, string> {
  const thread = `<conversation.${Buffer.from(conversationId).toString('hex')}@${domainOf(context.mailer.from)}>`;
  // Only what a Message-ID may hold (no space, no angle bracket, no line break): it came from someone else's mail.
  const inbound =
    inboundMessageId !== undefined && /^[!-;=?-~]{1,900}$/.test(inboundMessageId) ? `<${inboundMessageId}>` : undefined;
  return inbound
    ? { References: `${thread} ${inbound}`, 'In-Reply-To': inbound }
    : { References: thread, 'In-Reply-To': thread };
}

function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1]?.toLowerCase() ?? 'parley.invalid';
}

/** Every message of the conversation after `after` (notes left out), oldest first, at most `max`. */
export async function messagesAfter(
  context: Pick<EmailContext, 'admin'>,
  conversationId: string,
  after: number,
  max: number,
): Promise<Message[]> {
  const out: Message[] = [];
  for (let cursor = after; out.length < max;) {
    const page = await context.admin.core.store.messagesAfter(conversationId, cursor, 100);
    out.push(...page);
    if (page.length < 100) break;
    cursor = page.at(-1)!.seq;
  }
  return out.slice(0, max);
}

/** A stored message as an email shows it. */
export function emailMessage(message: Message, locale: EmailLocale, siteName: string): EmailMessage {
  const s = locale.strings;
  const author =
    message.author.role === 'visitor'
      ? s.you
      : (message.author.name ?? (message.author.role === 'staff' ? s.staff : siteName));
  return {
    author,
    text: textWithFiles(message.text, message.attachments),
    ts: message.ts,
    mine: message.author.role === 'visitor',
    ...(message.sources?.length ? { sources: message.sources } : {}),
  };
}

/** Sends, and turns a failure into the outbox's outcome: a 5xx refusal is permanent, anything else is retried. */
export async function sendOutcome(send: () => Promise<void>, detail: string): Promise<DeliveryOutcome> {
  try {
    await send();
    return { status: 'delivered', detail };
  } catch (error) {
    return {
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      permanent: error instanceof MailerError && error.permanent,
    };
  }
}
