import type { TranscriptRequestFrame } from '@parley/protocol';
import { maxTranscriptsPerDay } from '../email/email-feature.js';
import type { Peer, Socket } from './connection.js';
import { isClosed, sendError, sendFrame } from './outbound.js';
import type { WsContext } from './ws-context.js';

/**
 * A visitor asks for their conversation's transcript by email: queued (answered with `transcript` and the address,
 * masked: the conversation's pinned address, see `EmailFeature.requestTranscript`), or refused with
 * `email_unavailable` (the relay sends no email), `no_email` (none is known for the visitor), `not_found` (nothing
 * written yet) or `rate_limited` (the conversation's transcripts for the day are used up). Staff have the inbox:
 * `forbidden`.
 */
export async function transcript(ctx: WsContext, ws: Socket, peer: Peer, frame: TranscriptRequestFrame): Promise<void> {
  const { ref } = frame;
  if (peer.role !== 'visitor')
    return sendError(ctx, ws, 'forbidden', { message: 'Transcripts are for visitors.', ref });
  if (!ctx.email?.enabled) return sendError(ctx, ws, 'email_unavailable', { ref });
  const answer = await ctx.email.requestTranscript(peer.site.id, peer.conversationId);
  if (isClosed(ws)) return;
  if (!answer.ok) {
    const message =
      answer.code === 'not_found'
        ? 'The conversation has no message yet.'
        : answer.code === 'rate_limited'
          ? `A conversation gets at most ${maxTranscriptsPerDay} transcripts a day.`
          : undefined;
    return sendError(ctx, ws, answer.code, { ref, ...(message ? { message } : {}) });
  }
  sendFrame(ctx, ws, { type: 'transcript', ref, emailMasked: answer.emailMasked });
}
