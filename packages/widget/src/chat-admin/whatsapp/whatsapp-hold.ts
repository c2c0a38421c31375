import type { SendCheck } from '../outlets.js';
import { whatsappEn, type WhatsAppStrings } from './whatsapp-strings.js';
import { whatsappWindow } from './whatsapp-window.js';

/**
 * The composer's hold for a WhatsApp conversation (composer-hold.ts): held, with why, outside the 24-hour window; open
 * until the window's end (asked again then). Nothing to say for a conversation no WhatsApp number opened.
 */
export const whatsappHold: SendCheck = async (conversation, inbox) => {
  // Only a conversation of a messaging channel (recorded as `api`) may be WhatsApp's: no request for the others.
  if (conversation.channel !== 'api' || !inbox.api) return undefined;
  const state = await whatsappWindow(inbox.api, conversation.id, conversation.updatedAt);
  if (state.channelId === null) return undefined;
  if (state.window.open) return state.window.closesAt === null ? {} : { until: state.window.closesAt };
  const texts: WhatsAppStrings = {
    ...whatsappEn,
    ...(inbox.strings as { whatsapp?: Partial<WhatsAppStrings> }).whatsapp,
  };
  return { held: texts.whatsappHeld };
};
