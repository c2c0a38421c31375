/** Who sees what on PostgreSQL (issue #41): the scope's conditions in that dialect, the same suite as SQLite's. */
import { after } from 'node:test';
import { visibilitySuite } from '../test/support/visibility-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_visibility');

visibilitySuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('one')).connectionString,
}));

after(() => schemas.dropAll());
