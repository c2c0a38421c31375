/** Merging conversations and contacts on SQLite (docs/merge.md); PostgreSQL runs the same suite. */
import { mergeSuite } from './support/merge-suite.js';

mergeSuite('SQLite', () => ({}));
