import type { ComposerTool } from '../outlets.js';

/**
 * Send later: the conversation's scheduled messages, editable and cancellable, above the reply form,
 * and the *Send later* menu beside Send. One chunk for both (chat-admin-scheduled.component.ts defines both).
 */
export const composerTools: readonly ComposerTool[] = [
  {
    tag: 'chat-admin-scheduled',
    place: 'above',
    rank: 10,
    load: async () => (await import('./chat-admin-scheduled.component.js')).ChatAdminScheduled,
  },
  {
    tag: 'chat-admin-send-later',
    place: 'send',
    rank: 10,
    load: async () => (await import('./chat-admin-scheduled.component.js')).ChatAdminSendLater,
  },
];
