import type { EmailGivenFrame } from '@parley/protocol';
import { frameHandler, type FrameHandler } from '../ws/frame-handler.js';
import { isClosed, sendError, sendFrame } from '../ws/outbound.js';
import { isAddress } from './conversation-emails.js';
import type { EmailFeature } from './email-feature.js';

/**
 * A visitor gives the email to reach them at, mid-conversation (issue #36): it becomes their contact's email — the
 * one reply emails and transcripts go to — and their messages' from now on, without a reconnect. Answered with
 * `email` and the address masked once stored; refused, with nothing changed, with `invalid_email` (not one address,
 * or longer than 254 characters), `email_unavailable` (the relay sends no email: nothing would use it) or
 * `forbidden` (staff; a verified visitor whose email the site gives; a contact whose email staff removed, which the
 * chat does not bring back).
 */
export function visitorEmailFrame(email: EmailFeature): FrameHandler {
  return frameHandler<EmailGivenFrame>({
    types: ['email'],
    handle: async (ctx, ws, peer, frame) => {
      const { ref } = frame;
      if (peer.role !== 'visitor') return sendError(ctx, ws, 'forbidden', { message: 'Emails are for visitors.', ref });
      if (!email.enabled) return sendError(ctx, ws, 'email_unavailable', { ref });
      const address = frame.email.trim();
      if (!isAddress(address)) return sendError(ctx, ws, 'invalid_email', { ref });
      if (peer.profile.verified && peer.profile.email !== undefined)
        return sendError(ctx, ws, 'forbidden', { message: 'The site gives this visitor’s email.', ref });
      peer.profile = { ...peer.profile, email: ctx.core.sealEmail(address) };
      ctx.core.visitorSeen(peer.seen(ws.getUserData().userAgent, address));
      const emailMasked = await email.visitorEmailGiven(peer.site.id, peer.conversationId, address);
      if (isClosed(ws)) return;
      if (emailMasked === undefined)
        return sendError(ctx, ws, 'forbidden', {
          message: 'Staff removed this visitor’s email; it is not taken from the chat.',
          ref,
        });
      sendFrame(ctx, ws, { type: 'email', ref, emailMasked });
    },
  });
}
