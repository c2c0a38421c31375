/** A site's two-factor rule checked on the session on PostgreSQL (issue #80): the sessions' column in that dialect. */
import { after } from 'node:test';
import { twoFactorSessionsSuite } from '../test/support/two-factor-sessions-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_2fa_sessions');

twoFactorSessionsSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('one')).connectionString,
}));

after(() => schemas.dropAll());
