import type { OutletEntry } from '../outlets.js';

/** The conversation's and its contact's custom attributes, edited in place, after the other sections. */
export const contactSection: OutletEntry = {
  tag: 'chat-admin-attributes-card',
  rank: 20,
  load: async () => (await import('./chat-admin-attributes-card.component.js')).ChatAdminAttributesCard,
};
