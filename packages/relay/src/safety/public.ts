/**
 * What other features may import of the safety feature's modules (docs/architecture.md, "Boundaries"):
 * the compiled patterns a rule or a filter matches text with, and the refusal of a malformed one.
 */
export type { PatternFindings } from './filter-patterns.js';
export { FilterPatterns, patternError } from './filter-patterns.js';
