/** Rules and macros' security findings (issue #80) on PostgreSQL: the same suite as SQLite's. */
import { after } from 'node:test';
import { rulesSecuritySuite } from '../test/support/rules-security-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_rules_security');

rulesSecuritySuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('one')).connectionString,
}));

after(() => schemas.dropAll());
