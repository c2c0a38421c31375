import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Message, ServerFrame } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import { storeVisitorFiles, type AttachmentsFeature, type VisitorFile } from '../attachments/public.js';
import type { ChatCore } from '../core/chat-core.js';
import type { UseFeature } from '../features/feature-instances.js';
import { RefusedMessage, type ScreenRefusal } from '../core/screening.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { MessagingChannelRecord } from './messaging-channels.js';
import { profileJob } from './messaging-profiles.js';
import type { InboundMessage, MessagingProvider } from './messaging-provider.js';

/**
 * The channel kind a messaging channel's conversations are recorded under (`conversation_channels`), with their
 * provider's id beside it: the kind stays `api`, which every inbox and SDK decodes, and the provider (`whatsapp`) is
 * a member older clients drop (ADR 2026-11-30-channel-providers).
 */
export const MESSAGING_CONVERSATION_CHANNEL = 'api';

/** What {@link MessagingInbox} is built from. */
export interface MessagingInboxOptions {
  readonly core: ChatCore;
  readonly admin: Pick<AdminFor<'conversations' | 'contacts'>, 'repos'>;
  readonly db: SqlDb;
  /** The attachments feature's running part (asked per message: it is made after this feature). */
  readonly attachments: () => AttachmentsFeature | undefined;
  readonly use: UseFeature;
  /** Told when jobs were written (the outbox worker looks sooner). */
  readonly jobsWritten?: () => void;
  readonly now?: () => number;
}

/** What taking a message came to. */
export type MessagingResult =
  | { readonly status: 'stored'; readonly message: Message; readonly duplicate: boolean }
  /** Stored before (a retried update): nothing downloaded or stored again. */
  | { readonly status: 'duplicate' }
  | { readonly status: 'unavailable' }
  /** The screening refused it (docs/safety.md): nothing stored. */
  | { readonly status: 'refused'; readonly refusal: ScreenRefusal };

const digest = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('base64url');

/** The contact a customer of a channel is: the same for the same handle, on every relay. */
export function messagingContactId(channelId: string, handle: string): string {
  return `mc_${digest(channelId, handle).slice(0, 22)}`;
}

/** The id of a conversation an inbound message opens: the same for the same message, so a retry opens it once. */
export function messagingConversationId(channelId: string, messageId: string): string {
  return `cm_${digest(channelId, messageId).slice(0, 16)}`;
}

/** The client id an inbound message (and its files) is stored under: a retried webhook is a duplicate. */
export function messagingClientId(channelId: string, messageId: string): string {
  return `mp_${digest(channelId, messageId).slice(0, 32)}`;
}

/**
 * Customers' messages from a messaging channel's webhook (docs/channels.md): each is the contact's (the one the
 * channel's handle names, or a new one), in the contact's open conversation with that handle on this channel or a
 * new one, live in the inbox; its files are downloaded from the provider and put through the attachments pipeline as
 * the visitor's. The provider's message id makes it idempotent, as for API channels: the conversation is recorded for the id
 * (`messaging_inbound`, a unique row) before the message is stored, and the message's client id comes from it, so
 * the same update again, on any relay, after a restart, even once the conversation was resolved, finds it stored.
 * One contact's messages are taken one at a time on a relay, so two first messages open one conversation.
 */
export class MessagingInbox {
  readonly #options: MessagingInboxOptions;
  readonly #now: () => number;
  /** The message under way per contact of a channel: the next waits for it. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: MessagingInboxOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Stores `input` as the channel's customer's message (see the class). */
  async receive(
    channel: MessagingChannelRecord,
    provider: MessagingProvider,
    credentials: unknown,
    input: InboundMessage,
    signal: AbortSignal,
  ): Promise<MessagingResult> {
    const key = `${channel.id}\0${input.contact.handle}`;
    const before = this.#queues.get(key) ?? Promise.resolve();
    const turn = before.then(() => this.#store(channel, provider, credentials, input, signal));
    const settled = turn.catch(() => undefined);
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    try {
      return await turn;
    } catch (error) {
      if (error instanceof RefusedMessage) return { status: 'refused', refusal: error.refusal };
      this.#options.core.log.warn('messaging: store unavailable', {
        siteId: channel.siteId,
        channelId: channel.id,
        error: String(error),
      });
      return { status: 'unavailable' };
    }
  }

  /**
   * A staff reply of this site the provider reported `delivered` or `read` (`MessagingReplies.receipt`), told to the
   * inbox as by a visitor's own client: `delivered`, and `read` stored as the customer's read mark (forward only).
   */
  async customerReceipt(
    channel: MessagingChannelRecord,
    messageId: string,
    status: 'delivered' | 'read',
  ): Promise<void> {
    const { core, db } = this.#options;
    const [message] = await db.all<{ conversation_id: string; seq: number | string }>(
      'SELECT conversation_id, seq FROM messages WHERE id = ?',
      [Number(messageId)],
    );
    if (!message) return;
    const conversationId = message.conversation_id;
    let seq: number | undefined = Number(message.seq);
    if (status === 'read') seq = await core.store.markRead(conversationId, 'visitor', seq);
    if (seq === undefined) return;
    core.toStaff(
      channel.siteId,
      JSON.stringify({ type: status, conversationId, seq, by: 'visitor' } satisfies ServerFrame),
    );
  }

  async #store(
    channel: MessagingChannelRecord,
    provider: MessagingProvider,
    credentials: unknown,
    input: InboundMessage,
    signal: AbortSignal,
  ): Promise<MessagingResult> {
    const { core, admin, db } = this.#options;
    const { siteId } = channel;
    const now = this.#now();
    const { handle, name } = input.contact;
    // The contact the handle is: its row's (a merge of contacts moves it to the kept contact), else one made from it.
    // A known handle (every message but the first) costs this read, no write.
    const [known] = await db.all<{ contact_id: string; verified: number | boolean | null }>(
      `SELECT mc.contact_id, k.verified FROM messaging_contacts mc
       LEFT JOIN contacts k ON k.site_id = mc.site_id AND k.contact_id = mc.contact_id
       WHERE mc.channel_id = ? AND mc.handle = ?`,
      [channel.id, handle],
    );
    const own = messagingContactId(channel.id, handle);
    const contactId = known?.contact_id ?? own;
    // Under another record (a merge joined it there), the record's name and verification are its own: the channel's
    // message only says it was seen.
    const joined = contactId !== own;
    const conversationId = await this.#conversation(channel, input.id, handle, contactId, now);
    // A new contact's profile is asked of the provider by the outbox, once, off this path (messaging-profiles.ts),
    // written with the contact's row.
    const asked =
      !known &&
      (await db.transaction(async (tx) => {
        const fresh = await tx.run(
          `INSERT INTO messaging_contacts (channel_id, handle, site_id, contact_id, display, created_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, handle) DO NOTHING`,
          [channel.id, handle, siteId, contactId, input.contact.display ?? handle, now],
        );
        if (fresh === 0 || !provider.profile) return false;
        await enqueue(tx, [profileJob(siteId, conversationId, { channelId: channel.id, handle, contactId })], now);
        return true;
      }));
    if (asked) this.#options.jobsWritten?.();
    await admin.repos.contacts.touchContacts([
      joined
        ? { siteId, contactId, verified: Boolean(known?.verified), conversationHint: conversationId, at: now }
        : { siteId, contactId, name, verified: false, conversationHint: conversationId, at: now },
    ]);
    const clientId = messagingClientId(channel.id, input.id);
    // A retried update whose message is stored: nothing is downloaded or stored again (its files were the
    // message's; without them a file-only message would be empty).
    const [stored] = await db.all<{ one: number }>(
      'SELECT 1 AS one FROM messages WHERE conversation_id = ? AND client_id = ?',
      [conversationId, clientId],
    );
    if (stored) return { status: 'duplicate' };
    // Each file is streamed to a staging file, then handed to the pipeline, which removes it (docs/channels.md).
    const files = await this.#files(channel, provider, credentials, input, signal);
    const kept = await storeVisitorFiles(
      this.#options.attachments(),
      { siteId, conversationId, clientId, visitorId: contactId },
      files.kept,
    );
    const refused = [...files.refused, ...kept.refused];
    const line = refused.length > 0 ? `[Files not kept: ${refused.map((n) => n.slice(0, 100)).join(', ')}]` : '';
    const text = line === '' ? input.text : input.text === '' ? line : `${input.text}\n\n${line}`;
    const { message, duplicate } = await core.storeMessage(
      {
        siteId,
        conversationId,
        visitorId: contactId,
        clientId,
        author: name ? { role: 'visitor', id: contactId, name } : { role: 'visitor', id: contactId },
        text,
        kind: 'text',
        ...(kept.refs.length > 0 ? { extra: { attachments: kept.refs } } : {}),
        ...(joined ? {} : { profile: { ...(name ? { name } : {}), verified: false } }),
      },
      'api',
    );
    return { status: 'stored', message, duplicate };
  }

  /**
   * Downloads a message's files from the provider, each streamed into a staging file of the attachments pipeline
   * and cut off past the site's largest file; one the provider cannot give (too large, gone) is named in `refused`
   * and the message is stored without it. A failure midway removes what was staged.
   */
  async #files(
    channel: MessagingChannelRecord,
    provider: MessagingProvider,
    credentials: unknown,
    input: InboundMessage,
    signal: AbortSignal,
  ): Promise<{ kept: VisitorFile[]; refused: string[] }> {
    const wanted = input.files ?? [];
    const attachments = this.#options.attachments();
    if (wanted.length === 0 || !attachments || !provider.download)
      return { kept: [], refused: wanted.map((file) => file.name) };
    const { maxBytes } = await attachments.attachments.limits(channel.siteId);
    const kept: { name: string; staged: string }[] = [];
    const refused: string[] = [];
    try {
      for (const file of wanted) {
        if (file.size !== undefined && file.size > maxBytes) {
          refused.push(file.name);
          continue;
        }
        const path = attachments.attachments.stagingPath();
        const got = await provider.download(
          file,
          credentials,
          { path, maxBytes },
          { signal, log: this.#options.core.log, use: this.#options.use },
        );
        if ('error' in got) {
          await rm(path, { force: true });
          this.#options.core.log.info('messaging: a file was not downloaded', {
            siteId: channel.siteId,
            channelId: channel.id,
            error: got.error,
          });
          refused.push(file.name);
        } else kept.push({ name: got.name, staged: path });
      }
    } catch (error) {
      await Promise.all(kept.map(({ staged }) => rm(staged, { force: true })));
      throw error;
    }
    return { kept, refused };
  }

  /**
   * The conversation the message goes to: the one it went to before (a retry), else the contact's newest open one
   * with this handle on this channel (a contact may hold two handles on one channel after a merge: each has its
   * conversations, whose replies go to it), else a new one (its channel row and its handle written now). Recorded for
   * the message id before it is stored.
   */
  async #conversation(
    channel: MessagingChannelRecord,
    messageId: string,
    handle: string,
    contactId: string,
    now: number,
  ): Promise<string> {
    const { db } = this.#options;
    const [seen] = await db.all<{ conversation_id: string }>(
      'SELECT conversation_id FROM messaging_inbound WHERE channel_id = ? AND message_id = ?',
      [channel.id, messageId],
    );
    if (seen) return seen.conversation_id;
    const [open] = await db.all<{ id: string }>(
      `SELECT c.id FROM messaging_conversations mv JOIN conversations c ON c.id = mv.conversation_id
       WHERE mv.channel_id = ? AND mv.handle = ? AND c.site_id = ? AND c.visitor_id = ? AND c.status <> 'resolved'
       ORDER BY c.created_at DESC LIMIT 1`,
      [channel.id, handle, channel.siteId, contactId],
    );
    const conversationId = open?.id ?? messagingConversationId(channel.id, messageId);
    if (!open) {
      await this.#options.admin.repos.conversations.recordChannel({
        conversationId,
        siteId: channel.siteId,
        channel: MESSAGING_CONVERSATION_CHANNEL,
        subject: null,
        address: channel.id,
        provider: channel.provider,
        at: now,
      });
      await db.run(
        `INSERT INTO messaging_conversations (conversation_id, site_id, channel_id, handle, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING`,
        [conversationId, channel.siteId, channel.id, handle, now],
      );
    }
    await db.run(
      `INSERT INTO messaging_inbound (channel_id, message_id, site_id, conversation_id, created_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id, message_id) DO NOTHING`,
      [channel.id, messageId, channel.siteId, conversationId, now],
    );
    // Another relay may have recorded it first: its conversation is the message's.
    const [recorded] = await db.all<{ conversation_id: string }>(
      'SELECT conversation_id FROM messaging_inbound WHERE channel_id = ? AND message_id = ?',
      [channel.id, messageId],
    );
    return recorded?.conversation_id ?? conversationId;
  }
}
