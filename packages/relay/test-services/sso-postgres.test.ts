/** Single sign-on on PostgreSQL (issue #41): its tables and queries in that dialect, the same suite as SQLite's. */
import { after } from 'node:test';
import { ssoDomainMailSuite } from '../test/support/sso-domain-mail-suite.js';
import { ssoSitesSuite } from '../test/support/sso-sites-suite.js';
import { ssoSuite } from '../test/support/sso-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_sso');

ssoSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('one')).connectionString,
}));

ssoSitesSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('sites')).connectionString,
}));

// A schema per desk: the suite starts two.
ssoDomainMailSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create()).connectionString,
}));

after(() => schemas.dropAll());
