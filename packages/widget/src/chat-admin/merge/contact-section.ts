import type { OutletEntry } from '../outlets.js';

/** A likely duplicate of the contact, one click from its merge (issue #81; for those who may merge contacts). */
export const contactSection: OutletEntry = {
  tag: 'chat-admin-duplicates',
  rank: 10,
  /** Its call (`GET /v1/admin/contacts/{id}/duplicates`) takes it: others never fetch its chunk. */
  permission: 'contacts.manage',
  load: async () => (await import('./chat-admin-duplicates.component.js')).ChatAdminDuplicates,
};
