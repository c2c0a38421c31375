import { isStaffReply } from '../message-log/staff-replies.js';
import type { AttachmentRef, Message } from '@parley/protocol';
import type { MessagingDelivery } from '@parley/protocol/admin';
import { unsignedFiles, type AttachmentsFeature } from '../attachments/public.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { Logger } from '../log.js';
import type { LoggedMessage } from '../message-log/message-log-queries.js';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import { placeholders } from '../store/sql/admin-rows.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { MessagingChannelRecord, MessagingChannels } from './messaging-channels.js';
import type { DeliveryReceipt, MessagingProvider, OutboundFile, WatermarkReceipt } from './messaging-provider.js';

/** The outbox kind of a staff reply sent through a messaging channel. */
export const MESSAGING_REPLY_KIND = 'messaging.reply';

/** What a `messaging.reply` job carries: the channel, the customer's handle, and the reply. */
export interface MessagingReplyJob {
  readonly channelId: string;
  readonly handle: string;
  readonly messageId: string;
  readonly text: string;
  readonly files?: readonly AttachmentRef[];
}

/** How a reply's delivery stands (`messaging_replies.status`). */
export type MessagingReplyStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** The deliveries a provider's report moves a reply on from: a report never moves one back. */
const RECEIPT_FROM: Readonly<Record<'delivered' | 'read' | 'failed', readonly MessagingReplyStatus[]>> = {
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent', 'delivered'],
};

/** What {@link MessagingReplies} needs. */
export interface MessagingRepliesOptions {
  readonly db: SqlDb;
  readonly channels: MessagingChannels;
  /** The providers contributed to `messaging.providers`, by id. */
  readonly providers: ReadonlyMap<string, MessagingProvider>;
  readonly sealer: SecretSealer;
  readonly log: Logger;
  /** The attachments feature's running part (a reply's files are read from it). */
  readonly attachments: () => AttachmentsFeature | undefined;
  readonly use: UseFeature;
  /** The relay's public origin, which files' expiring addresses are built on. */
  readonly baseUrl?: () => string;
  /** A channel's webhook address (the relay's public origin and its path), given to `send`. */
  readonly webhookUrl?: (channel: MessagingChannelRecord) => string;
  /** Told when jobs were written (the outbox worker looks sooner). */
  readonly jobsWritten?: () => void;
  readonly now?: () => number;
}

function isJob(value: unknown): value is MessagingReplyJob {
  if (typeof value !== 'object' || value === null) return false;
  const { channelId, handle, messageId, text } = value as Partial<MessagingReplyJob>;
  return (
    typeof channelId === 'string' &&
    typeof handle === 'string' &&
    typeof messageId === 'string' &&
    typeof text === 'string'
  );
}

/**
 * Staff replies in messaging conversations, sent through the channel's provider (docs/channels.md).
 *
 * {@link handle} reads stored messages from the message log (the `messaging` consumer, ADR 0023): each staff message
 * (not a note) of a conversation a messaging channel opened becomes one outbox job keyed by the channel and the
 * conversation, so one conversation's replies go one at a time, in order. A row per message in `messaging_replies`,
 * written in the jobs' transaction, makes that once however often the log hands a batch over. The outbox worker then
 * delivers ({@link handler}) with the provider's `send`: retried with backoff for about a day, after the wait a
 * rate limit asks for; a refusal no retry mends (a customer who blocked the bot) ends at once, and the row keeps
 * the provider's reason (`failed`, `error`).
 */
export class MessagingReplies {
  readonly #options: MessagingRepliesOptions;
  readonly #now: () => number;
  readonly handler: OutboxHandler<MessagingReplyJob>;

  constructor(options: MessagingRepliesOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.handler = {
      kind: MESSAGING_REPLY_KIND,
      maxAttempts: 30,
      timeoutMs: 30_000,
      deliver: (job, signal) => this.#deliver(job, signal),
      dead: async (job, error) => {
        if (isJob(job.payload)) await this.#settle(job.payload.messageId, 'failed', error);
        this.#options.log.warn('messaging: a reply was not delivered', {
          siteId: job.siteId,
          channelId: isJob(job.payload) ? job.payload.channelId : undefined,
          error,
        });
      },
    };
  }

  /** Queues the staff replies of a batch of stored messages (see the class). Safe to repeat. */
  async handle(batch: readonly LoggedMessage[]): Promise<void> {
    const replies = batch.filter(({ message }) => isStaffReply(message));
    if (replies.length === 0) return;
    const { db } = this.#options;
    const ids = [...new Set(replies.map(({ message }) => message.conversationId))];
    // The handle each conversation is with: its contact may hold others on the channel (a merge of contacts).
    const rows = await db.all<{ conversation_id: string; channel_id: string; handle: string }>(
      `SELECT conversation_id, channel_id, handle FROM messaging_conversations
       WHERE conversation_id IN (${placeholders(ids.length)})`,
      ids,
    );
    if (rows.length === 0) return;
    const byConversation = new Map(rows.map((row) => [row.conversation_id, row]));
    // A conversation's replies in its order (on PostgreSQL two commits can reach the log crossed: ADR 0023).
    const first = new Map<string, number>();
    for (const [i, { message }] of replies.entries())
      if (!first.has(message.conversationId)) first.set(message.conversationId, i);
    const ordered = replies
      .filter(({ message }) => byConversation.has(message.conversationId))
      .sort(
        (a, b) =>
          first.get(a.message.conversationId)! - first.get(b.message.conversationId)! || a.message.seq - b.message.seq,
      );
    const now = this.#now();
    const written = await db.transaction(async (tx) => {
      const jobs: OutboxInsert[] = [];
      for (const { siteId, message } of ordered) {
        const row = byConversation.get(message.conversationId)!;
        const fresh = await tx.run(
          `INSERT INTO messaging_replies (message_id, site_id, conversation_id, channel_id, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (message_id) DO NOTHING`,
          [message.id, siteId, message.conversationId, row.channel_id, now, now],
        );
        if (fresh === 0) continue;
        const files = message.attachments && message.attachments.length > 0 ? unsignedFiles(message.attachments) : [];
        jobs.push({
          kind: MESSAGING_REPLY_KIND,
          siteId,
          key: `messaging:${row.channel_id}:${message.conversationId}`,
          conversationId: message.conversationId,
          payload: {
            channelId: row.channel_id,
            handle: row.handle,
            messageId: message.id,
            text: message.text,
            ...(files.length > 0 ? { files } : {}),
          } satisfies MessagingReplyJob,
        });
      }
      if (jobs.length > 0) await enqueue(tx, jobs, now);
      return jobs.length;
    });
    if (written > 0) this.#options.jobsWritten?.();
  }

  /** How a reply's delivery stands, with the provider's reason when it failed; `undefined` for no such reply. */
  async status(
    siteId: string,
    messageId: string,
  ): Promise<{ readonly status: MessagingReplyStatus; readonly error: string | null } | undefined> {
    const [row] = await this.#options.db.all<{ status: MessagingReplyStatus; error: string | null }>(
      'SELECT status, error FROM messaging_replies WHERE site_id = ? AND message_id = ?',
      [siteId, messageId],
    );
    return row ? { status: row.status, error: row.error } : undefined;
  }

  /** A conversation's replies as they were delivered, oldest first (`GET …/messaging-deliveries`). */
  async deliveries(siteId: string, conversationId: string): Promise<MessagingDelivery[]> {
    const rows = await this.#options.db.all<{
      message_id: string;
      status: MessagingReplyStatus;
      error: string | null;
      updated_at: number | string;
    }>(
      `SELECT message_id, status, error, updated_at FROM messaging_replies
       WHERE site_id = ? AND conversation_id = ? ORDER BY created_at, message_id`,
      [siteId, conversationId],
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      status: row.status,
      error: row.error,
      updatedAt: Number(row.updated_at),
    }));
  }

  async #deliver(job: OutboxJob<MessagingReplyJob>, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!isJob(job.payload)) return { status: 'failed', error: 'malformed messaging job', permanent: true };
    const { channelId, handle, messageId, text } = job.payload;
    const channel = await this.#options.channels.byId(channelId);
    if (!channel || channel.siteId !== job.siteId) return { status: 'skipped', detail: 'the channel was removed' };
    const provider = this.#options.providers.get(channel.provider);
    if (!provider) return { status: 'failed', error: `no provider ${channel.provider} on this relay` };
    const credentials = JSON.parse(this.#options.sealer.open(channel.credentialsSealed)) as unknown;
    const [row] = await this.#options.db.all<{ parts_sent: number | string; conversation_id: string }>(
      'SELECT parts_sent, conversation_id FROM messaging_replies WHERE message_id = ?',
      [messageId],
    );
    let partsSent = Number(row?.parts_sent ?? 0);
    const partSent = async (providerMessageId?: string, at?: number): Promise<void> => {
      partsSent += 1;
      const now = this.#now();
      await this.#options.db.transaction(async (tx) => {
        await tx.run('UPDATE messaging_replies SET parts_sent = ?, updated_at = ? WHERE message_id = ?', [
          partsSent,
          now,
          messageId,
        ]);
        if (providerMessageId !== undefined && row)
          await tx.run(
            `INSERT INTO messaging_reply_parts (channel_id, provider_message_id, message_id, site_id, conversation_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, provider_message_id) DO NOTHING`,
            // When it was handed to the provider: what a read watermark is compared with.
            [channelId, providerMessageId, messageId, job.siteId, row.conversation_id, at ?? now],
          );
      });
    };
    const webhookUrl = this.#options.webhookUrl?.(channel) ?? '';
    const outcome = await provider.send(
      {
        messageId,
        channelId,
        handle,
        text,
        files: this.#files(job.payload.files ?? [], { id: messageId, conversationId: row?.conversation_id ?? '' }),
        partsSent,
        partSent,
        webhookUrl,
      },
      credentials,
      { signal, log: this.#options.log, use: this.#options.use },
    );
    // Only from `queued`: the provider's report that it reached the customer may have come first.
    if (outcome.status === 'delivered')
      await this.#options.db.run(
        `UPDATE messaging_replies SET status = 'sent', error = NULL, updated_at = ? WHERE message_id = ? AND status = 'queued'`,
        [this.#now(), messageId],
      );
    else if (outcome.status === 'failed' && outcome.permanent === true)
      await this.#settle(messageId, 'failed', outcome.error);
    return outcome;
  }

  /**
   * A provider's report on a part of a reply it took ({@link MessagingProvider.receipts}): the reply's delivery moves
   * forward only (`queued`, `sent`, `delivered`, `read`; `failed` with the provider's reason, never after `read`);
   * `sent` says nothing new (the reply is `sent` once the provider took every part). A report on a part this channel
   * did not send (another tool on the same account) is ignored. The reply's message and its new status when it
   * became `delivered` or `read`, which the inbox hears as the customer's own receipt.
   */
  async receipt(
    channel: MessagingChannelRecord,
    receipt: DeliveryReceipt,
  ): Promise<{ readonly messageId: string; readonly status: 'delivered' | 'read' } | undefined> {
    if ('watermark' in receipt) return this.#watermark(channel, receipt);
    if (receipt.status === 'sent') return undefined;
    const [part] = await this.#options.db.all<{ message_id: string }>(
      'SELECT message_id FROM messaging_reply_parts WHERE channel_id = ? AND provider_message_id = ? AND site_id = ?',
      [channel.id, receipt.providerMessageId, channel.siteId],
    );
    if (!part) return undefined;
    const from = RECEIPT_FROM[receipt.status];
    const error =
      receipt.status === 'failed' ? (receipt.error ?? 'the provider reported it failed').slice(0, 500) : null;
    const changed = await this.#options.db.run(
      `UPDATE messaging_replies SET status = ?, error = ?, updated_at = ?
       WHERE message_id = ? AND status IN (${placeholders(from.length)})`,
      [receipt.status, error, this.#now(), part.message_id, ...from],
    );
    return changed > 0 && receipt.status !== 'failed'
      ? { messageId: part.message_id, status: receipt.status }
      : undefined;
  }

  /**
   * A watermark ({@link WatermarkReceipt}): each of the channel's replies to the customer whose first part went to
   * the provider by then moves on to `delivered` or `read` (forward only); the latest of them is the one the inbox
   * hears of (a read mark covers those before it). Replies sent later, and another customer's, are not touched.
   */
  async #watermark(
    channel: MessagingChannelRecord,
    receipt: WatermarkReceipt,
  ): Promise<{ readonly messageId: string; readonly status: 'delivered' | 'read' } | undefined> {
    const from = RECEIPT_FROM[receipt.status];
    const covered = await this.#options.db.all<{ message_id: string }>(
      `SELECT r.message_id FROM messaging_replies r
       JOIN messaging_conversations mv ON mv.conversation_id = r.conversation_id
       WHERE r.channel_id = ? AND r.site_id = ? AND mv.handle = ? AND r.status IN (${placeholders(from.length)})
         AND (SELECT MIN(p.created_at) FROM messaging_reply_parts p WHERE p.message_id = r.message_id) <= ?
       ORDER BY r.created_at, r.message_id LIMIT 500`,
      [channel.id, channel.siteId, receipt.handle, ...from, receipt.watermark],
    );
    if (covered.length === 0) return undefined;
    const ids = covered.map((row) => row.message_id);
    await this.#options.db.run(
      `UPDATE messaging_replies SET status = ?, error = NULL, updated_at = ?
       WHERE message_id IN (${placeholders(ids.length)}) AND status IN (${placeholders(from.length)})`,
      [receipt.status, this.#now(), ...ids, ...from],
    );
    return { messageId: ids.at(-1)!, status: receipt.status };
  }

  /** A reply's files, read from the attachments' store when the provider sends them. */
  #files(refs: readonly AttachmentRef[], message: { id: string; conversationId: string }): OutboundFile[] {
    return refs.map((ref) => ({
      name: ref.name,
      type: ref.type,
      size: ref.size,
      publicUrl: () => {
        const files = this.#options.attachments()?.files;
        const baseUrl = this.#options.baseUrl?.();
        if (!files || baseUrl === undefined) return undefined;
        const signed = files.sign(
          { id: message.id, conversationId: message.conversationId, attachments: [ref] } as Message,
          baseUrl,
          this.#now(),
        );
        return signed.attachments?.[0]?.url;
      },
      read: async () => {
        const attachments = this.#options.attachments()?.attachments;
        const record = await attachments?.get(ref.id);
        const blob = record ? await attachments!.open(record, 'file') : undefined;
        if (!blob) throw new Error(`the file ${ref.id} is gone`);
        const chunks: Buffer[] = [];
        for await (const chunk of blob.body) chunks.push(Buffer.from(chunk as Uint8Array));
        return Buffer.concat(chunks);
      },
    }));
  }

  async #settle(messageId: string, status: MessagingReplyStatus, error: string | null): Promise<void> {
    await this.#options.db.run(
      'UPDATE messaging_replies SET status = ?, error = ?, updated_at = ? WHERE message_id = ?',
      [status, error === null ? null : error.slice(0, 500), this.#now(), messageId],
    );
  }
}
