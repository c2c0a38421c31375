/**
 * The values of a report filter's query parameters (pages/reports/report-filters.ts), by name: a parameter without a
 * value is absent (the filter narrows nothing by it).
 */
export type ReportParams = Readonly<Record<string, string>>;

/** The `detail` of `chat-report-filter-change`. */
export interface ReportFilterChange {
  /** The values of the filter's parameters now (of its own only; those absent are cleared). */
  readonly params: ReportParams;
  /**
   * The choice in the member's words (`Plan: Pro`, `Acme Inc.`), for the page's line of filters; absent when the
   * filter narrows nothing. A filter sends it again, with the same `params`, once it has the names of a kept choice.
   */
  readonly summary?: string;
}

/**
 * The event a report filter's element dispatches when its choice changes (or its words for it do): it bubbles and
 * crosses shadow roots, to the Reports page, which reads the report again when the values changed.
 *
 * @example
 * this.dispatchEvent(reportFilterChange({ params: { company: 'co_1' }, summary: 'Acme Inc.' }));
 */
export function reportFilterChange(detail: ReportFilterChange): CustomEvent<ReportFilterChange> {
  return new CustomEvent('chat-report-filter-change', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-report-filter-change': CustomEvent<ReportFilterChange>;
  }
}
