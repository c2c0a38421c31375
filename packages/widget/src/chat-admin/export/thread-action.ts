import type { OutletEntry } from '../outlets.js';

/** Export (print, save as PDF), in the open conversation's header. */
export const threadAction: OutletEntry = {
  tag: 'chat-admin-export',
  rank: 30,
  load: async () => (await import('./chat-admin-export.component.js')).ChatAdminExport,
};
