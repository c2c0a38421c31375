import type { DeliveredRequestFrame, ReadRequestFrame, ServerFrame, TypingRequestFrame } from '@parley/protocol';
import type { ConversationRef } from '../core/conversation-cache.js';
import type { Peer, Socket } from './connection.js';
import { conversationFor, ownConversation } from './conversation-access.js';
import { storeFailed } from './outbound.js';
import type { WsContext } from './ws-context.js';

/** Runs `publish` for the conversation the frame names, once it is known that this connection may use it. */
function withConversation(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  requested: string | undefined,
  publish: (conversation: ConversationRef) => void,
): void {
  const own = ownConversation(peer, requested);
  if (own) {
    publish(own);
    return;
  }
  conversationFor(ctx, ws, peer, requested, undefined)
    .then((conversation) => conversation && publish(conversation))
    .catch((error: unknown) => storeFailed(ctx, ws, error, undefined));
}

/** A typing indicator: visitors' go to the site's staff; staff's to staff and the conversation's visitor. */
export function typing(ctx: WsContext, ws: Socket, peer: Peer, frame: TypingRequestFrame): void {
  withConversation(ctx, ws, peer, frame.conversationId, (conversation) => {
    const event = JSON.stringify({
      type: 'typing',
      conversationId: conversation.id,
      author: peer.author,
      active: frame.active,
    } satisfies ServerFrame);
    ctx.core.toStaff(peer.site.id, event);
    if (peer.role === 'staff') ctx.core.toConversation(conversation.id, event);
  });
}

/** A read receipt: stored (it only moves forward), then told to both sides. */
export async function read(ctx: WsContext, ws: Socket, peer: Peer, frame: ReadRequestFrame): Promise<void> {
  const conversation = await conversationFor(ctx, ws, peer, frame.conversationId, undefined);
  if (!conversation) return;
  const by = peer.role;
  const seq = await ctx.store.markRead(conversation.id, by, frame.seq);
  if (seq === undefined) return;
  const event = JSON.stringify({ type: 'read', conversationId: conversation.id, seq, by } satisfies ServerFrame);
  ctx.core.toStaff(conversation.siteId, event);
  ctx.core.toConversation(conversation.id, event);
  if (peer.role === 'staff') ctx.core.staffRead(peer.session, conversation.siteId, conversation.id, seq);
}

/** A delivery receipt: told to the other side, not stored. */
export function delivered(ctx: WsContext, ws: Socket, peer: Peer, frame: DeliveredRequestFrame): void {
  withConversation(ctx, ws, peer, frame.conversationId, (conversation) => {
    const by = peer.role;
    const event = JSON.stringify({
      type: 'delivered',
      conversationId: conversation.id,
      seq: frame.seq,
      by,
    } satisfies ServerFrame);
    if (by === 'staff') ctx.core.toConversation(conversation.id, event);
    else ctx.core.toStaff(conversation.siteId, event);
  });
}
