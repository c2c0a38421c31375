/** Roles and permissions on PostgreSQL (issue #41): the roles' tables in that dialect, the same suite as SQLite's. */
import { after } from 'node:test';
import { rolesSuite } from '../test/support/roles-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_roles');

rolesSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('one')).connectionString,
}));

after(() => schemas.dropAll());
