import type { Screening, ScreenRefusal, ScreenVerdict } from '../core/screening.js';
import type { MessagingHostParts } from './messaging-host-parts.js';

/** How long a provider may take to say whether a reply may go (it reads the store). */
const checkTimeoutMs = 5_000;

/**
 * The messaging host's side of a provider's reply window ({@link MessagingProvider.replyRefused}; docs/channels.md,
 * "WhatsApp"): on the message path ({@link screen}, the chat hook `screenMessage`), a staff reply, from any door, is
 * checked before it is stored when its conversation is a messaging channel's whose provider limits replies; a
 * refusal stores nothing and answers `reply_window_closed` with the provider's words. A relay without channels, or
 * whose providers limit nothing, asks nothing: a staff reply then costs the message path no read.
 */
export class ReplyWindows {
  readonly #options: MessagingHostParts;
  readonly #anyLimits: boolean;

  constructor(options: MessagingHostParts) {
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
    // The handle the conversation is with (its contact may hold others on the channel): its window is the one asked.
    const [row] = await db.all<{ channel_id: string; handle: string; stored: number | string | null }>(
      `SELECT mv.channel_id, mv.handle,
         (SELECT 1 FROM messages m WHERE m.conversation_id = mv.conversation_id AND m.client_id = ?) AS stored
       FROM messaging_conversations mv
       WHERE mv.conversation_id = ? AND mv.site_id = ?`,
      [message.clientId, message.conversationId, message.siteId],
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
