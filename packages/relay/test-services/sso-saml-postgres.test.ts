/** SAML single sign-on on PostgreSQL (issue #41): its tables and queries in that dialect, the same suite as SQLite's. */
import { after } from 'node:test';
import { samlSuite } from '../test/support/saml-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_saml');

samlSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('one')).connectionString,
}));

after(() => schemas.dropAll());
