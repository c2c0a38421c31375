import type { OutletEntry } from '../outlets.js';

/** The open conversation's SLA clocks, in its header. */
export const threadAction: OutletEntry = {
  tag: 'chat-admin-sla-clocks',
  rank: 15,
  load: async () => (await import('./chat-admin-sla-clocks.component.js')).ChatAdminSlaClocks,
};
