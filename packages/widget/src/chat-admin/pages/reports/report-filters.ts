import { ranked, type ReportFilter } from '../../outlets.js';
import { CONTRIBUTED } from './report-filters.generated.js';

/**
 * The report filters outlet: what features add to the Reports page's filters (`<chat-admin-reports>`), a control
 * each after the page's own (Channel, Team, Assignee, Label) and before Split, each declared by its folder
 * (`report-filter.ts`, outlets.ts) and fetched in a chunk of its own the first time the page is shown; the page never
 * imports the feature. Each sets query parameters its feature adds to the conversation list (`params`: custom
 * attributes' `attribute`, companies' `company`), which the reports' routes take as well. At every render the page
 * sets on each filter's element what a page element gets (`api`, `strings`, `inbox`, `theme`) and `params`, the
 * values of its own parameters; the element answers a choice with `chat-report-filter-change`
 * (report-filter-event.ts), and the page keeps the values with its other filters and passes them on (the report, its
 * exports, the sections' `query.listFilters`).
 */
export const REPORT_FILTERS: readonly ReportFilter[] = ranked(CONTRIBUTED);

/** Every parameter the filters set: the page keeps no other in the history entry. */
export const REPORT_FILTER_PARAMS: ReadonlySet<string> = new Set(REPORT_FILTERS.flatMap(({ params }) => params));
