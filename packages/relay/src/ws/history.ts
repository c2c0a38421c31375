import type { HistoryRequestFrame } from '@parley/protocol';
import type { Peer, Socket } from './connection.js';
import { conversationFor } from './conversation-access.js';
import { sendFrame, signedPage } from './outbound.js';
import type { WsContext } from './ws-context.js';

/** A `history` request: a page of stored messages before or after a sequence (staff also see notes). */
export async function history(ctx: WsContext, ws: Socket, peer: Peer, frame: HistoryRequestFrame): Promise<void> {
  const conversation = await conversationFor(ctx, ws, peer, frame.conversationId, frame.ref);
  if (!conversation) return;
  const limit = frame.limit ?? 50;
  const options = { includeNotes: peer.role === 'staff' };
  const messages =
    frame.before !== undefined
      ? await ctx.store.messagesBefore(conversation.id, frame.before, limit + 1, options)
      : await ctx.store.messagesAfter(conversation.id, frame.after ?? 0, limit + 1, options);
  const hasMore = messages.length > limit;
  if (hasMore) {
    if (frame.before !== undefined) messages.shift();
    else messages.pop();
  }
  sendFrame(ctx, ws, {
    type: 'history',
    ref: frame.ref,
    conversationId: conversation.id,
    messages: signedPage(ctx, messages),
    hasMore,
  });
}
