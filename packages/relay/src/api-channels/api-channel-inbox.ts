import { RefusedMessage, type ScreenRefusal } from '../core/screening.js';
import { createHash } from 'node:crypto';
import type { Message } from '@parley/protocol';
import type { ApiChannelMessage } from '@parley/protocol/admin';
import type { AdminFor } from '../admin/public.js';
import type { ChatCore } from '../core/chat-core.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { ApiChannelRecord } from './api-channels.js';

/** What {@link ApiChannelInbox} is built from. */
export interface ApiChannelInboxOptions {
  readonly core: ChatCore;
  readonly admin: Pick<AdminFor<'conversations' | 'contacts'>, 'repos' | 'cipher'>;
  readonly db: SqlDb;
  /** Messages one channel may post per minute, on each relay (a burst of as many); 0: no limit. */
  readonly messagesPerMinute: number;
  readonly now?: () => number;
}

/** What posting a message came to. */
export type ApiChannelResult =
  | { readonly status: 'stored'; readonly message: Message; readonly duplicate: boolean }
  | { readonly status: 'limited'; readonly retryAfterMs: number }
  | { readonly status: 'unavailable' }
  /** The screening refused it (docs/safety.md): nothing stored. */
  | { readonly status: 'refused'; readonly refusal: ScreenRefusal };

const digest = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('base64url');

/** The contact an external id of a channel is: the same for the same id, on every relay. */
export function apiContactId(channelId: string, externalId: string): string {
  return `ac_${digest(channelId, externalId).slice(0, 22)}`;
}

/** The id of a conversation an inbound message opens: the same for the same message, so a retry opens it once. */
export function apiConversationId(channelId: string, messageId: string): string {
  return `ca_${digest(channelId, messageId).slice(0, 16)}`;
}

/** The client id an inbound message is stored under: a retried post is a duplicate of the first. */
export function apiClientId(channelId: string, messageId: string): string {
  return `ap_${digest(channelId, messageId).slice(0, 32)}`;
}

/**
 * Messages posted by an API channel's bridge (docs/api-channel.md): each is the contact's (the one the channel's
 * external id names, or a new one), in the contact's open conversation with that external id on this channel, or in
 * a new one (channel `api`, its address the channel's id), live in the inbox. The external message id makes a post
 * idempotent: its conversation is recorded before the message is stored, and the message's client id comes from it,
 * so the same post again, even after the conversation was resolved, finds the message stored (a duplicate). One
 * contact's posts are taken one at a time on a relay, so two first messages posted together open one conversation.
 */
export class ApiChannelInbox {
  readonly #options: ApiChannelInboxOptions;
  readonly #now: () => number;
  readonly #buckets = new Map<string, TokenBucket>();
  /** The post under way per contact of a channel: the next waits for it. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: ApiChannelInboxOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Stores `input` as the channel's contact's message (see the class); limited per channel. */
  async receive(channel: ApiChannelRecord, input: ApiChannelMessage): Promise<ApiChannelResult> {
    const now = this.#now();
    const perMinute = this.#options.messagesPerMinute;
    if (perMinute > 0) {
      let bucket = this.#buckets.get(channel.id);
      if (!bucket) {
        if (this.#buckets.size >= 10_000) this.#buckets.clear();
        this.#buckets.set(channel.id, (bucket = new TokenBucket(perMinute, perMinute / 60, now)));
      }
      const wait = bucket.take(now);
      if (wait > 0) return { status: 'limited', retryAfterMs: wait };
    }
    const key = `${channel.id}\0${input.contactId}`;
    const before = this.#queues.get(key) ?? Promise.resolve();
    const turn = before.then(() => this.#store(channel, input));
    const settled = turn.catch(() => undefined);
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    try {
      return await turn;
    } catch (error) {
      if (error instanceof RefusedMessage) return { status: 'refused', refusal: error.refusal };
      this.#options.core.log.warn('api channel: store unavailable', {
        siteId: channel.siteId,
        channelId: channel.id,
        error: String(error),
      });
      return { status: 'unavailable' };
    }
  }

  async #store(channel: ApiChannelRecord, input: ApiChannelMessage): Promise<ApiChannelResult> {
    const { core, admin, db } = this.#options;
    const { siteId } = channel;
    const now = this.#now();
    // The contact the external id is: its row's (a merge of contacts moves it to the kept contact), else one made
    // from it. A known id (every message but the first) costs this read, no write.
    const [known] = await db.all<{ contact_id: string; verified: number | boolean | null }>(
      `SELECT ac.contact_id, k.verified FROM api_channel_contacts ac
       LEFT JOIN contacts k ON k.site_id = ac.site_id AND k.contact_id = ac.contact_id
       WHERE ac.channel_id = ? AND ac.external_id = ?`,
      [channel.id, input.contactId],
    );
    const own = apiContactId(channel.id, input.contactId);
    const contactId = known?.contact_id ?? own;
    // Under another record (a merge joined it there), the record's name, email and verification are its own: the
    // bridge's message only says it was seen.
    const joined = contactId !== own;
    const email = joined ? undefined : input.email?.trim();
    const sealed = email ? admin.cipher.encrypt(email) : undefined;
    const conversationId = await this.#conversation(channel, input.messageId, input.contactId, contactId, now);
    if (!known)
      await db.run(
        `INSERT INTO api_channel_contacts (channel_id, external_id, site_id, contact_id, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id, external_id) DO NOTHING`,
        [channel.id, input.contactId, siteId, contactId, now],
      );
    await admin.repos.contacts.touchContacts([
      joined
        ? { siteId, contactId, verified: Boolean(known?.verified), conversationHint: conversationId, at: now }
        : {
            siteId,
            contactId,
            name: input.name,
            ...(email ? { emailEnc: sealed, emailHash: admin.cipher.hash(email.toLowerCase()) } : {}),
            verified: false,
            conversationHint: conversationId,
            at: now,
          },
    ]);
    const { message, duplicate } = await core.storeMessage(
      {
        siteId,
        conversationId,
        visitorId: contactId,
        clientId: apiClientId(channel.id, input.messageId),
        author: input.name ? { role: 'visitor', id: contactId, name: input.name } : { role: 'visitor', id: contactId },
        text: input.text,
        kind: 'text',
        ...(joined
          ? {}
          : {
              profile: {
                ...(input.name ? { name: input.name } : {}),
                ...(sealed ? { email: sealed } : {}),
                verified: false,
              },
            }),
      },
      'api',
    );
    return { status: 'stored', message, duplicate };
  }

  /**
   * The conversation the message goes to: the one it went to before (a retry), else the contact's newest open one
   * with this external id on this channel (a contact may hold two on one channel after a merge: each has its
   * conversations, whose replies name it), else a new one (its channel row and its external id written now, before
   * its first message). Recorded for the message id before the message is stored.
   */
  async #conversation(
    channel: ApiChannelRecord,
    messageId: string,
    externalId: string,
    contactId: string,
    now: number,
  ): Promise<string> {
    const { db } = this.#options;
    const [seen] = await db.all<{ conversation_id: string }>(
      'SELECT conversation_id FROM api_channel_inbound WHERE channel_id = ? AND message_id = ?',
      [channel.id, messageId],
    );
    if (seen) return seen.conversation_id;
    const [open] = await db.all<{ id: string }>(
      `SELECT c.id FROM api_channel_conversations av JOIN conversations c ON c.id = av.conversation_id
       WHERE av.channel_id = ? AND av.external_id = ? AND c.site_id = ? AND c.visitor_id = ?
         AND c.status <> 'resolved'
       ORDER BY c.created_at DESC LIMIT 1`,
      [channel.id, externalId, channel.siteId, contactId],
    );
    const conversationId = open?.id ?? apiConversationId(channel.id, messageId);
    if (!open) {
      await this.#options.admin.repos.conversations.recordChannel({
        conversationId,
        siteId: channel.siteId,
        channel: 'api',
        subject: null,
        address: channel.id,
        at: now,
      });
      await db.run(
        `INSERT INTO api_channel_conversations (conversation_id, site_id, channel_id, external_id, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING`,
        [conversationId, channel.siteId, channel.id, externalId, now],
      );
    }
    await db.run(
      `INSERT INTO api_channel_inbound (channel_id, message_id, site_id, conversation_id, created_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id, message_id) DO NOTHING`,
      [channel.id, messageId, channel.siteId, conversationId, now],
    );
    // Another relay may have recorded it first: its conversation is the message's.
    const [recorded] = await db.all<{ conversation_id: string }>(
      'SELECT conversation_id FROM api_channel_inbound WHERE channel_id = ? AND message_id = ?',
      [channel.id, messageId],
    );
    return recorded?.conversation_id ?? conversationId;
  }
}
