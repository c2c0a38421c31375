import { isStaffReply } from '../message-log/staff-replies.js';
import { createHash } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { AttachmentRef } from '@parley/protocol';
import type { ApiChannelReply, ReplyDelivery } from '@parley/protocol/admin';
import { unsignedFiles } from '../attachments/public.js';
import type { Logger } from '../log.js';
import type { LoggedMessage } from '../message-log/message-log-queries.js';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import { placeholders } from '../store/sql/admin-rows.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import { outcomeOf } from '../webhooks/public.js';
import { postWebhook, signedEventHeaders } from '../outbound/signed-request.js';
import type { ApiChannels } from './api-channels.js';

/** The outbox kind of a staff reply sent to an API channel's webhook. */
export const API_CHANNEL_REPLY_KIND = 'api-channel.reply';

/** How long after a delivery attempt the bridge may download the reply's files. */
export const FILE_DOWNLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/** Where an API channel's bridge downloads a file of a reply (with the channel's token). */
export const API_CHANNEL_FILES_PATH = '/v1/channels/api/files';

/**
 * What an `api-channel.reply` job carries: the channel, the event as it is sent, and the reply's files (their facts:
 * each attempt adds their download addresses and expiry to the event).
 */
export interface ApiChannelReplyJob {
  readonly channelId: string;
  readonly event: ApiChannelReply;
  readonly files?: readonly AttachmentRef[];
}

/** The event id of a reply: derived from the message, so every attempt (and a replay) carries the same. */
export function replyEventId(messageId: string): string {
  return `evt_${createHash('sha256').update(`reply.created\0${messageId}`).digest('base64url').slice(0, 16)}`;
}

/** What {@link ApiChannelReplies} needs. */
export interface ApiChannelRepliesOptions {
  readonly db: SqlDb;
  readonly channels: ApiChannels;
  /** Opens the channels' sealed signing secrets. */
  readonly sealer: SecretSealer;
  readonly log: Logger;
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE`: replies may go to loopback and private addresses. */
  readonly allowPrivate: boolean;
  /** The relay's public origin, which the files' download addresses are built on. */
  readonly baseUrl: () => string;
  /** Told when jobs were written (the outbox worker looks sooner). */
  readonly jobsWritten?: () => void;
  /** Name resolution (tests). */
  readonly lookup?: LookupFunction;
  readonly now?: () => number;
}

function isJob(value: unknown): value is ApiChannelReplyJob {
  if (typeof value !== 'object' || value === null) return false;
  const { channelId, event } = value as Partial<ApiChannelReplyJob>;
  return typeof channelId === 'string' && typeof event === 'object' && event !== null && typeof event.id === 'string';
}

/**
 * Staff replies in API-channel conversations, sent to the channel's webhook (docs/api-channel.md).
 *
 * {@link handle} reads stored messages from the message log (the `api-channels` consumer, ADR 0023): each staff
 * message (not a note) of a conversation an API channel opened becomes one outbox job, keyed by the channel and the
 * conversation, so a conversation's replies go one at a time, in order; a reply's files are listed for the channel
 * (`api_channel_files`) in the same transaction, so its bridge may download them. A row per message in
 * `api_channel_replies`, written in the jobs' transaction, makes that once: the log hands a batch over again after a relay died before
 * moving its cursor, and the job is not written twice. The outbox worker then delivers ({@link handler}): one POST
 * of the event's JSON (with the files' download addresses, valid {@link FILE_DOWNLOAD_TTL_MS} from the attempt), signed
 * as webhooks are (`Parley-Signature`), retried with backoff on failure for about a day;
 * a receiver that sees an attempt twice (a relay killed mid-POST) deduplicates on the event id.
 */
export class ApiChannelReplies {
  readonly #options: ApiChannelRepliesOptions;
  readonly #now: () => number;
  readonly handler: OutboxHandler<ApiChannelReplyJob>;

  constructor(options: ApiChannelRepliesOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.handler = {
      kind: API_CHANNEL_REPLY_KIND,
      maxAttempts: 30,
      timeoutMs: 10_000,
      deliver: async (job, signal) => {
        const outcome = await this.#deliver(job, signal);
        // A reply taken (also after a replay from the dead): no longer marked failed in the thread.
        if (outcome.status === 'delivered' && isJob(job.payload))
          await this.#settle(job.payload.event.message.id, 'sent', null);
        return outcome;
      },
      dead: async (job, error) => {
        this.#options.log.warn('api channel: a reply was not delivered', {
          siteId: job.siteId,
          channelId: isJob(job.payload) ? job.payload.channelId : undefined,
          error,
        });
        if (isJob(job.payload)) await this.#settle(job.payload.event.message.id, 'failed', error);
      },
    };
  }

  /** Queues the staff replies of a batch of stored messages (see the class). Safe to repeat. */
  async handle(batch: readonly LoggedMessage[]): Promise<void> {
    const replies = batch.filter(({ message }) => isStaffReply(message));
    if (replies.length === 0) return;
    const { db } = this.#options;
    const ids = [...new Set(replies.map(({ message }) => message.conversationId))];
    // The external id each conversation is with: its contact may hold others on the channel (a merge of contacts).
    const rows = await db.all<{ conversation_id: string; channel_id: string; external_id: string }>(
      `SELECT conversation_id, channel_id, external_id FROM api_channel_conversations
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
          `INSERT INTO api_channel_replies (message_id, site_id, conversation_id, created_at, status, updated_at)
           VALUES (?, ?, ?, ?, 'queued', ?) ON CONFLICT (message_id) DO NOTHING`,
          [message.id, siteId, message.conversationId, now, now],
        );
        if (fresh === 0) continue;
        const files = message.attachments && message.attachments.length > 0 ? unsignedFiles(message.attachments) : [];
        for (const file of files)
          await tx.run(
            `INSERT INTO api_channel_files (channel_id, attachment_id, site_id, conversation_id, message_id, expires_at)
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, attachment_id) DO NOTHING`,
            [row.channel_id, file.id, siteId, message.conversationId, message.id, now + FILE_DOWNLOAD_TTL_MS],
          );
        const event: ApiChannelReply = {
          id: replyEventId(message.id),
          type: 'reply.created',
          createdAt: message.ts,
          channelId: row.channel_id,
          contactId: row.external_id,
          conversationId: message.conversationId,
          message: {
            id: message.id,
            seq: message.seq,
            text: message.text,
            author: {
              id: message.author.id,
              ...(message.author.name !== undefined ? { name: message.author.name } : {}),
            },
            createdAt: message.ts,
          },
        };
        jobs.push({
          kind: API_CHANNEL_REPLY_KIND,
          siteId,
          key: `api:${row.channel_id}:${message.conversationId}`,
          conversationId: message.conversationId,
          payload: {
            channelId: row.channel_id,
            event,
            ...(files.length > 0 ? { files } : {}),
          } satisfies ApiChannelReplyJob,
        });
      }
      if (jobs.length > 0) await enqueue(tx, jobs, now);
      return jobs.length;
    });
    if (written > 0) this.#options.jobsWritten?.();
  }

  /**
   * A conversation's replies as the channel's bridge took them, oldest first: `queued`, `sent`, or `failed` with why
   * (the desk's `GET …/deliveries`). Replies queued before their state was kept are left out.
   */
  async deliveries(siteId: string, conversationId: string): Promise<ReplyDelivery[]> {
    const rows = await this.#options.db.all<{
      message_id: string;
      status: 'queued' | 'sent' | 'failed';
      error: string | null;
      updated_at: number | string;
    }>(
      `SELECT message_id, status, error, updated_at FROM api_channel_replies
       WHERE site_id = ? AND conversation_id = ? AND status IS NOT NULL ORDER BY created_at, message_id`,
      [siteId, conversationId],
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      status: row.status,
      error: row.error,
      updatedAt: Number(row.updated_at),
    }));
  }

  async #settle(messageId: string, status: 'sent' | 'failed', error: string | null): Promise<void> {
    await this.#options.db.run(
      'UPDATE api_channel_replies SET status = ?, error = ?, updated_at = ? WHERE message_id = ? AND status IS NOT NULL',
      [status, error, this.#now(), messageId],
    );
  }

  async #deliver(job: OutboxJob<ApiChannelReplyJob>, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!isJob(job.payload)) return { status: 'failed', error: 'malformed api-channel job', permanent: true };
    const { channelId, files } = job.payload;
    const channel = await this.#options.channels.byId(channelId);
    if (!channel || channel.siteId !== job.siteId) return { status: 'skipped', detail: 'the channel was deleted' };
    const event = files && files.length > 0 ? await this.#withFiles(job.payload, files) : job.payload.event;
    const body = JSON.stringify(event);
    const response = await postWebhook({
      url: channel.webhookUrl,
      body,
      headers: signedEventHeaders(event, this.#options.sealer.open(channel.secretSealed), body, this.#now()),
      signal,
      allowPrivate: this.#options.allowPrivate,
      ...(this.#options.lookup ? { lookup: this.#options.lookup } : {}),
      now: this.#now,
    });
    return outcomeOf(response);
  }

  /**
   * The event with its files' download addresses, which work until {@link FILE_DOWNLOAD_TTL_MS} from now: this attempt
   * (a retry, a replay from the dead) moves their expiry on.
   */
  async #withFiles(job: ApiChannelReplyJob, files: readonly AttachmentRef[]): Promise<ApiChannelReply> {
    const { event, channelId } = job;
    const expiresAt = this.#now() + FILE_DOWNLOAD_TTL_MS;
    await this.#options.db.run(
      'UPDATE api_channel_files SET expires_at = ? WHERE channel_id = ? AND message_id = ? AND expires_at < ?',
      [expiresAt, channelId, event.message.id, expiresAt],
    );
    const base = this.#options.baseUrl();
    return {
      ...event,
      message: {
        ...event.message,
        attachments: files.map((file) => ({
          ...file,
          url: `${base}${API_CHANNEL_FILES_PATH}/${encodeURIComponent(file.id)}`,
          expiresAt,
        })),
      },
    };
  }
}
