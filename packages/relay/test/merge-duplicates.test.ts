/** Merge's likely duplicates and its one-step merge on SQLite (docs/merge.md); PostgreSQL runs the same suite. */
import { duplicatesSuite } from './support/duplicates-suite.js';

duplicatesSuite('SQLite', () => ({}));
