import type { ComposerTool } from '../outlets.js';

/**
 * WhatsApp's 24-hour window above the composer of a WhatsApp conversation: whether free text may be sent, and the
 * number's approved templates to send instead (issue #84). Its own chunk, fetched with the composer.
 */
export const composerTools: readonly ComposerTool[] = [
  {
    tag: 'chat-admin-whatsapp',
    place: 'above',
    rank: 5,
    load: async () => (await import('./chat-admin-whatsapp.component.js')).ChatAdminWhatsApp,
  },
];
