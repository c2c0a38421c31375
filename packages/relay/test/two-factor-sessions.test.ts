/** A site's two-factor rule checked on the session (issue #80), on SQLite; PostgreSQL runs the same suite. */
import { twoFactorSessionsSuite } from './support/two-factor-sessions-suite.js';

twoFactorSessionsSuite('SQLite', () => ({}));
