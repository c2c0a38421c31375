// Written by scripts/contributions.mjs from the folders' report-section.ts: do not edit.
import type { OutletEntry } from '../../outlets.js';
import { reportSection as attributesReportSection } from '../attributes/report-section.js';
import { reportSection as helpReportSection } from '../help/report-section.js';
import { reportSection as slaReportSection } from '../sla/report-section.js';

/** The report sections the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly OutletEntry[] = [attributesReportSection, helpReportSection, slaReportSection];
