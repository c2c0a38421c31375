import type { OutletEntry } from '../outlets.js';

/** "Merge into…", in the open conversation's header. */
export const threadAction: OutletEntry = {
  tag: 'chat-admin-merge',
  rank: 40,
  load: async () => (await import('./chat-admin-merge.component.js')).ChatAdminMerge,
};
