import type { DeleteRequestFrame, EditRequestFrame } from '@parley/protocol';
import { conversationFor } from '../ws/conversation-access.js';
import { frameHandler, type FrameHandler } from '../ws/frame-handler.js';
import { isClosed, sendError, sendFrame } from '../ws/outbound.js';
import { olderProtocol } from '../ws/protocol-versions.js';
import type { MessageEdits } from './message-edits.js';

/**
 * A staff member's `edit` or `delete` of their own message (the edits feature decides and tells everyone else;
 * docs/protocol.md, "Editing and deleting"): answered by an `update` with the frame's `ref`, or by an `error` that
 * changed nothing. Visitors may not (`forbidden`); a connection of an older protocol is told it needs 3
 * (`bad_frame`), as it could not read the answer. The feature's handler of the socket's `edit` and `delete` frames
 * (`frames` in its parts); a staff API token needs `write`.
 */
export function editFrames(edits: MessageEdits): FrameHandler {
  return frameHandler<EditRequestFrame | DeleteRequestFrame>({
    types: ['edit', 'delete'],
    scope: 'write',
    handle: async (ctx, ws, peer, frame) => {
      const { ref } = frame;
      if (peer.role !== 'staff')
        return sendError(ctx, ws, 'forbidden', { message: 'Only staff may edit or delete messages.', ref });
      if (olderProtocol(ws) !== undefined)
        return sendError(ctx, ws, 'bad_frame', {
          message: `${frame.type} needs protocol 3: connect with parley.v3.`,
          ref,
        });
      const conversation = await conversationFor(ctx, ws, peer, frame.conversationId, ref);
      if (!conversation) return;
      const result = await edits.change(
        { siteId: peer.site.id, staffId: peer.staff.id },
        conversation.id,
        frame.messageId,
        frame.type === 'edit' ? frame.text : null,
      );
      if (isClosed(ws)) return;
      if ('code' in result) return sendError(ctx, ws, result.code, { message: result.message, ref });
      sendFrame(ctx, ws, { type: 'update', ref, message: result.message });
    },
  });
}
