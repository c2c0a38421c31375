import type { ContinueRequestFrame, ConversationsRequestFrame, PastRequestFrame } from '@parley/protocol';
import { randomId } from '../auth/tokens.js';
import { frameHandler, type FrameHandler } from '../ws/frame-handler.js';
import { isClosed, sendError, sendFrame, signedPage } from '../ws/outbound.js';
import type { VisitorHistoryRepository } from './visitor-history-repository.js';

/** How many messages a `past` page holds unless the frame asks fewer. */
const PAST_MESSAGES = 50;

/**
 * A visitor's past conversations over the chat socket (docs/protocol.md, "Past conversations"): `conversations`
 * lists their own on this site, `past` reads one of them (a `history` page, notes never), `continue` hands them a
 * visitor token naming one of them, or a new one, to say hello again with. The visitor is who the connection's
 * hello proved: an identified visitor by the site's identity hash (their visitor id is made from it), an anonymous
 * one by their visitor token. A conversation of anyone else, of another site, or erased is `not_found`, the same
 * answer as one that never was. Staff have the inbox: `forbidden`.
 */
export function visitorHistoryFrames(repository: VisitorHistoryRepository): FrameHandler {
  return frameHandler<ConversationsRequestFrame | PastRequestFrame | ContinueRequestFrame>({
    types: ['conversations', 'past', 'continue'],
    handle: async (ctx, ws, peer, frame) => {
      const { ref } = frame;
      if (peer.role !== 'visitor')
        return sendError(ctx, ws, 'forbidden', { message: 'Past conversations are for visitors.', ref });
      const { site, visitorId } = peer;
      if (frame.type === 'conversations') {
        const page = await repository.page(site.id, visitorId, frame.before);
        if (isClosed(ws)) return;
        return void sendFrame(ctx, ws, { type: 'conversations', ref, ...page });
      }
      const named = frame.conversationId;
      if (named !== undefined && named !== peer.conversationId) {
        const owned = await repository.owns(site.id, visitorId, named);
        if (isClosed(ws)) return;
        if (!owned) return sendError(ctx, ws, 'not_found', { message: 'No such conversation of yours.', ref });
      }
      if (frame.type === 'continue') {
        const conversationId = named ?? randomId('c');
        const visitorToken = ctx.visitorTokens.sign({
          siteId: site.id,
          visitorId,
          conversationId,
          ...(named === undefined && { fresh: true }),
        });
        return void sendFrame(ctx, ws, { type: 'continue', ref, conversationId, visitorToken });
      }
      const limit = frame.limit ?? PAST_MESSAGES;
      const messages = await ctx.store.messagesBefore(
        frame.conversationId,
        frame.before ?? Number.MAX_SAFE_INTEGER,
        limit + 1,
      );
      if (isClosed(ws)) return;
      const hasMore = messages.length > limit;
      if (hasMore) messages.shift();
      sendFrame(ctx, ws, {
        type: 'history',
        ref,
        conversationId: frame.conversationId,
        messages: signedPage(ctx, messages),
        hasMore,
      });
    },
  });
}
