import type { ComposerHold } from '../outlets.js';

/**
 * WhatsApp's 24-hour window holds Send in a WhatsApp conversation whose customer last wrote more than 24 hours ago:
 * only an approved template may go then (the window's tool above the composer sends one). Its own chunk.
 */
export const composerHold: ComposerHold = {
  rank: 10,
  load: async () => (await import('./whatsapp-hold.js')).whatsappHold,
};
