/**
 * What other features may import of the merge (docs/architecture.md, "Boundaries"): the point a feature contributes
 * its per-contact data to, so that a merge of two contacts carries it and its undo puts it back, and its types.
 */
export { mergeContactData, movedContactRows } from './merge-points.js';
export type { ContactData, ContactPair } from './merge-points.js';
