import type { DeleteRequestFrame, EditRequestFrame } from '@parley/protocol';
import type { Peer, Socket } from './connection.js';
import { conversationFor } from './conversation-access.js';
import { isClosed, sendError, sendFrame } from './outbound.js';
import { olderProtocol } from './protocol-versions.js';
import type { WsContext } from './ws-context.js';

/**
 * A staff member's `edit` or `delete` of their own message (the edits feature decides and tells everyone else;
 * docs/protocol.md, "Editing and deleting"): answered by an `update` with the frame's `ref`, or by an `error` that
 * changed nothing. Visitors may not (`forbidden`); a connection of an older protocol is told it needs 3
 * (`bad_frame`), as it could not read the answer.
 */
export async function messageEdit(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  frame: EditRequestFrame | DeleteRequestFrame,
): Promise<void> {
  const { ref } = frame;
  if (peer.role !== 'staff')
    return sendError(ctx, ws, 'forbidden', { message: 'Only staff may edit or delete messages.', ref });
  if (olderProtocol(ws) !== undefined)
    return sendError(ctx, ws, 'bad_frame', { message: `${frame.type} needs protocol 3: connect with parley.v3.`, ref });
  if (!ctx.edits) return sendError(ctx, ws, 'unknown_frame', { ref });
  const conversation = await conversationFor(ctx, ws, peer, frame.conversationId, ref);
  if (!conversation) return;
  const result = await ctx.edits.change(
    { siteId: peer.site.id, staffId: peer.staff.id },
    conversation.id,
    frame.messageId,
    frame.type === 'edit' ? frame.text : null,
  );
  if (isClosed(ws)) return;
  if ('code' in result) return sendError(ctx, ws, result.code, { message: result.message, ref });
  sendFrame(ctx, ws, { type: 'update', ref, message: result.message });
}
