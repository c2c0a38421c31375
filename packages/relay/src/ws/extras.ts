import type { SendFrame } from '@parley/protocol';
import type { Peer, Socket } from './connection.js';
import { sendError } from './outbound.js';
import type { WsContext } from './ws-context.js';

/**
 * Checks a `send` with protocol 2's members: quick-reply `buttons` (staff only) or a `rating` (a visitor answering a
 * rating request of their conversation, once: its id must be `rating-<seq>`, and the store keeps one message per
 * id). Resolves true when the send may go on as any other; otherwise the error has been sent, nothing stored.
 */
export async function extrasAllowed(ctx: WsContext, ws: Socket, peer: Peer, frame: SendFrame): Promise<boolean> {
  if (frame.buttons !== undefined && (peer.role !== 'staff' || frame.note)) {
    const message = peer.role === 'staff' ? 'A note has no buttons.' : 'Only staff may send buttons.';
    sendError(ctx, ws, 'forbidden', { message, ref: frame.id });
    return false;
  }
  const rating = frame.rating;
  if (rating === undefined) return true;
  if (peer.role !== 'visitor') {
    sendError(ctx, ws, 'forbidden', { message: 'Only the visitor may rate their conversation.', ref: frame.id });
    return false;
  }
  if (frame.id !== `rating-${rating.seq}`) {
    sendError(ctx, ws, 'bad_frame', {
      message: `Invalid send frame: id: a rating of seq ${rating.seq} has the id rating-${rating.seq}.`,
      ref: frame.id,
    });
    return false;
  }
  const [asked] = await ctx.store.messagesAfter(peer.conversationId, rating.seq - 1, 1);
  if (asked?.seq !== rating.seq || asked.author.role !== 'bot' || asked.automation !== 'csat') {
    sendError(ctx, ws, 'not_found', { message: `No rating request at seq ${rating.seq}.`, ref: frame.id });
    return false;
  }
  return true;
}
