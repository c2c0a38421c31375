/** Roles and permissions on SQLite (issue #41, docs/accounts.md); PostgreSQL runs the same suite. */
import { rolesSuite } from './support/roles-suite.js';

rolesSuite('SQLite', () => ({}));
