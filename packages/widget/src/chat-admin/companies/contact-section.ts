import type { OutletEntry } from '../outlets.js';

/** The contact's company (docs/companies.md), shown and set in place, between the duplicates and the attributes. */
export const contactSection: OutletEntry = {
  tag: 'chat-admin-company-card',
  rank: 15,
  load: async () => (await import('./chat-admin-company-card.component.js')).ChatAdminCompanyCard,
};
