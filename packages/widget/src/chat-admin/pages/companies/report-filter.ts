import type { ReportFilter } from '../../outlets.js';

/**
 * Its filter of the Reports page (pages/reports/report-filters.ts): a company of the site, or none, the reports'
 * `company` parameter (the conversation list's, docs/companies.md), shown to the members who may read reports.
 */
export const reportFilter: ReportFilter = {
  tag: 'chat-admin-company-filter',
  rank: 20,
  params: ['company'],
  load: async () => (await import('./chat-admin-company-filter.component.js')).ChatAdminCompanyFilter,
  permission: 'reports.view',
};
