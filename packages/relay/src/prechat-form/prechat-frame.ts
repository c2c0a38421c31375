import type { PrechatGivenFrame } from '@parley/protocol';
import { frameHandler, type FrameHandler } from '../ws/frame-handler.js';
import { isClosed, sendError, sendFrame } from '../ws/outbound.js';
import { PrechatRefusal, type PrechatForms } from './prechat-forms.js';

/**
 * A visitor gives the values of the site's pre-chat form (issue #86): checked against the form (every key one of its
 * fields, each value its field's type, options and bounds, an attribute's its definition's, every required field
 * given), then kept as the hello's name and email are (on the contact, once the visitor writes) and the contact
 * attributes as the visitor's claim (unverified: never over a value staff or the site's signature set). Answered
 * with `prechat` once taken; refused with `bad_frame` naming the field (`Invalid values.phone: …`), nothing kept, or
 * `forbidden` for staff.
 */
export function prechatFrame(forms: PrechatForms): FrameHandler {
  return frameHandler<PrechatGivenFrame>({
    types: ['prechat'],
    handle: async (ctx, ws, peer, frame) => {
      const { ref } = frame;
      if (peer.role !== 'visitor')
        return sendError(ctx, ws, 'forbidden', { message: 'The pre-chat form is for visitors.', ref });
      let checked;
      try {
        checked = await forms.check(peer.site.id, frame.values);
      } catch (error) {
        if (error instanceof PrechatRefusal)
          return sendError(ctx, ws, 'bad_frame', { message: `Invalid ${error.field}: ${error.message}.`, ref });
        throw error;
      }
      if (isClosed(ws)) return;
      // What the site gives of an identified visitor stays the site's word.
      const site = peer.profile.verified;
      const name = site && peer.profile.name !== undefined ? undefined : checked.name;
      const email = site && peer.profile.email !== undefined ? undefined : checked.email;
      if (name !== undefined) peer.profile = { ...peer.profile, name };
      if (email !== undefined) peer.profile = { ...peer.profile, email: ctx.core.sealEmail(email) };
      const values = checked.attributes;
      ctx.core.visitorSeen(
        peer.seen(
          ws.getUserData().userAgent,
          email,
          undefined,
          Object.keys(values).length > 0 ? { values, signed: false } : undefined,
        ),
      );
      sendFrame(ctx, ws, { type: 'prechat', ref });
    },
  });
}
