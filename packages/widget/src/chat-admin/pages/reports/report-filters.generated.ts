// Written by scripts/contributions.mjs from the folders' report-filter.ts: do not edit.
import type { ReportFilter } from '../../outlets.js';
import { reportFilter as attributesReportFilter } from '../attributes/report-filter.js';
import { reportFilter as companiesReportFilter } from '../companies/report-filter.js';

/** The report filters the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly ReportFilter[] = [attributesReportFilter, companiesReportFilter];
