import type { ConversationRef } from '../core/conversation-cache.js';
import type { Peer, Socket } from './connection.js';
import { isClosed, sendError } from './outbound.js';
import type { WsContext } from './ws-context.js';

/**
 * The conversation a frame addresses, if this connection may use it. Visitors may only name their own; staff any
 * of their site's that they may see. Answers with an error frame and resolves `undefined` otherwise.
 */
export async function conversationFor(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  requested: string | undefined,
  ref: string | undefined,
): Promise<ConversationRef | undefined> {
  if (peer.role === 'visitor') {
    // A message queued for a conversation since merged into this one (docs/merge.md) is stored here.
    if (
      requested !== undefined &&
      requested !== peer.conversationId &&
      ctx.core.mergedInto(requested) !== peer.conversationId
    ) {
      sendError(ctx, ws, 'forbidden', { message: 'Visitors may only use their own conversation.', ref });
      return undefined;
    }
    return peer.conversation;
  }
  if (requested === undefined) {
    sendError(ctx, ws, 'bad_frame', { message: 'Staff must name the conversationId.', ref });
    return undefined;
  }
  const conversation = await ctx.core.conversations.get(requested);
  if (isClosed(ws)) return undefined;
  // One the member may not see (issue #41) is answered as one that does not exist: its existence is not theirs to learn.
  const visible =
    conversation !== undefined &&
    conversation.siteId === peer.site.id &&
    (peer.scope.all || (await ctx.scopes.visible(peer.site.id, peer.scope, conversation.id)));
  if (isClosed(ws)) return undefined;
  if (!visible) {
    sendError(ctx, ws, 'not_found', { message: 'No such conversation on this site.', ref });
    return undefined;
  }
  return conversation;
}

/** The visitor's own conversation when the frame names it or none; `undefined` when a look-up is needed. */
export function ownConversation(peer: Peer, requested: string | undefined): ConversationRef | undefined {
  return peer.role === 'visitor' && (requested === undefined || requested === peer.conversationId)
    ? peer.conversation
    : undefined;
}
