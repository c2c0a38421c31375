/**
 * Text kept exactly as acknowledged, against PostgreSQL (whose text type cannot hold U+0000 at all): the
 * contract of test/verbatim-contract.ts, on a fresh schema of the test database.
 */
import { after } from 'node:test';
import { verbatimContract } from '../test/verbatim-contract.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_verbatim');
after(() => schemas.dropAll());

verbatimContract('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create()).connectionString,
}));
