/** Rules and macros' security findings (issue #80) on SQLite; PostgreSQL runs the same suite. */
import { rulesSecuritySuite } from './support/rules-security-suite.js';

rulesSecuritySuite('SQLite', () => ({}));
