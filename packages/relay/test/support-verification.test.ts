/** Support addresses confirmed by the code mailed to them (issue #80) on SQLite; PostgreSQL runs the same suite. */
import { supportVerificationSuite } from './support/support-verification-suite.js';

supportVerificationSuite('SQLite', () => ({}));
