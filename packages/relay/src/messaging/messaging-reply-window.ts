import type { Screening, ScreenRefusal, ScreenVerdict } from '../core/screening.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { Logger } from '../log.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { MessagingChannels } from './messaging-channels.js';
import { MESSAGING_CONVERSATION_CHANNEL } from './messaging-inbox.js';
import type { MessagingProvider } from './messaging-provider.js';

/** How long a provider may take to say whether a reply may go (it reads the store). */
const checkTimeoutMs = 5_000;

/** What {@link ReplyWindows} needs. */
export interface ReplyWindowsOptions {
  readonly db: SqlDb;
  readonly channels: MessagingChannels;
  readonly providers: ReadonlyMap<string, MessagingProvider>;
  readonly sealer: SecretSealer;
  readonly log: Logger;
  readonly use: UseFeature;
}

/**
 * The messaging host's side of a provider's reply window ({@link MessagingProvider.replyRefused}; docs/channels.md,
 * "WhatsApp"): on the message path ({@link screen}, the chat hook `screenMessage`), a staff reply, from any door, is
 * checked before it is stored when its conversation is a messaging channel's whose provider limits replies; a
 * refusal stores nothing and answers `reply_window_closed` with the provider's words. A relay without channels, or
 * whose providers limit nothing, asks nothing: a staff reply then costs the message path no read.
 */
export class ReplyWindows {
  readonly #options: ReplyWindowsOptions;
  readonly #anyLimits: boolean;

  constructor(options: ReplyWindowsOptions) {
    this.#options = options;
    this.#anyLimits = [...options.providers.values()].some((provider) => provider.replyRefused !== undefined);
  }

  /** The chat hook: a check for a staff reply (not a note) while some channel's provider limits replies. */
  screen(message: Screening): ScreenVerdict | undefined {
    if (message.role !== 'staff' || message.kind !== 'text') return undefined;
    if (!this.#anyLimits || !this.#options.channels.anyKnown) return undefined;
    return { check: () => this.refusal(message) };
  }

  /** Why the reply may not be stored (`reply_window_closed`), or `undefined`: see the class. */
  async refusal(
    message: Pick<Screening, 'siteId' | 'conversationId' | 'clientId'>,
  ): Promise<ScreenRefusal | undefined> {
    const { db, channels, providers, sealer, log, use } = this.#options;
    const [row] = await db.all<{ channel_id: string; handle: string; stored: number | string | null }>(
      `SELECT cc.address AS channel_id, mc.handle,
         (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.client_id = ?) AS stored
       FROM conversation_channels cc
       JOIN conversations c ON c.id = cc.conversation_id
       JOIN messaging_contacts mc ON mc.channel_id = cc.address AND mc.contact_id = c.visitor_id
       WHERE cc.channel = ? AND cc.conversation_id = ? AND c.site_id = ?`,
      [message.clientId, MESSAGING_CONVERSATION_CHANNEL, message.conversationId, message.siteId],
    );
    // Not a channel's conversation; or a resend of a reply stored already, which the store answers as such.
    if (!row || row.stored !== null) return undefined;
    const channel = await channels.byId(row.channel_id);
    const provider = channel ? providers.get(channel.provider) : undefined;
    if (!channel || !provider?.replyRefused) return undefined;
    const reason = await provider.replyRefused(
      {
        channelId: channel.id,
        handle: row.handle,
        conversationId: message.conversationId,
        clientId: message.clientId,
      },
      JSON.parse(sealer.open(channel.credentialsSealed)) as unknown,
      { signal: AbortSignal.timeout(checkTimeoutMs), log, use },
    );
    return reason === undefined ? undefined : { code: 'reply_window_closed', message: reason };
  }
}
