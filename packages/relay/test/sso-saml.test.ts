/** SAML single sign-on on SQLite (the suite: `support/saml-suite.ts`; PostgreSQL's: `test-services/sso-saml-postgres.test.ts`). */
import { samlSuite } from './support/saml-suite.js';

samlSuite('SQLite', () => ({}));
