import type { OutletEntry } from '../outlets.js';

/** A likely duplicate of the contact, one click from its merge (issue #81; for those who may merge contacts). */
export const contactSection: OutletEntry = {
  tag: 'chat-admin-duplicates',
  rank: 10,
  load: async () => (await import('./chat-admin-duplicates.component.js')).ChatAdminDuplicates,
};
