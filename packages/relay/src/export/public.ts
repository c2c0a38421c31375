/**
 * What other features may import of the export (docs/architecture.md, "Boundaries"): the point a feature contributes
 * its section of a contact's export to, and its types.
 */
export { exportSections } from './export-points.js';
export type { ExportSection, ExportSectionContext } from './export-points.js';
