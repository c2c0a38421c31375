import type { ReportFilter } from '../../outlets.js';

/**
 * Its filter of the Reports page (pages/reports/report-filters.ts): a custom attribute and its value, the reports'
 * `attribute` and `attributeValues` parameters (the conversation list's, docs/attributes.md), shown to the members who may read reports.
 */
export const reportFilter: ReportFilter = {
  tag: 'chat-admin-attribute-filter',
  rank: 10,
  params: ['attribute', 'attributeValues'],
  load: async () => (await import('./chat-admin-attribute-filter.component.js')).ChatAdminAttributeFilter,
  permission: 'reports.view',
};
