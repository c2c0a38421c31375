import type { OutletEntry } from '../../outlets.js';

/**
 * Its section of the Reports page (pages/reports/report-sections.ts): the SLA attainment of the page's range and
 * filters, shown to the members who may read it (the attainment route's permission).
 */
export const reportSection: OutletEntry = {
  tag: 'chat-admin-sla-report',
  rank: 10,
  load: async () => (await import('./chat-admin-sla-report.component.js')).ChatAdminSlaReport,
  permission: 'reports.view',
};
