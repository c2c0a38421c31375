import { ranked, type OutletEntry } from '../../outlets.js';
import { CONTRIBUTED } from './report-sections.generated.js';

/**
 * The report sections outlet: what features add to the Reports page, a card each under the page's own figures
 * (`<chat-admin-reports>`), each declared by its folder (`report-section.ts`, outlets.ts) and fetched in a chunk of
 * its own the first time the page is shown; the page never imports the feature. At every render the page sets on
 * each section's element what a page element gets (`api`, `strings`, `inbox`, `theme`) and `query`, the range and
 * filters of the figures it shows (a `ReportQuery`: `from`, `to`, `bucket`, `tz`, and `channel`, `team`, `agent`,
 * `label`, `split`, and the report filters' parameters as `listFilters` (report-filters.ts), when chosen), a new object
 * only when they change: the section reads its own figures for them.
 */
export const REPORT_SECTIONS: readonly OutletEntry[] = ranked(CONTRIBUTED);
