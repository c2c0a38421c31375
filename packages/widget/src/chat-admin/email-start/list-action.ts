import type { OutletEntry } from '../outlets.js';

/** Starting a conversation by email, above the conversation list (every member may, as any member may reply). */
export const listAction: OutletEntry = {
  tag: 'chat-admin-email-start',
  rank: 10,
  load: async () => (await import('./chat-admin-email-start.component.js')).ChatAdminEmailStart,
};
