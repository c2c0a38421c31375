/**
 * What other features may import of saved views (docs/architecture.md, "Boundaries"): the point a feature
 * contributes a view criterion to, and its types.
 */
export { viewFilters } from './view-points.js';
export type { ViewCriterion, ViewCriterionContext } from './view-points.js';
