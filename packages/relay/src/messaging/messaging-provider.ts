import type * as z from 'zod/mini';
import type { UseFeature } from '../features/feature-instances.js';
import type { Logger } from '../log.js';
import type { DeliveryOutcome } from '../outbox/outbox.js';
import { extensionPoint } from '../features/extension-point.js';

/**
 * A native messaging channel's provider (docs/channels.md): Telegram, WhatsApp… Each is a feature of its own folder
 * contributing one provider to the messaging feature's point {@link messagingProviders}; the messaging feature (the
 * host) owns the channels' table, the admin routes, the webhook's door, contacts by handle, inbound deduplication,
 * files through the attachments pipeline and replies through the outbox. A provider says only what is its own: what
 * an admin pastes to connect, how that is checked, how its webhook is verified and read, and how a reply is sent.
 *
 * @example
 * export const telegramFeature = defineFeature({
 *   name: 'telegram',
 *   requires: ['messaging'],
 *   contributes: [messagingProviders.with(telegramProvider(config))],
 *   create: () => ({}),
 * });
 */
export interface MessagingProvider<Credentials = unknown> {
  /**
   * Its id: lower-case letters (`telegram`). The kind of its channels in a contact's reach, the segment of its
   * webhook's path (`/v1/channels/<id>/<channel id>/webhook`), and the `provider` of the admin API's bodies.
   */
  readonly id: string;
  /** Its name as people write it (`Telegram`). */
  readonly label: string;
  /**
   * The badge of its conversations in the inbox's list and thread, and their channel in views, rules and exports,
   * when shorter than {@link label} (Twilio's `SMS`, its label `SMS (Twilio)`); default: {@link label}.
   */
  readonly channelLabel?: string;
  /**
   * What an admin pastes to connect a channel (a bot's token), strict: an unknown field is refused by name. Sealed at
   * rest, never shown again, never in a log line.
   */
  readonly credentials: z.ZodMiniType<Credentials>;
  /** The setup on the provider's side, a paragraph or two (the admin API and the inbox's page show it). */
  readonly setup: string;
  /**
   * The credentials' fields as the inbox's form asks for them, in order (`token`: "Bot token"): each a secret typed
   * masked and required unless it says `secret: false` (a phone number) or `optional: true`.
   */
  readonly fields: readonly {
    readonly name: string;
    readonly label: string;
    readonly description: string;
    readonly secret?: boolean;
    readonly optional?: boolean;
  }[];
  /**
   * For a provider whose webhook the relay cannot register itself (Twilio): where the admin pastes the channel's
   * webhook address on the provider's side, shown with the channel.
   */
  readonly webhookHint?: string;
  /** The largest webhook body it takes (bytes); a larger one is refused (413) before it is read further. */
  readonly maxBodyBytes: number;
  /**
   * Checks the credentials against the provider (Telegram's `getMe`), on save: the account they reach, or the
   * reason they do not, in words an admin can act on ("the token was refused by Telegram").
   */
  check(credentials: Credentials, context: ProviderCall): Promise<CheckedAccount | { readonly error: string }>;
  /**
   * Points the provider's webhook at the relay (Telegram's `setWebhook` with the channel's secret) once the channel
   * is stored; a refusal deletes the channel again and is answered to the admin.
   */
  connect?(channel: ConnectingChannel<Credentials>, context: ProviderCall): Promise<void | { readonly error: string }>;
  /** Undoes {@link connect} when the channel is removed (best effort: a failure is logged, the channel goes). */
  disconnect?(channel: ConnectingChannel<Credentials>, context: ProviderCall): Promise<void>;
  /**
   * Whether a webhook request is the provider's: its secret header or signature checked over the raw body, in
   * constant time, before anything is parsed. The channel's credentials are given for a provider that signs with one
   * of them (WhatsApp's app secret).
   */
  verify(
    request: WebhookRequest,
    channel: { readonly webhookSecret: string; readonly credentials: Credentials },
  ): boolean;
  /**
   * Answers a `GET` of the channel's webhook address, for a provider that checks the address before it posts to it
   * (Meta's `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`): the text to answer 200 with, or `undefined`
   * for 403. Without it, a `GET` is answered 405.
   */
  handshake?(
    query: URLSearchParams,
    channel: { readonly credentials: Credentials; readonly webhookSecret: string },
  ): string | undefined;
  /**
   * Reads a verified webhook body: the messages it carries (none for an update the channel ignores). Throws
   * {@link MalformedWebhook} for a body that is not the provider's shape (answered 400, nothing stored). The channel's
   * credentials let it refuse a message addressed to another account (Twilio's `To`; WhatsApp's app posts every
   * number of a business account to one address: a number's channel takes only its own).
   */
  parse(body: Buffer, channel: { readonly credentials: Credentials }): readonly InboundMessage[];
  /**
   * Reads a verified webhook request as reports on replies already sent (Twilio's status callback, WhatsApp's
   * `statuses`), before {@link parse}: the reports it carries, or `undefined` when it carries none (it is then parsed
   * as messages). Each report moves the reply whose part had that provider id ({@link OutboundReply.partSent})
   * forward, never back; `delivered` and `read` reach the inbox as the customer's own receipts. A request that
   * carried reports is answered without being parsed, unless {@link reportsWithMessages}.
   */
  receipts?(
    request: WebhookRequest,
    channel: { readonly credentials: Credentials },
  ): readonly DeliveryReceipt[] | undefined;
  /**
   * True for a provider whose one webhook body may carry reports and messages both (WhatsApp batches changes of
   * either kind): a request whose reports were taken is then parsed for messages too.
   */
  readonly reportsWithMessages?: boolean;
  /**
   * What a webhook request that was taken is answered with (200), when the provider expects a body of its own
   * (Twilio's empty TwiML, `<Response/>` as `text/xml`); `{"ok":true}` as JSON without it.
   */
  readonly acknowledgement?: { readonly contentType: string; readonly body: string };
  /**
   * Downloads a file an inbound message names ({@link InboundFile.ref}) into `into.path` (a staging file of the
   * attachments pipeline), at most `into.maxBytes`, streaming it to disk as it arrives (the frame's `downloadFile`
   * does so and cuts it off past the cap): its name, or why it was not downloaded, with nothing left at the path.
   */
  download?(
    file: InboundFile,
    credentials: Credentials,
    into: DownloadTarget,
    context: ProviderCall,
  ): Promise<{ readonly name: string } | { readonly error: string }>;
  /**
   * The customer's name on the provider (Messenger's User Profile API), for a provider that can tell it. Asked once
   * per new contact, by the outbox after their first message is stored, never on a message's path: `found` names the
   * contact (unless staff renamed them); `unavailable` (no permission, no consent, no profile) leaves them known by
   * their handle and is not asked again; `failed` (the provider's trouble, a rate limit) is retried.
   */
  profile?(handle: string, credentials: Credentials, context: ProviderCall): Promise<ContactProfile>;
  /**
   * Sends one staff reply (its text, then its files), mapping the provider's answer to the outbox's outcome: a rate
   * limit with the wait it asks for (`retryAfterMs`), a refusal that no retry mends as `permanent` with the
   * provider's reason.
   */
  send(reply: OutboundReply, credentials: Credentials, context: ProviderCall): Promise<DeliveryOutcome>;
  /**
   * Why a staff reply may not go to the customer now, for a provider that limits when free replies go (WhatsApp's
   * 24-hour customer service window): words for the member that say what may be sent instead, or `undefined` when it
   * may go. Asked before a staff reply in one of the channel's conversations is stored, from any door (the inbox, the
   * admin API, a rule): a refusal stores nothing, and its sender is answered `reply_window_closed` with these words.
   * It reads (the store, not the provider's API) and must answer within a few seconds.
   */
  replyRefused?(reply: PendingReply, credentials: Credentials, context: ProviderCall): Promise<string | undefined>;
}

/** Where a provider's download of a customer's file goes ({@link MessagingProvider.download}). */
export interface DownloadTarget {
  /** A path no file is at yet, in the attachments pipeline's staging folder. */
  readonly path: string;
  /** The site's largest file (bytes); the provider's own limit may be lower. */
  readonly maxBytes: number;
}

/** A staff reply about to be stored, as {@link MessagingProvider.replyRefused} sees it. */
export interface PendingReply {
  readonly channelId: string;
  /** The customer's handle ({@link InboundMessage.contact}). */
  readonly handle: string;
  readonly conversationId: string;
  /** The id its sender gave it: a reply the provider's own feature recorded under it (a template) is its own. */
  readonly clientId: string;
}

/** What a provider's calls are given. */
export interface ProviderCall {
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The relay's features: a provider reaches its own feature's running part (its configuration, its client). */
  readonly use: UseFeature;
}

/** The account credentials reach (Telegram's bot): shown with the channel. */
export interface CheckedAccount {
  /** Its handle on the provider (`@parley_help_bot`). */
  readonly account: string;
  /** A name for the channel when the admin gave none (the bot's first name). */
  readonly name: string;
}

/** A channel being connected or removed, as its provider sees it. */
export interface ConnectingChannel<Credentials> {
  readonly id: string;
  readonly credentials: Credentials;
  /** The secret its webhook requests carry (Telegram's `secret_token`). */
  readonly webhookSecret: string;
  /** Where the provider posts its webhook: the relay's public origin and the channel's path. */
  readonly webhookUrl: string;
}

/** A webhook request as a provider verifies it. */
export interface WebhookRequest {
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /**
   * The address it was posted to as the provider knows it: the relay's public origin, the path and the query
   * (Twilio signs it).
   */
  readonly url: string;
}

/** What a provider answered of a customer's profile ({@link MessagingProvider.profile}). */
export type ContactProfile =
  | { readonly status: 'found'; readonly name: string }
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: string; readonly retryAfterMs?: number };

/**
 * What a provider reports of replies it sent: of one part ({@link PartReceipt}), or of every part sent to a customer
 * up to a time ({@link WatermarkReceipt}).
 */
export type DeliveryReceipt = PartReceipt | WatermarkReceipt;

/**
 * Messenger's `message_reads` and `message_deliveries` watermark: every message sent to the customer `handle` up to
 * `watermark` (ms since the epoch) was read or delivered. It covers each reply whose first part was handed to the
 * provider by then ({@link OutboundReply.partSent}'s `at`).
 */
export interface WatermarkReceipt {
  readonly handle: string;
  readonly watermark: number;
  readonly status: 'delivered' | 'read';
}

/** What a provider reports of a reply's part it sent (Twilio's `MessageStatus`, WhatsApp's `statuses`). */
export interface PartReceipt {
  /** The provider's id of the part, as {@link OutboundReply.partSent} recorded it. */
  readonly providerMessageId: string;
  /**
   * `sent` (handed on to the carrier), `delivered` (on the customer's phone), `read` (the customer opened it),
   * `failed` (never will be).
   */
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Why it failed, in the provider's words (`30007: message filtered`). */
  readonly error?: string;
}

/** A customer's message, as a provider reads it from its webhook. */
export interface InboundMessage {
  /** The provider's id of it, unique per channel (Telegram's `update_id`): a retried delivery is stored once. */
  readonly id: string;
  /** The customer: their stable id on the provider (a chat id, a phone number), and what is shown of them. */
  readonly contact: {
    readonly handle: string;
    /** How the handle reads in the visitor panel (`@ada`, `+15550001111`); the handle when absent. */
    readonly display?: string;
    readonly name?: string;
  };
  readonly text: string;
  /** Files to download ({@link MessagingProvider.download}), in order. */
  readonly files?: readonly InboundFile[];
}

/** A file of an inbound message, named by the provider. */
export interface InboundFile {
  /** The provider's reference (Telegram's `file_id`). */
  readonly ref: string;
  /** A name for it (the document's own, or made up: `photo.jpg`). */
  readonly name: string;
  /** Its size when the provider says (bytes). */
  readonly size?: number;
}

/** A staff reply, as a provider sends it. */
export interface OutboundReply {
  /** The Parley message's id: the same on every attempt. */
  readonly messageId: string;
  /** The channel it goes through. */
  readonly channelId: string;
  /** The customer's handle ({@link InboundMessage.contact}). */
  readonly handle: string;
  readonly text: string;
  readonly files: readonly OutboundFile[];
  /**
   * How many of its parts (its text when not empty, then each file, in order) an earlier attempt sent: a retry
   * starts after them, so the customer gets each part once.
   */
  readonly partsSent: number;
  /**
   * Records that one more part was sent (await it before sending the next), with the provider's id of it when the
   * provider reports on it later ({@link MessagingProvider.receipts}), and `at`, when it was handed to the provider
   * (ms, before its answer; default: now), which a read watermark ({@link WatermarkReceipt}) is compared with.
   */
  partSent(providerMessageId?: string, at?: number): Promise<void>;
  /** The channel's webhook address (its public origin and path), for a provider that is told where to report. */
  readonly webhookUrl: string;
}

/** A file of a staff reply. */
export interface OutboundFile {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  /** Its bytes, read when the provider sends it. */
  read(): Promise<Buffer>;
  /**
   * An expiring public address of it (`PARLEY_ATTACHMENT_URL_TTL_S`), for a provider that fetches a file itself
   * (Twilio's `MediaUrl`): images only, as the inbox's signed links; `undefined` for other files.
   */
  publicUrl(): string | undefined;
}

/** A webhook body that is not the provider's shape: answered 400, nothing stored. */
export class MalformedWebhook extends Error {}

/** The messaging feature's point: each native channel's provider (docs/channels.md). */
export const messagingProviders = extensionPoint<MessagingProvider>('messaging.providers');

/**
 * A provider typed by its credentials, as the point takes it: the host hands back only what the provider's own
 * `credentials` schema parsed, so the provider's functions see their own type.
 */
export function messagingProvider<Credentials>(provider: MessagingProvider<Credentials>): MessagingProvider {
  return provider as unknown as MessagingProvider;
}
