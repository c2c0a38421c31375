import type { EmailGivenFrame } from '@parley/protocol';
import { isAddress } from '../email/conversation-emails.js';
import type { Peer, Socket } from './connection.js';
import { isClosed, sendError, sendFrame } from './outbound.js';
import type { WsContext } from './ws-context.js';

/**
 * A visitor gives the email to reach them at, mid-conversation (issue #36): it becomes their contact's email — the
 * one reply emails and transcripts go to — and their messages' from now on, without a reconnect. Answered with
 * `email` and the address masked once stored; refused, with nothing changed, with `invalid_email` (not one address,
 * or longer than 254 characters), `email_unavailable` (the relay sends no email: nothing would use it) or
 * `forbidden` (staff; a verified visitor whose email the site gives; a contact whose email staff removed, which the
 * chat does not bring back).
 */
export async function visitorEmail(ctx: WsContext, ws: Socket, peer: Peer, frame: EmailGivenFrame): Promise<void> {
  const { ref } = frame;
  if (peer.role !== 'visitor') return sendError(ctx, ws, 'forbidden', { message: 'Emails are for visitors.', ref });
  if (!ctx.email?.enabled) return sendError(ctx, ws, 'email_unavailable', { ref });
  const email = frame.email.trim();
  if (!isAddress(email)) return sendError(ctx, ws, 'invalid_email', { ref });
  if (peer.profile.verified && peer.profile.email !== undefined)
    return sendError(ctx, ws, 'forbidden', { message: 'The site gives this visitor’s email.', ref });
  peer.profile = { ...peer.profile, email: ctx.core.sealEmail(email) };
  ctx.core.visitorSeen(peer.seen(ws.getUserData().userAgent, email));
  const emailMasked = await ctx.email.visitorEmailGiven(peer.site.id, peer.conversationId, email);
  if (isClosed(ws)) return;
  if (emailMasked === undefined)
    return sendError(ctx, ws, 'forbidden', {
      message: 'Staff removed this visitor’s email; it is not taken from the chat.',
      ref,
    });
  sendFrame(ctx, ws, { type: 'email', ref, emailMasked });
}
