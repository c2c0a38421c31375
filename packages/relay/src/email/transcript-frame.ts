import type { TranscriptRequestFrame } from '@parley/protocol';
import { frameHandler, type FrameHandler } from '../ws/frame-handler.js';
import { isClosed, sendError, sendFrame } from '../ws/outbound.js';
import { maxTranscriptsPerDay, type EmailFeature } from './email-feature.js';

/**
 * A visitor asks for their conversation's transcript by email: queued (answered with `transcript` and the address,
 * masked: the conversation's pinned address, see `EmailFeature.requestTranscript`), or refused with
 * `email_unavailable` (the relay sends no email), `no_email` (none is known for the visitor), `not_found` (nothing
 * written yet) or `rate_limited` (the conversation's transcripts for the day are used up). Staff have the inbox:
 * `forbidden`.
 */
export function transcriptFrame(email: EmailFeature): FrameHandler {
  return frameHandler<TranscriptRequestFrame>({
    types: ['transcript'],
    handle: async (ctx, ws, peer, frame) => {
      const { ref } = frame;
      if (peer.role !== 'visitor')
        return sendError(ctx, ws, 'forbidden', { message: 'Transcripts are for visitors.', ref });
      if (!email.enabled) return sendError(ctx, ws, 'email_unavailable', { ref });
      const answer = await email.requestTranscript(peer.site.id, peer.conversationId);
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
    },
  });
}
