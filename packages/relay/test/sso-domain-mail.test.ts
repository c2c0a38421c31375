/** A single sign-on domain verified by a mailed code (issue #80) on SQLite; PostgreSQL runs the same suite. */
import { ssoDomainMailSuite } from './support/sso-domain-mail-suite.js';

ssoDomainMailSuite('SQLite', () => ({}));
