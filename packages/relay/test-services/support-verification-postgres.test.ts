/** Support addresses confirmed by the code mailed to them (issue #80) on PostgreSQL: the SQLite suite. */
import { after } from 'node:test';
import { supportVerificationSuite } from '../test/support/support-verification-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_support_verify');
after(() => schemas.dropAll());

supportVerificationSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('one');
  return { store: 'postgres', databaseUrl: connectionString };
});
