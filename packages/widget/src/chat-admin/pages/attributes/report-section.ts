import type { OutletEntry } from '../../outlets.js';

/**
 * Its section of the Reports page (pages/reports/report-sections.ts): conversations of the page's range by a list or
 * checkbox attribute's value, for the members who may read reports.
 */
export const reportSection: OutletEntry = {
  tag: 'chat-admin-attribute-breakdown',
  rank: 20,
  load: async () => (await import('./chat-admin-attribute-breakdown.component.js')).ChatAdminAttributeBreakdown,
  permission: 'reports.view',
};
