/** Single sign-on on SQLite (the suite: `support/sso-suite.ts`; PostgreSQL's: `test-services/sso-postgres.test.ts`). */
import { ssoSuite } from './support/sso-suite.js';

ssoSuite('SQLite', () => ({}));
