import type { OutletEntry } from '../../outlets.js';

/**
 * Its section of the Reports page (pages/reports/report-sections.ts): what visitors answered to "Did this help?" per
 * article over the page's range, for the members who may read reports (the feedback route's permission).
 */
export const reportSection: OutletEntry = {
  tag: 'chat-admin-help-feedback',
  rank: 30,
  load: async () => (await import('./chat-admin-help-feedback.component.js')).ChatAdminHelpFeedback,
  permission: 'reports.view',
};
