/** Merge's likely duplicates and its one-step merge on PostgreSQL (docs/merge.md): the SQLite suite, here. */
import { after } from 'node:test';
import { duplicatesSuite } from '../test/support/duplicates-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_duplicates');
after(() => schemas.dropAll());

duplicatesSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('one');
  return { store: 'postgres', databaseUrl: connectionString };
});
