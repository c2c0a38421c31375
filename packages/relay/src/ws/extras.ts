import type { SendFrame } from '@parley/protocol';
import type { Peer, Socket } from './connection.js';
import { sendError } from './outbound.js';
import type { WsContext } from './ws-context.js';

/**
 * Checks a `send` with protocol 2's members: quick-reply `buttons` (staff only), a `rating` (a visitor answering a
 * rating request of their conversation, once: its id must be `rating-<seq>`, and the store keeps one message per
 * id) or a `reply` (a visitor choosing a button of a bot's or staff message of their conversation, once per
 * message: its id must be `reply-<seq>`). Resolves true when the send may go on as any other; otherwise the error
 * has been sent, nothing stored.
 */
export async function extrasAllowed(ctx: WsContext, ws: Socket, peer: Peer, frame: SendFrame): Promise<boolean> {
  if (frame.buttons !== undefined && (peer.role !== 'staff' || frame.note)) {
    const message = peer.role === 'staff' ? 'A note has no buttons.' : 'Only staff may send buttons.';
    sendError(ctx, ws, 'forbidden', { message, ref: frame.id });
    return false;
  }
  if (frame.reply !== undefined && !(await replyAllowed(ctx, ws, peer, frame, frame.reply))) return false;
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

/** A visitor's choice of a button: their own conversation's bot or staff message at `reply.seq` has that button. */
async function replyAllowed(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  frame: SendFrame,
  reply: NonNullable<SendFrame['reply']>,
): Promise<boolean> {
  if (peer.role !== 'visitor' || frame.rating !== undefined) {
    const message =
      peer.role === 'visitor' ? 'A rating is not a button choice.' : 'Only the visitor may choose a button.';
    sendError(ctx, ws, 'forbidden', { message, ref: frame.id });
    return false;
  }
  if (frame.id !== `reply-${reply.seq}`) {
    sendError(ctx, ws, 'bad_frame', {
      message: `Invalid send frame: id: a choice of a button of seq ${reply.seq} has the id reply-${reply.seq}.`,
      ref: frame.id,
    });
    return false;
  }
  // The visitor's own conversation only: `conversationId` may name no other (checked here before any read).
  if (frame.conversationId !== undefined && frame.conversationId !== peer.conversationId) {
    sendError(ctx, ws, 'forbidden', { message: 'A button of another conversation.', ref: frame.id });
    return false;
  }
  const [asked] = await ctx.store.messagesAfter(peer.conversationId, reply.seq - 1, 1);
  const byUs = asked?.author.role === 'bot' || asked?.author.role === 'staff';
  if (asked?.seq !== reply.seq || !byUs || !asked.buttons?.some((button) => button.id === reply.id)) {
    sendError(ctx, ws, 'not_found', {
      message: `No button ${reply.id} on a message at seq ${reply.seq} of this conversation.`,
      ref: frame.id,
    });
    return false;
  }
  return true;
}
