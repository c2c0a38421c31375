/** Who sees what on SQLite (issue #41, docs/accounts.md); PostgreSQL runs the same suite. */
import { visibilitySuite } from './support/visibility-suite.js';

visibilitySuite('SQLite', () => ({}));
